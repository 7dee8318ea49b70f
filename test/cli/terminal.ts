import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { type Exit, type Project, poll, saveUntil } from './helpers.js';

const cliPath = fileURLToPath(new URL('../../bin/hot-node.js', import.meta.url));

/** `package.json` of the projects the terminal tests run. */
export const modulePackage = '{ "type": "module" }\n';

/**
 * A program that prints a line per version (its pid first, with `printPid`) and stays alive,
 * with a timer its dispose handler stops.
 */
export function versionProgram(version: string, options: { printPid?: boolean } = {}): string {
  return [
    ...(options.printPid ? ["console.log('pid ' + process.pid);"] : []),
    `console.log('version ${version}');`,
    'const timer = setInterval(() => {}, 1000);',
    'import.meta.hot?.accept();',
    'import.meta.hot?.dispose(() => clearInterval(timer));',
    '',
  ].join('\n');
}

/** hot-node on a terminal: `script` gives it one; its output (stdout and stderr) comes back as one stream. */
export interface TerminalCli {
  output(): string;
}

/**
 * Registers the cleanup of the terminals a test file starts; call once at the top of the file.
 * The program must print its pid (`versionProgram(v, { printPid: true })`): the terminal's end
 * hangs its processes up, and the worker is killed all the same.
 */
export function useTerminals(): {
  startInTerminal(app: Project, args: readonly string[], env?: NodeJS.ProcessEnv): TerminalCli;
} {
  const terminals: Array<{ child: ChildProcess; exited: Promise<Exit>; output(): string }> = [];
  afterEach(async () => {
    for (const terminal of terminals.splice(0)) {
      if (terminal.child.exitCode === null && terminal.child.signalCode === null)
        terminal.child.kill('SIGKILL');
      await terminal.exited;
      for (const pid of terminal.output().matchAll(/^pid (\d+)\r?$/gm)) {
        try {
          process.kill(Number(pid[1]), 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
  });
  return {
    startInTerminal(app, args, extraEnv = {}) {
      const command = [process.execPath, cliPath, ...args].map(shellQuote).join(' ');
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        NO_COLOR: '1',
        TERM: 'xterm-256color',
        HOT_NODE_CACHE_DIR: path.join(app.root, '.cache'),
      };
      delete env.NODE_OPTIONS;
      delete env.FORCE_COLOR;
      Object.assign(env, extraEnv);
      const child = spawn('script', ['-qfec', command, '/dev/null'], {
        cwd: app.root,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = new Promise<Exit>((resolve) =>
        child.on('exit', (code, signal) => resolve({ code, signal })),
      );
      let output = '';
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      const terminal = { child, exited, output: () => output };
      terminals.push(terminal);
      return terminal;
    },
  };
}

function shellQuote(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`;
}

/**
 * Waits for `main.ts` (a {@link versionProgram}) to start, edits it once, and resolves with
 * the update's line (colours and all) once it is out.
 */
export async function editOnce(app: Project, output: () => string): Promise<string> {
  await poll(
    () => (output().includes('version 1') ? true : undefined),
    () => `the program did not start\n${output()}`,
  );
  await saveUntil(app, 'main.ts', versionProgram('2', { printPid: true }), () =>
    output().includes('version 2'),
  );
  return poll(
    () =>
      output()
        .split(/\r?\n/)
        .find((line) => line.includes('hot update ')),
    () => `no update line\n${output()}`,
  );
}
