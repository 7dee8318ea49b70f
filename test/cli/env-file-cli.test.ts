import { describe, expect, it } from 'vitest';
import { type Cli, poll, saveUntil, useCli } from './helpers.js';

const { project, start } = useCli();

/** Prints its pid and the greeting its import read at top level; stays alive and takes its own updates. */
const files = (env: string) => ({
  'package.json': '{ "type": "module" }\n',
  '.env': env,
  'greeting.ts': "export const greeting = process.env.GREETING ?? 'unset';\n",
  'main.ts': [
    "import { greeting } from './greeting.ts';",
    "console.log('pid ' + process.pid);",
    "console.log('greeting ' + greeting);",
    'const timer = setInterval(() => {}, 1000);',
    'import.meta.hot?.accept();',
    'import.meta.hot?.dispose(() => clearInterval(timer));',
    '',
  ].join('\n'),
});

/** The output of an ended process: its last chunks may come after its exit. */
async function finalOutput(cli: Cli, stream: 'stdout' | 'stderr', pattern: RegExp): Promise<string> {
  await cli.exited;
  const output = () => (stream === 'stdout' ? cli.stdout() : cli.stderr());
  await poll(
    () => (pattern.test(output()) ? true : undefined),
    () => `no ${pattern} on ${stream}: ${output()}`,
  );
  return output();
}

describe('--env-file', () => {
  it('applies an edit of the file in the same process: the modules that read the variable run again', async () => {
    const app = project(files('GREETING=hello\n'));
    const cli = start(app, ['--env-file', '.env', 'main.ts']);
    await cli.waitFor(/greeting hello/);

    await saveUntil(app, '.env', 'GREETING=bonjour\n', () => cli.stdout().includes('greeting bonjour'));

    await cli.waitFor(/\[hot-node\] env \.env: GREETING changed \(2 modules re-run\)/, 'stderr');
    const pids = new Set(cli.stdout().match(/^pid \d+$/gm));
    expect(pids.size).toBe(1);
  });

  it('leaves a variable of the real environment as it is, as node does', async () => {
    const app = project(files('GREETING=hello\n'));
    const cli = start(app, ['--env-file', '.env', 'main.ts'], { env: { GREETING: 'from the shell' } });
    await cli.waitFor(/greeting from the shell/);
  });

  it('reports a line that is not KEY=value with the file and line, and loads the others', async () => {
    const app = project(files('# greeting\noops\nGREETING=hello\n'));
    const cli = start(app, ['--env-file', '.env', 'main.ts']);
    await cli.waitFor(/greeting hello/);
    // stderr is another pipe: its line may come after the program's output.
    await cli.waitFor(/^\[hot-node\] \.env:2: not KEY=value, ignored: oops$/m, 'stderr');
  });

  it('exits with code 9 when the file does not exist, as node does', async () => {
    const app = project(files('GREETING=hello\n'));
    const cli = start(app, ['--env-file', 'missing.env', 'main.ts']);
    expect(await cli.exited).toEqual({ code: 9, signal: null });
    // Node itself may say it first: it looks at every --env-file of the command line.
    await finalOutput(cli, 'stderr', /missing\.env: not found/);
    expect(cli.stdout()).toBe('');
  });

  it('--env-file-if-exists runs without the file when it is missing', async () => {
    const app = project(files(''));
    const cli = start(app, ['--env-file-if-exists', 'missing.env', 'main.ts']);
    await cli.waitFor(/greeting unset/);
  });

  it('loads the file with --no-hmr too', async () => {
    const app = project({
      'package.json': '{ "type": "module" }\n',
      '.env': 'GREETING=once\n',
      'main.ts': 'console.log(process.env.GREETING);\n',
    });
    const cli = start(app, ['--no-hmr', '--env-file', '.env', 'main.ts']);
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(await finalOutput(cli, 'stdout', /once/)).toBe('once\n');
  });
});
