import { describe, expect, it } from 'vitest';
import { useCli } from './helpers.js';

const { project, start } = useCli();

const pkg = '{ "type": "module" }\n';

describe('the program under the supervisor', () => {
  it("sees its arguments unchanged in process.argv, and its exit code is the process's", async () => {
    const app = project({
      'package.json': pkg,
      'main.ts': 'console.log(JSON.stringify(process.argv));\nprocess.exitCode = 3;\n',
    });
    const cli = start(app, ['main.ts', 'a', '--inspect', '-C', 'b']);
    expect(await cli.exited).toEqual({ code: 3, signal: null });
    expect(JSON.parse(cli.stdout())).toEqual([
      process.execPath,
      app.file('main.ts'),
      'a',
      '--inspect',
      '-C',
      'b',
    ]);
  });

  it('gets the Node options given before the entry: --expose-gc', async () => {
    const app = project({ 'package.json': pkg, 'main.ts': 'console.log(typeof gc);\n' });
    const cli = start(app, ['--expose-gc', 'main.ts']);
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(cli.stdout()).toBe('function\n');
  });

  it('gets Node options with their value as the next argument: --require', async () => {
    const app = project({
      'package.json': pkg,
      'preload.cjs': 'globalThis.preloaded = true;\n',
      'main.ts': 'console.log((globalThis as { preloaded?: boolean }).preloaded);\n',
    });
    const cli = start(app, ['--require', './preload.cjs', 'main.ts']);
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(cli.stdout()).toBe('true\n');
  });

  it('gets Node options with --no-hmr too: --max-old-space-size', async () => {
    const app = project({
      'package.json': pkg,
      'main.ts': "console.log(process.execArgv.includes('--max-old-space-size=200'));\n",
    });
    const cli = start(app, ['--no-hmr', '--max-old-space-size=200', 'main.ts']);
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(cli.stdout()).toBe('true\n');
  });
});
