import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { killGroup, spawnInGroup } from '../support/process-group.js';
import {
  type Exit,
  poll as pollUntil,
  resavedFor,
  saveUntil as saveUntilApplied,
  sleep,
} from '../support/waiting.js';

// The tests of this folder take all their helpers from here.
export { type Answer, freePort, get } from '../support/http-client.js';
export { type Exit, sleep };

const cliPath = fileURLToPath(new URL('../../bin/hot-node.js', import.meta.url));
const WAIT_TIMEOUT_MS = 15_000;
/** A save made before the watcher was ready is made again after this long. */
const RESAVE_AFTER_MS = 1_500;

/** `hot-node` running in a test. */
export interface Cli {
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout (or stderr), waiting for it. */
  waitFor(pattern: RegExp, stream?: 'stdout' | 'stderr'): Promise<RegExpExecArray>;
}

/** A temporary project folder. */
export interface Project {
  readonly root: string;
  file(relative: string): string;
  write(relative: string, content: string): void;
}

/**
 * Registers the cleanup of the processes and folders a test file creates; call once at the
 * top of the file.
 */
export function useCli(): {
  project(files: Record<string, string>): Project;
  start(
    project: Project,
    args: readonly string[],
    options?: { stdin?: 'pipe' | 'ignore'; env?: NodeJS.ProcessEnv },
  ): Cli;
} {
  const children: Cli[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const cli of children.splice(0)) {
      // The supervisor and its workers together: a worker would otherwise outlive it a moment.
      await killGroup(cli);
    }
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  });
  return {
    project(files) {
      const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hot-node-cli-')));
      dirs.push(root);
      const project: Project = {
        root,
        file: (relative) => path.join(root, relative),
        write(relative, content) {
          fs.mkdirSync(path.dirname(project.file(relative)), { recursive: true });
          fs.writeFileSync(project.file(relative), content);
        },
      };
      for (const [relative, content] of Object.entries(files)) project.write(relative, content);
      return project;
    },
    start(project, args, options = {}) {
      const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', HOT_NODE_CACHE_DIR: '' };
      delete env.NODE_OPTIONS;
      delete env.FORCE_COLOR;
      env.HOT_NODE_CACHE_DIR = path.join(project.root, '.cache');
      Object.assign(env, options.env);
      const { child, exited } = spawnInGroup(process.execPath, [cliPath, ...args], {
        cwd: project.root,
        env,
        stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      let ended = false;
      void exited.then(() => (ended = true));
      const cli: Cli = {
        child,
        exited,
        stdout: () => stdout,
        stderr: () => stderr,
        waitFor: (pattern, stream = 'stdout') =>
          poll(
            () => {
              const found = pattern.exec(stream === 'stdout' ? stdout : stderr);
              return found ?? (ended ? null : undefined);
            },
            () => `no ${pattern} on ${stream}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`,
          ),
      };
      children.push(cli);
      return cli;
    },
  };
}

/**
 * Writes `content` to a file, and again (with a different trailing comment) until `applied()`
 * says the program has it: the CLI does not say when its watcher is ready.
 */
export async function saveUntil(
  project: Project,
  relative: string,
  content: string,
  applied: () => boolean | Promise<boolean>,
): Promise<void> {
  await saveUntilApplied({
    write: (text) => project.write(relative, text),
    content,
    applied,
    describe: () => `the edit of ${relative} was not applied`,
    timeoutMs: WAIT_TIMEOUT_MS,
    resaveAfterMs: RESAVE_AFTER_MS,
    resaved: resavedFor(relative),
  });
}

/** Calls `probe` until it returns something other than `undefined`; `null` means never. */
export function poll<T>(
  probe: () => T | null | undefined | Promise<T | null | undefined>,
  describe: () => string,
  timeoutMs = WAIT_TIMEOUT_MS,
): Promise<T> {
  return pollUntil(probe, describe, timeoutMs);
}

/** A server that prints `pid <pid>` and `listening <port>`, closes in dispose, and takes its own updates. */
export function serverSource(options: { body?: string; accept?: boolean; onDispose?: string } = {}): string {
  return [
    "import { createServer } from 'node:http';",
    `const server = createServer((_req, res) => res.end(${JSON.stringify(options.body ?? 'v1')}));`,
    "server.listen(import.meta.hot?.data.port ?? Number(process.env.PORT ?? 0), '127.0.0.1', () => {",
    '  const { port } = server.address() as { port: number };',
    '  if (import.meta.hot) import.meta.hot.data.port = port;',
    "  console.log('pid ' + process.pid);",
    "  console.log('listening ' + port);",
    '});',
    options.accept === false ? '' : 'import.meta.hot?.accept();',
    'import.meta.hot?.dispose(async () => {',
    `  ${options.onDispose ?? ''}`,
    '  await new Promise<void>((resolve) => server.close(() => resolve()));',
    "  console.log('disposed');",
    '});',
    '',
  ].join('\n');
}
