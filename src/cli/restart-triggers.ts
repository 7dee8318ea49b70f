import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FSWatcher } from 'chokidar';

/** Files whose change means new dependencies or new compiler settings: only a new process takes them. */
const RESTART_FILES = ['package.json', 'tsconfig.json', 'package-lock.json', 'pnpm-lock.yaml', 'yarn.lock'];

/**
 * The paths whose change restarts the process: the configuration files of the working
 * folder and of the entry's package, and the `--watch` paths. Files that do not exist yet
 * are watched too: the first `npm install` creates the lockfile, and that is a change.
 */
export function restartPaths(entry: string, watch: readonly string[], root: string): string[] {
  const folders = new Set([root, packageRoot(path.resolve(root, entry)) ?? root]);
  const files = [...folders].flatMap((folder) => RESTART_FILES.map((name) => path.join(folder, name)));
  return [...files, ...watch.map((p) => path.resolve(root, p))];
}

/** Options of {@link watchRestartTriggers}. */
export interface RestartTriggerOptions {
  readonly paths: readonly string[];
  readonly ignored: (file: string) => boolean;
  /** Called once per burst of changes, with a changed path. */
  readonly onChange: (file: string) => void;
}

/** Quiet time after the last event of a burst (`npm install` writes several files). */
const BURST_MS = 50;

/** Watches the restart triggers (chokidar is loaded here, after the program's process started). */
export async function watchRestartTriggers(options: RestartTriggerOptions): Promise<FSWatcher | undefined> {
  if (options.paths.length === 0) return undefined;
  const { watch } = await import('chokidar');
  const watcher = watch([...options.paths], {
    ignoreInitial: true,
    persistent: false,
    ignored: (file) => options.ignored(file) || file.includes(`${path.sep}node_modules${path.sep}`),
  });
  let timer: NodeJS.Timeout | undefined;
  watcher.on('all', (_event, file) => {
    clearTimeout(timer);
    timer = setTimeout(() => options.onChange(file), BURST_MS);
  });
  watcher.on('error', () => {
    // A watched folder that disappeared: nothing to restart for.
  });
  return watcher;
}

function packageRoot(file: string): string | undefined {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}
