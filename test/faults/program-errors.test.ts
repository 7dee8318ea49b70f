import { describe, expect, it } from 'vitest';
import { expectLocated, expectStateKept, handlerSource, useFaultApp } from './fault-app.js';

const { start } = useFaultApp();

describe('faults of the program during an update', () => {
  it('process.exit() called by a new version fails the update; the program keeps running', async () => {
    const app = await start();
    await app.request();
    app.project.write('handler.ts', handlerSource('v2', { top: 'process.exit(3);' }));
    await app.waitForMessage(/update of handler\.ts failed/);
    await app.waitForMessage(/process\.exit\(3\) was called during an update/);
    await expectLocated(app, 'handler.ts', 1, 'process.exit(3);');
    expect(app.cli.child.exitCode).toBe(null);
    expect(await app.request()).toMatch(/^v1 /);
    app.project.write('handler.ts', handlerSource('v3'));
    await app.servedBy('v3');
    expectStateKept(app);
  });

  it('process.exit() called outside an update still ends hot-node with its code', async () => {
    const app = await start();
    await app.request();
    const exiting = [
      'const data = import.meta.hot?.data ?? {};',
      'data.count ??= 0;',
      'let served = 0;',
      'export function handle(): string {',
      '  data.count++;',
      '  // The second request this version serves ends the program, as a /shutdown route would.',
      '  if (++served === 2) process.exit(7);',
      "  return 'v2 ' + data.count;",
      '}',
      '',
    ].join('\n');
    app.project.write('handler.ts', exiting);
    await app.servedBy('v2');
    await app.request().catch(() => {});
    expect(await app.cli.exited).toEqual({ code: 7, signal: null });
  });

  it('an uncaught exception from a timer of the new version is reported; the program keeps running', async () => {
    const app = await start();
    await app.request();
    const throwing = "setTimeout(() => {\n  throw new Error('boom from v2');\n}, 10);";
    app.project.write('handler.ts', handlerSource('v2', { top: throwing }));
    await app.waitForMessage(/Error: boom from v2/);
    await expectLocated(app, 'handler.ts', 2, "throw new Error('boom from v2');");
    expect(await app.servedBy('v2')).toMatch(/^v2 /);
    expectStateKept(app);
  });

  it('an unhandled rejection from a timer of the new version is reported; the program keeps running', async () => {
    const app = await start();
    await app.request();
    const rejecting = "setTimeout(() => {\n  void Promise.reject(new Error('rejected in v2'));\n}, 10);";
    app.project.write('handler.ts', handlerSource('v2', { top: rejecting }));
    await app.waitForMessage(/Error: rejected in v2/);
    await expectLocated(app, 'handler.ts', 2, "void Promise.reject(new Error('rejected in v2'));");
    expect(await app.servedBy('v2')).toMatch(/^v2 /);
    expectStateKept(app);
  });
});
