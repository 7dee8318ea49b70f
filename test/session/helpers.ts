import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { createSession, type HotSession, type HotSessionOptions } from '../../src/hot/hot-session.js';
import type { UpdateReport } from '../../src/hot/update-report.js';
import { type CapturingLogger, capturingLogger } from '../hot/helpers.js';
import { type Exit, poll } from '../support/waiting.js';

/** How long a test waits for what a session should do in a few milliseconds. */
export const WAIT_MS = 8_000;

/** A temporary project folder. */
export interface SessionProject {
  /** Real path (symlinks resolved). */
  readonly root: string;
  file(relative: string): string;
  write(files: Record<string, string>): void;
  read(relative: string): string | undefined;
}

/** A session under test, with what it emitted. */
export interface SessionUnderTest {
  readonly session: HotSession;
  readonly logger: CapturingLogger;
  /** Every `update` report so far. */
  readonly reports: UpdateReport[];
  /** Resolves with the next `update` report from now on (rejects after {@link WAIT_MS}). */
  nextReport(): Promise<UpdateReport>;
  /** Every payload of the custom event `event` the app sent since the session was created. */
  received(event: string): unknown[];
}

/**
 * Registers the cleanup of the sessions, folders and processes a test file creates;
 * call once at the top of the file.
 */
export function useSessions(): {
  project(files: Record<string, string>): SessionProject;
  session(project: SessionProject, options: Omit<HotSessionOptions, 'root' | 'logger'>): SessionUnderTest;
  spawnNode(script: string, cwd: string): { child: ChildProcess; exited: Promise<Exit>; output(): string };
} {
  const sessions: HotSession[] = [];
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((session) => session.close()));
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  });
  return {
    project(files) {
      const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hot-node-session-')));
      dirs.push(root);
      const project: SessionProject = {
        root,
        file: (relative) => path.join(root, relative),
        write(tree) {
          for (const [relative, content] of Object.entries(tree)) {
            fs.mkdirSync(path.dirname(project.file(relative)), { recursive: true });
            fs.writeFileSync(project.file(relative), content);
          }
        },
        read(relative) {
          try {
            return fs.readFileSync(project.file(relative), 'utf8');
          } catch {
            return undefined;
          }
        },
      };
      project.write({ 'package.json': JSON.stringify({ type: 'module' }), ...files });
      return project;
    },
    session(project, options) {
      const logger = capturingLogger();
      const session = createSession({
        cacheDir: path.join(project.root, '.cache'),
        ...options,
        root: project.root,
        logger,
      });
      sessions.push(session);
      const reports: UpdateReport[] = [];
      let taken = 0;
      session.on('update', (report) => reports.push(report));
      const customs = new Map<string, unknown[]>();
      const received = (event: string): unknown[] => {
        let list = customs.get(event);
        if (!list) {
          customs.set(event, (list = []));
          session.on(event, (data) => list!.push(data));
        }
        return list;
      };
      return {
        session,
        logger,
        reports,
        received,
        nextReport: () =>
          poll(
            () => (reports.length > taken ? reports[taken++] : undefined),
            () => `no update report within ${WAIT_MS} ms; log:\n${logText(logger)}`,
            WAIT_MS,
          ),
      };
    },
    spawnNode(script, cwd) {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let output = '';
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      const exited = new Promise<Exit>((resolve) =>
        child.on('exit', (code, signal) => resolve({ code, signal })),
      );
      return { child, exited, output: () => output };
    },
  };
}

/** The logger's lines, for failure messages. */
export function logText(logger: CapturingLogger): string {
  return logger.calls.map((call) => `${call.level}: ${call.message}`).join('\n');
}

/** GET `http://127.0.0.1:<port><pathname>` on a new connection: the body, or the error's code. */
export function get(port: number, pathname = '/'): Promise<string> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: pathname, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(body));
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve(`error ${error.code ?? error.message}`));
    request.setTimeout(WAIT_MS, () => request.destroy(Object.assign(new Error(), { code: 'TIMEOUT' })));
  });
}

/** Resolves when the app answers `/ping` (it may still be about to listen). */
export async function serving(port: number): Promise<void> {
  await waitFor(
    async () => ((await get(port, '/ping')) === 'pong' ? true : undefined),
    () => `nothing serves on port ${port}`,
  );
}

/** Calls `probe` until it returns something other than `undefined` (`null`: never will). */
export function waitFor<T>(
  probe: () => T | null | undefined | Promise<T | null | undefined>,
  describe: () => string,
): Promise<T> {
  return poll(probe, describe, WAIT_MS);
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
