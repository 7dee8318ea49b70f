import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type GroupProcess, killGroup, spawnInGroup } from '../support/process-group.js';
import { type Project, poll, saveUntil, useCli } from './helpers.js';

const { project, start } = useCli();

const cliPath = fileURLToPath(new URL('../../bin/hot-node.js', import.meta.url));
const ESC = '\x1b[';
const pkg = '{ "type": "module" }\n';
const program = (version: string) =>
  [
    `console.log('version ${version}');`,
    'const timer = setInterval(() => {}, 1000);',
    'import.meta.hot?.accept();',
    'import.meta.hot?.dispose(() => clearInterval(timer));',
    '',
  ].join('\n');

/** hot-node inside a pseudo-terminal (util-linux `script`): its stdout and stderr are a terminal. */
interface InTerminal extends GroupProcess {
  output(): string;
}

const terminals: InTerminal[] = [];
afterEach(async () => {
  for (const terminal of terminals.splice(0)) {
    // `script` runs the command in a session of its own: stop that session's group too.
    for (const pid of childrenOf(terminal.child.pid)) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
    await killGroup(terminal);
  }
});

function childrenOf(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map(Number);
  } catch {
    return [];
  }
}

function startInTerminal(app: Project, env: NodeJS.ProcessEnv): InTerminal {
  const quote = (word: string): string => `'${word.replaceAll("'", `'\\''`)}'`;
  const command = ['exec', process.execPath, cliPath, 'main.ts'].map(quote).join(' ');
  const processEnv: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color', ...env };
  delete processEnv.FORCE_COLOR;
  delete processEnv.NODE_OPTIONS;
  const started = spawnInGroup('script', ['-qfec', command, '/dev/null'], {
    cwd: app.root,
    env: processEnv,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  started.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const terminal: InTerminal = { ...started, output: () => output };
  terminals.push(terminal);
  return terminal;
}

async function updateLineIn(app: Project, output: () => string): Promise<string> {
  await poll(
    () => output().includes('version 1') || undefined,
    () => `the program did not start:\n${output()}`,
  );
  await saveUntil(app, 'main.ts', program('2'), () => output().includes('version 2'));
  return poll(
    () =>
      output()
        .split(/\r?\n/)
        .find((line) => line.includes('hot update')),
    () => `no update line:\n${output()}`,
  );
}

describe('colours in what hot-node prints', () => {
  it('colours the prefix and the outcome of an update line on a colour terminal', async () => {
    const app = project({ 'package.json': pkg, 'main.ts': program('1') });
    const terminal = startInTerminal(app, { NO_COLOR: undefined });
    const line = await updateLineIn(app, terminal.output);
    expect(line).toContain(`${ESC}36m[hot-node]${ESC}39m`);
    expect(line).toContain(`${ESC}32mhot update ${ESC}39mmain.ts`);
  });

  it('prints no colour on a terminal when NO_COLOR is set', async () => {
    const app = project({ 'package.json': pkg, 'main.ts': program('1') });
    const terminal = startInTerminal(app, { NO_COLOR: '1' });
    const line = await updateLineIn(app, terminal.output);
    expect(line).toMatch(/^\[hot-node\] hot update main\.ts/);
    expect(terminal.output()).not.toContain(ESC);
  });

  it('prints no colour into a pipe', async () => {
    const app = project({ 'package.json': pkg, 'main.ts': program('1') });
    const cli = start(app, ['main.ts'], { env: { NO_COLOR: undefined } });
    const line = await updateLineIn(app, () => cli.stdout() + cli.stderr());
    expect(line).toMatch(/^\[hot-node\] hot update main\.ts/);
    expect(cli.stderr()).not.toContain(ESC);
  });

  it('colours a pipe when FORCE_COLOR asks for it', async () => {
    const app = project({ 'package.json': pkg, 'main.ts': program('1') });
    const cli = start(app, ['main.ts'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    const line = await updateLineIn(app, () => cli.stdout() + cli.stderr());
    expect(line).toContain(`${ESC}32mhot update ${ESC}39mmain.ts`);
  });
});
