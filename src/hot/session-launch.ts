import type { UpdateReport } from './update-report.js';

/** How a session's app was started, as its launcher needs it. */
export interface LaunchConfig {
  /** Absolute path of the entry module. */
  readonly entry: string;
  readonly root: string;
  readonly conditions: readonly string[];
  readonly hmr: boolean;
  readonly cacheDir: string | false | undefined;
  /** The program's arguments: `process.argv` is `[node, entry, ...args]` in a worker or child. */
  readonly args: readonly string[];
  /** The environment of a worker or child (defaults to the host's). */
  readonly env: NodeJS.ProcessEnv | undefined;
  /** Node options of a worker or child (defaults to the host's). */
  readonly execArgv: readonly string[] | undefined;
}

/** How an app's thread or process ended. */
export interface AppExit {
  /** The exit code; `null` when a signal ended a child process. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** What a running app tells its session. */
export interface AppListeners {
  /** An update the app's engine made. */
  onReport(report: UpdateReport): void;
  /** A custom event of the app's `import.meta.hot.send()`. */
  onCustom(event: string, data: unknown): void;
  /** A line of the app's engine's logger. */
  onLog(level: 'info' | 'warn' | 'error' | 'debug', message: string): void;
  /** The app's thread or process ended by itself (not through `stop()`). */
  onExit(exit: AppExit): void;
}

/** One launch of a session's app, wherever it runs. */
export interface LaunchedApp {
  /** Resolves when the entry loaded (and its files are watched); rejects with the error when it failed. */
  readonly started: Promise<void>;
  /** A custom event for the app's `import.meta.hot.on()` listeners. */
  send(event: string, data?: unknown): void;
  /**
   * Reloads the app in place, when it can (in-process): every module is disposed and the
   * entry imported again. Rejects with the error when the entry failed to load.
   */
  reload?(reason: string): Promise<void>;
  /**
   * Runs the app's dispose handlers and ends it, waiting at most `timeoutMs` for them
   * before ending it anyway (where it runs in its own thread or process).
   */
  stop(timeoutMs: number): Promise<void>;
}

/**
 * The built script `name` that starts an app in a worker or child process: next to this
 * file in `dist/`. Running from the sources (tests, tsx), it is the one in `dist/` too: a
 * worker or a child runs plain JavaScript.
 */
export function launchScript(name: 'session-worker-entry' | 'session-child-entry'): URL {
  return import.meta.url.endsWith('.ts')
    ? new URL(`../../dist/hot/${name}.js`, import.meta.url)
    : new URL(`./${name}.js`, import.meta.url);
}

/**
 * Options of the host's command line that say what the host runs, not how: a worker or a
 * child given them would run the host's `-e` code, or refuse its script (`--input-type`).
 */
const HOST_ONLY_OPTIONS = new Set([
  '-e',
  '--eval',
  '-p',
  '--print',
  '-c',
  '--check',
  '-i',
  '--interactive',
  '--input-type',
  '--test',
  '--watch',
  '--watch-path',
  '--watch-preserve-output',
]);
/** The options of {@link HOST_ONLY_OPTIONS} whose value may be the next argument. */
const WITH_VALUE = new Set(['-e', '--eval', '-p', '--print', '--input-type', '--watch-path']);

/**
 * Node's options for a worker or child: the host's (or those given), without those that
 * only make sense for the host's own command line, and the export conditions.
 */
export function launchExecArgv(config: LaunchConfig): string[] {
  const options: string[] = [];
  const given = config.execArgv ?? process.execArgv;
  for (let i = 0; i < given.length; i++) {
    const option = given[i]!;
    const name = option.includes('=') ? option.slice(0, option.indexOf('=')) : option;
    if (!HOST_ONLY_OPTIONS.has(name)) options.push(option);
    else if (name === option && WITH_VALUE.has(name)) i++;
  }
  return [...options, ...config.conditions.map((condition) => `--conditions=${condition}`)];
}
