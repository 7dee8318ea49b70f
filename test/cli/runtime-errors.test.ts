import { describe, expect, it } from 'vitest';
import { get, saveUntil, serverSource, useCli } from './helpers.js';

const { project, start } = useCli();

const pkg = '{ "type": "module" }\n';
const throwLater = "setTimeout(() => { throw new Error('boom at run time'); }, 10);\n";
const rejectLater = "setTimeout(() => Promise.reject(new Error('rejected at run time')), 10);\n";

describe('errors of the program at run time', () => {
  it('an uncaught exception is printed and the process waits for the fix', async () => {
    const app = project({ 'package.json': pkg, 'server.ts': serverSource(), 'crash.ts': throwLater });
    const cli = start(app, ['server.ts']);
    const port = Number((await cli.waitFor(/listening (\d+)/))[1]);
    await saveUntil(app, 'server.ts', `import './crash.js';\n${serverSource()}`, () =>
      cli.stderr().includes('boom'),
    );
    await cli.waitFor(/Error: boom at run time[\s\S]*\[hot-node\] waiting for file changes\n/, 'stderr');
    expect(await get(port)).toEqual({ body: 'v1' });
    await saveUntil(app, 'server.ts', serverSource({ body: 'v2' }), async () => {
      const response = await get(port);
      return 'body' in response && response.body === 'v2';
    });
    expect(cli.child.exitCode).toBe(null);
  });

  it('an unhandled rejection is printed and the process stays alive', async () => {
    const app = project({
      'package.json': pkg,
      'server.ts': `import './crash.js';\n${serverSource()}`,
      'crash.ts': rejectLater,
    });
    const cli = start(app, ['server.ts']);
    const port = Number((await cli.waitFor(/listening (\d+)/))[1]);
    await cli.waitFor(/Error: rejected at run time[\s\S]*waiting for file changes/, 'stderr');
    expect(await get(port)).toEqual({ body: 'v1' });
  });

  it('a program with nothing left to run stays alive after the error, and runs the fix', async () => {
    const app = project({ 'package.json': pkg, 'main.ts': throwLater });
    const cli = start(app, ['main.ts']);
    await cli.waitFor(/waiting for file changes/, 'stderr');
    await saveUntil(app, 'main.ts', "console.log('fixed');\n", () => cli.stdout().includes('fixed'));
  });

  it('with --no-hmr an uncaught exception ends the process with code 1, as under node', async () => {
    const app = project({ 'package.json': pkg, 'main.ts': throwLater });
    const cli = start(app, ['--no-hmr', 'main.ts']);
    expect(await cli.exited).toEqual({ code: 1, signal: null });
    expect(cli.stderr()).toContain('Error: boom at run time');
    expect(cli.stderr()).not.toContain('waiting');
  });

  it('with --no-hmr an error at start ends the process with code 1 at once, timers of modules that ran notwithstanding', async () => {
    const app = project({
      'package.json': pkg,
      'timer.ts': "setTimeout(() => console.log('timer fired'), 3_000);\n",
      'main.ts': "import './timer.ts';\nthrow new Error('boom at start');\n",
    });
    const started = Date.now();
    const cli = start(app, ['--no-hmr', 'main.ts']);
    expect(await cli.exited).toEqual({ code: 1, signal: null });
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(cli.stderr()).toContain('Error: boom at start');
    expect(cli.stdout()).not.toContain('timer fired');
  });
});
