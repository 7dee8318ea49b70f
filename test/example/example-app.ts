import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { type GroupProcess, killGroup, spawnInGroup } from '../support/process-group.js';
import { type Exit, poll, sleep } from '../support/waiting.js';

export { type Exit, poll, sleep };

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const cliPath = path.join(repoRoot, 'bin/hot-node.js');
const exampleDir = path.join(repoRoot, 'examples/ssr-app');
/** Copies live inside the repository so that `react` resolves from its node_modules; git ignores `.tmp/`. */
const copiesDir = path.join(repoRoot, 'examples/.tmp');

const START_TIMEOUT_MS = 15_000;
const EXIT_TIMEOUT_MS = 5_000;

/** A copy of the example app, running under `hot-node`. */
export interface RunningApp {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly pid: number | undefined;
  /** The path of a file of the copy, from its root (`src/routes/home.tsx`). */
  file(relative: string): string;
  stdout(): string;
  stderr(): string;
  /** Types `line` and Enter on hot-node's stdin (started with `stdin: 'pipe'`). */
  enter(line: string): void;
  /** Sends `signal` and waits for the process to end. */
  stop(signal: NodeJS.Signals): Promise<Exit>;
}

/** How to start the example, beyond what `npm run example` does. */
export interface StartOptions {
  /** hot-node options, after the `--env-file` of the copy's `.env` that `npm run example` passes. */
  readonly args?: readonly string[];
  /** Variables of the app's environment, over the test's (`PORT` is `0` unless set here). */
  readonly env?: NodeJS.ProcessEnv;
  /** `pipe` for a stdin that the test writes commands to ({@link RunningApp.enter}). */
  readonly stdin?: 'pipe' | 'ignore';
}

/**
 * Registers the cleanup of what the tests start (processes, copies of the example, cache
 * folders) and returns the way to start the example. Call once at the top of a test file.
 */
export function useExampleApp(): { start(options?: StartOptions): Promise<RunningApp> } {
  const started: GroupProcess[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const launched of started.splice(0)) await killGroup(launched);
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    try {
      fs.rmdirSync(copiesDir);
    } catch {
      // Not empty (another copy is in use) or already gone.
    }
  });
  return {
    async start(options = {}) {
      fs.mkdirSync(copiesDir, { recursive: true });
      const dir = fs.mkdtempSync(path.join(copiesDir, 'ssr-app-'));
      dirs.push(dir);
      fs.cpSync(exampleDir, dir, { recursive: true });
      const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hot-node-example-cache-'));
      dirs.push(cacheDir);
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        NO_COLOR: '1',
        PORT: '0',
        HOT_NODE_CACHE_DIR: cacheDir,
        ...options.env,
      };
      // The test runner's own settings must not leak into the program under test.
      delete env.NODE_OPTIONS;
      delete env.FORCE_COLOR;
      // As `npm run example` runs it, on the copy.
      const args = [cliPath, '--env-file', path.join(dir, '.env'), ...(options.args ?? [])];
      const launched = spawnInGroup(process.execPath, [...args, path.join(dir, 'src/server.tsx')], {
        cwd: repoRoot,
        env,
        stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
      });
      const { child, exited } = launched;
      started.push(launched);
      let stdout = '';
      let stderr = '';
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      let ended = false;
      void exited.then(() => (ended = true));
      const url = await poll(
        async () => (ended ? null : /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1]),
        () => `the app did not start\n--- stdout\n${stdout}\n--- stderr\n${stderr}`,
        START_TIMEOUT_MS,
      );
      return {
        url,
        pid: child.pid,
        file: (relative) => path.join(dir, relative),
        stdout: () => stdout,
        stderr: () => stderr,
        enter(line) {
          if (!child.stdin) throw new Error("the app's stdin is not a pipe: start it with stdin: 'pipe'");
          child.stdin.write(`${line}\n`);
        },
        async stop(signal) {
          child.kill(signal);
          await poll(
            async () => (ended ? true : undefined),
            () => `the app did not end on ${signal}`,
            EXIT_TIMEOUT_MS,
          );
          return exited;
        },
      };
    },
  };
}
