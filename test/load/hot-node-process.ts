import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Exit } from '../support/waiting.js';

const cliPath = fileURLToPath(new URL('../../bin/hot-node.js', import.meta.url));
const STOP_TIMEOUT_MS = 10_000;

/** A line hot-node or the program wrote, and when this process read it (`performance.now()`). */
export interface Line {
  readonly text: string;
  readonly at: number;
}

export type Stream = 'stdout' | 'stderr';

/** `hot-node` running a program, its output kept line by line. */
export interface HotNodeProcess {
  readonly pid: number | undefined;
  lines(stream: Stream): readonly Line[];
  /**
   * Resolves with the index of the first line of `stream` from `from` on that `matches`;
   * rejects after `timeoutMs` or when the process ends.
   */
  waitForLine(
    stream: Stream,
    from: number,
    matches: (text: string) => boolean,
    timeoutMs: number,
  ): Promise<number>;
  /** SIGTERM, then SIGKILL if it is still there after a while. */
  stop(): Promise<Exit>;
}

/**
 * Starts `node bin/hot-node.js [args...] <entry>` in `cwd`, with stdin piped, color off and a
 * transform cache of its own (removed by `stop()`).
 */
export function startHotNode(entry: string, args: readonly string[], cwd: string): HotNodeProcess {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hot-node-load-cache-'));
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', PORT: '0', HOT_NODE_CACHE_DIR: cacheDir };
  // The test runner's own settings must not leak into the program under test.
  delete env.NODE_OPTIONS;
  delete env.FORCE_COLOR;
  const child = spawn(process.execPath, [cliPath, ...args, entry], {
    cwd,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<Exit>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  let ended = false;
  const events = new EventEmitter();
  void exited.then(() => {
    ended = true;
    events.emit('line');
  });
  const output: Record<Stream, Line[]> = { stdout: [], stderr: [] };
  for (const stream of ['stdout', 'stderr'] as const) collectLines(child, stream, output[stream], events);
  child.stdin!.on('error', () => {
    // The process is gone: what was typed is lost, as it would be in a terminal.
  });

  return {
    pid: child.pid,
    lines: (stream) => output[stream],
    waitForLine(stream, from, matches, timeoutMs) {
      return new Promise((resolve, reject) => {
        let next = from;
        const check = (): void => {
          const lines = output[stream];
          for (; next < lines.length; next++) {
            if (matches(lines[next]!.text)) {
              const found = next;
              finish(() => resolve(found));
              return;
            }
          }
          if (ended) finish(() => reject(new Error(`hot-node ended while waiting on ${stream}`)));
        };
        const timer = setTimeout(
          () => finish(() => reject(new Error(`no such line on ${stream} within ${timeoutMs} ms`))),
          timeoutMs,
        );
        const finish = (settle: () => void): void => {
          clearTimeout(timer);
          events.off('line', check);
          settle();
        };
        events.on('line', check);
        check();
      });
    },
    async stop() {
      if (!ended) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(killer);
      }
      fs.rmSync(cacheDir, { recursive: true, force: true, maxRetries: 5 });
      return exited;
    },
  };
}

function collectLines(child: ChildProcess, stream: Stream, lines: Line[], events: EventEmitter): void {
  let partial = '';
  child[stream]!.setEncoding('utf8').on('data', (chunk: string) => {
    const at = performance.now();
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    for (const text of parts) lines.push({ text, at });
    if (parts.length > 0) events.emit('line');
  });
}
