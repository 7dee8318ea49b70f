import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { poll } from '../cli/helpers.js';
import { sleep } from '../support/waiting.js';
import { expectStateKept, handlerSource, type RunningApp, saveAtomically, useFaultApp } from './fault-app.js';

const { start } = useFaultApp();

/** How long a test waits to be sure no more update comes. */
const QUIET_MS = 400;

function updates(app: RunningApp): number {
  return app.messages().match(/hot update handler\.ts/g)?.length ?? 0;
}

describe('faults of the way files are saved', () => {
  it('an edit saved during a slow update is applied after it: the last save wins', async () => {
    const app = await start();
    await app.request();
    const slow = [
      "console.log('v2 starting');",
      'await new Promise((resolve) => setTimeout(resolve, 1_500));',
    ].join('\n');
    app.project.write('handler.ts', handlerSource('v2', { top: slow }));
    await app.cli.waitFor(/v2 starting/);
    const during = app.request();
    app.project.write('handler.ts', handlerSource('v3'));
    // A request made during the update is answered, by the code before or after it.
    expect(await during).toMatch(/^v[12] /);
    await app.servedBy('v3');
    await poll(
      () => (updates(app) >= 2 ? true : undefined),
      () => `not two updates:\n${app.messages()}`,
    );
    await sleep(QUIET_MS);
    expect(await app.request()).toMatch(/^v3 /);
    expect(updates(app)).toBe(2);
    expectStateKept(app);
  });

  it('1000 saves within two seconds are coalesced into far fewer updates, serving the last content', async () => {
    const app = await start();
    await app.request();
    const file = app.project.file('handler.ts');
    // 20 bursts of 50 saves, 100 ms apart: a code generator, or a formatter fighting an editor.
    for (let burst = 0; burst < 20; burst++) {
      for (let i = 1; i <= 50; i++) fs.writeFileSync(file, handlerSource(`s${burst * 50 + i}`));
      await sleep(100);
    }
    await app.servedBy('s1000');
    await sleep(QUIET_MS);
    expect(await app.request()).toMatch(/^s1000 /);
    expect(app.messages()).not.toMatch(/failed|error/i);
    // Saves made during an update go into the next one. An update takes a few ms and a burst of
    // 50 writes 10 to 30 ms on a busy machine, so a burst takes a few updates; never one per save.
    expect(updates(app)).toBeLessThan(200);
    expectStateKept(app);
  });

  it('atomic saves (a temporary file renamed over the original) are each applied', async () => {
    const app = await start();
    for (const version of ['v2', 'v3', 'v4']) {
      await app.request();
      saveAtomically(app.project.file('handler.ts'), handlerSource(version));
      await app.servedBy(version);
    }
    // The update's line follows its first response.
    await sleep(QUIET_MS);
    expect(app.messages()).not.toMatch(/failed|error/i);
    expect(updates(app)).toBe(3);
    expectStateKept(app);
  });

  it('a truncate-then-write save never applies the empty file seen in between', async () => {
    const app = await start();
    await app.request();
    const fd = fs.openSync(app.project.file('handler.ts'), 'w');
    // Empty for 10 ms, however busy this process's event loop is.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    fs.writeSync(fd, handlerSource('v2'));
    fs.closeSync(fd);
    await app.servedBy('v2');
    await sleep(QUIET_MS);
    expect(app.messages()).not.toMatch(/failed|error/i);
    expect(updates(app)).toBe(1);
    expectStateKept(app);
  });
});
