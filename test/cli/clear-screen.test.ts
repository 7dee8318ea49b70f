import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type Exit, type Project, poll, saveUntil, useCli } from './helpers.js';

const { project, start } = useCli();

const cliPath = fileURLToPath(new URL('../../bin/hot-node.js', import.meta.url));
/** What hot-node writes to clear the terminal: erase the screen and the scrollback, cursor home. */
const CLEAR = '\x1b[2J\x1b[3J\x1b[H';

const pkg = '{ "type": "module" }\n';
const program = (version: string) =>
  [
    "console.log('pid ' + process.pid);",
    `console.log('version ${version}');`,
    'const timer = setInterval(() => {}, 1000);',
    'import.meta.hot?.accept();',
    'import.meta.hot?.dispose(() => clearInterval(timer));',
    '',
  ].join('\n');

/** hot-node on a terminal: `script` gives it one; its output (stdout and stderr) comes back as one stream. */
interface TerminalCli {
  output(): string;
}

const terminals: Array<{ child: ChildProcess; exited: Promise<Exit>; output(): string }> = [];

afterEach(async () => {
  for (const terminal of terminals.splice(0)) {
    if (terminal.child.exitCode === null && terminal.child.signalCode === null)
      terminal.child.kill('SIGKILL');
    await terminal.exited;
    // The terminal's end hangs its processes up; the worker's pid is killed all the same.
    for (const pid of terminal.output().matchAll(/^pid (\d+)\r?$/gm)) {
      try {
        process.kill(Number(pid[1]), 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
});

function startInTerminal(app: Project, args: readonly string[]): TerminalCli {
  const command = [process.execPath, cliPath, ...args].map(shellQuote).join(' ');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: '1',
    HOT_NODE_CACHE_DIR: path.join(app.root, '.cache'),
  };
  delete env.NODE_OPTIONS;
  delete env.FORCE_COLOR;
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
}

function shellQuote(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`;
}

/** Starts `main.ts`, edits it once, and resolves when the update's line is out. */
async function editOnce(app: Project, output: () => string): Promise<void> {
  await poll(
    () => (output().includes('version 1') ? true : undefined),
    () => `the program did not start\n${output()}`,
  );
  await saveUntil(app, 'main.ts', program('2'), () => output().includes('version 2'));
  await poll(
    () => (output().includes('[hot-node] hot update main.ts') ? true : undefined),
    () => `no update line\n${output()}`,
  );
}

describe('--clear-screen', () => {
  it('clears the terminal right before the line of an update, not before the start', async () => {
    const app = project({ 'package.json': pkg, 'main.ts': program('1') });
    const terminal = startInTerminal(app, ['--clear-screen', 'main.ts']);
    await editOnce(app, terminal.output);
    const output = terminal.output();
    expect(output).toContain(`${CLEAR}[hot-node] hot update main.ts`);
    expect(output.indexOf(CLEAR)).toBeGreaterThan(output.indexOf('version 1'));
  });

  it('never clears a terminal without the option', async () => {
    const app = project({ 'package.json': pkg, 'main.ts': program('1') });
    const terminal = startInTerminal(app, ['main.ts']);
    await editOnce(app, terminal.output);
    expect(terminal.output()).not.toContain('\x1b[2J');
  });

  it('never clears when stderr is not a terminal, even with the option', async () => {
    const app = project({ 'package.json': pkg, 'main.ts': program('1') });
    const cli = start(app, ['--clear-screen', 'main.ts']);
    await editOnce(app, () => cli.stdout() + cli.stderr());
    expect(cli.stderr()).not.toContain('\x1b[2J');
  });
});
