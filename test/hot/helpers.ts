import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach } from 'vitest';
import { HotEngine, type HotEngineOptions } from '../../src/hot/hot-engine.js';
import type { HotLogger } from '../../src/hot/hot-logger.js';
import type { UpdateReport } from '../../src/hot/update-report.js';
import type { HotPayload } from '../../src/transport/hot-payload.js';
import {
  createInProcessTransport,
  type InProcessTransport,
} from '../../src/transport/in-process-transport.js';

/** Files of a project by relative path; objects are written as JSON. */
export type FileTree = Record<string, string | object>;

/** A real project folder under the OS temp folder, removed after the test. */
export interface HotProject {
  /** Real path (symlinks resolved), as the engine reports it. */
  readonly root: string;
  file(relative: string): string;
  url(relative: string): string;
  write(files: FileTree): void;
  remove(relative: string): void;
}

/** One call of the capturing logger. */
export interface LogCall {
  readonly level: 'info' | 'warn' | 'error' | 'debug';
  readonly message: string;
}

/** A logger that records every call, for the tests to read. */
export interface CapturingLogger extends HotLogger {
  readonly calls: LogCall[];
}

/** An engine under test, its logger, and what its transport was sent. */
export interface EngineUnderTest {
  readonly engine: HotEngine;
  readonly logger: CapturingLogger;
  readonly transport: InProcessTransport;
  /** Payloads the engine sent to its transport, in order. */
  readonly payloads: HotPayload[];
  /** Writes `files` into the project and applies them with `engine.update()`. */
  edit(files: FileTree): Promise<UpdateReport>;
}

export interface EngineOptions extends Omit<HotEngineOptions, 'transport' | 'logger' | 'root'> {
  /** Use the real file watcher (default: off, updates come only from `engine.update()`). */
  readonly watch?: boolean;
  /** The watcher's quiet time after a save before it reports the change (its `debounceMs`). */
  readonly watchQuietMs?: number;
}

declare global {
  /** What the modules under test observed, in order. */
  var __log: string[];
}

/**
 * Registers the cleanup of what a test creates (engines, temp projects, the global log) and
 * returns the factories. Call once at the top of a test file.
 */
export function useHotFixtures(): {
  project(files?: FileTree): HotProject;
  engine(project: HotProject, options?: EngineOptions): EngineUnderTest;
  /** What the modules pushed to `globalThis.__log` so far. */
  log(): string[];
} {
  const dirs: string[] = [];
  const engines: HotEngine[] = [];
  let globalsBefore = new Set<string>();
  beforeEach(() => {
    globalsBefore = new Set(Object.keys(globalThis));
    globalThis.__log = [];
  });
  afterEach(async () => {
    await Promise.all(engines.splice(0).map((engine) => engine.close()));
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    // What the modules under test left on globalThis (`__log`, `__read`, ...) goes with the test.
    for (const key of Object.keys(globalThis)) {
      if (key.startsWith('__') && !globalsBefore.has(key))
        delete (globalThis as Record<string, unknown>)[key];
    }
  });
  return {
    project(files = {}) {
      const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hot-node-hot-')));
      dirs.push(root);
      const project: HotProject = {
        root,
        file: (relative) => path.join(root, relative),
        url: (relative) => pathToFileURL(path.join(root, relative)).href,
        write: (tree) => writeTree(root, tree),
        remove: (relative) => fs.rmSync(path.join(root, relative), { force: true }),
      };
      project.write({ 'package.json': { type: 'module' }, ...files });
      return project;
    },
    engine(project, options = {}) {
      const { watch = false, watchQuietMs, ...engineOptions } = options;
      const payloads: HotPayload[] = [];
      const transport = createInProcessTransport({
        watch,
        onPayload: (payload) => payloads.push(payload),
        ...(watchQuietMs !== undefined ? { debounceMs: watchQuietMs, maxDelayMs: watchQuietMs } : {}),
      });
      const logger = capturingLogger();
      const engine = new HotEngine({
        ...engineOptions,
        root: project.root,
        cacheDir: false,
        logger,
        transport,
      });
      engines.push(engine);
      return {
        engine,
        logger,
        transport,
        payloads,
        edit(files) {
          project.write(files);
          return engine.update(Object.keys(files).map((relative) => project.file(relative)));
        },
      };
    },
    log: () => globalThis.__log,
  };
}

export function capturingLogger(): CapturingLogger {
  const calls: LogCall[] = [];
  return {
    calls,
    info: (message) => calls.push({ level: 'info', message }),
    warn: (message) => calls.push({ level: 'warn', message }),
    error: (message) => calls.push({ level: 'error', message }),
    debug: (message) => calls.push({ level: 'debug', message }),
  };
}

function writeTree(root: string, files: FileTree): void {
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
}

/** Source lines joined into a file's content. */
export function lines(...source: string[]): string {
  return `${source.join('\n')}\n`;
}

/**
 * The reports of the `update` events the engine emits from now on: `next()` waits for the
 * next one (rejecting after `timeoutMs`), `all` holds every one seen.
 */
export function collectUpdates(
  engine: HotEngine,
  timeoutMs = 5_000,
): { readonly all: UpdateReport[]; next(): Promise<UpdateReport>; stop(): void } {
  const all: UpdateReport[] = [];
  let taken = 0;
  const waiters: Array<() => void> = [];
  const listener = (report: UpdateReport): void => {
    all.push(report);
    for (const wake of waiters.splice(0)) wake();
  };
  engine.on('update', listener);
  return {
    all,
    async next() {
      const deadline = Date.now() + timeoutMs;
      while (all.length <= taken) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no update event within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return all[taken++]!;
    },
    stop: () => engine.off('update', listener),
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A TCP port of 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** What a promise rejected with (fails the test when it fulfils). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject');
}

/** An error as the engine reports it: located errors carry `loc` and a code frame. */
export type ReportedError = Error & {
  code?: string;
  loc?: { file: string; line: number; column: number };
  frame?: string;
};

/** The error of the report's `index`-th entry (throws when there is none, failing the test). */
export function reportedError(report: UpdateReport, index = 0): ReportedError {
  const entry = report.errors[index];
  if (!entry) throw new Error(`the report has no error #${index}: ${JSON.stringify(report.errors)}`);
  return entry.error as ReportedError;
}
