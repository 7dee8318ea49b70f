import { describe, expect, it } from 'vitest';
import { lines, sleep, useHotFixtures } from './helpers.js';

const { project, engine, log } = useHotFixtures();

declare global {
  /** Opened by the test to let a module's top-level await finish. */
  var __gate: Promise<void> | undefined;
}

/** A self-accepting module whose run waits for the test's gate (when there is one). */
function gated(version: number): string {
  return lines(
    `globalThis.__log.push('v${version} start');`,
    'await globalThis.__gate;',
    `globalThis.__log.push('v${version} end');`,
    'import.meta.hot.accept();',
  );
}

function gate(): () => void {
  let open!: () => void;
  globalThis.__gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  return () => {
    open();
    globalThis.__gate = undefined;
  };
}

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 5_000) throw new Error('condition not met within 5 s');
    await sleep(5);
  }
}

describe('updates run one at a time', () => {
  it('an update requested while another runs starts after it finished', async () => {
    const app = project({ 'entry.ts': lines("import './mod.ts';"), 'mod.ts': gated(1) });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const open = gate();
    const first = edit({ 'mod.ts': gated(2) });
    await until(() => log().includes('v2 start'));
    const second = edit({ 'mod.ts': gated(3) });
    await sleep(30);
    expect(log()).toEqual(['v1 start', 'v1 end', 'v2 start']);
    open();
    const [a, b] = await Promise.all([first, second]);
    expect([a.id, b.id]).toEqual([1, 2]);
    expect(log()).toEqual(['v1 start', 'v1 end', 'v2 start', 'v2 end', 'v3 start', 'v3 end']);
  });

  it('edits made during an update are coalesced into the next one', async () => {
    const app = project({
      'entry.ts': lines("import './mod.ts';", "import './a.ts';", "import './b.ts';"),
      'mod.ts': gated(1),
      'a.ts': lines("globalThis.__log.push('a');", 'import.meta.hot.accept();'),
      'b.ts': lines("globalThis.__log.push('b');", 'import.meta.hot.accept();'),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const open = gate();
    const first = edit({ 'mod.ts': gated(2) });
    await until(() => log().includes('v2 start'));
    const fromA = edit({ 'a.ts': lines("globalThis.__log.push('a 2');", 'import.meta.hot.accept();') });
    const fromB = edit({ 'b.ts': lines("globalThis.__log.push('b 2');", 'import.meta.hot.accept();') });
    open();
    await first;
    const [reportA, reportB] = await Promise.all([fromA, fromB]);
    expect(reportA).toBe(reportB);
    expect(reportA.changedFiles).toEqual([app.file('a.ts'), app.file('b.ts')]);
    expect(reportA.id).toBe(2);
  });

  it('several update() calls in one tick are one update', async () => {
    const app = project({ 'entry.ts': lines("import './mod.ts';"), 'mod.ts': gated(1) });
    const { engine: hot } = engine(app);
    await hot.import('./entry.ts');
    app.write({ 'mod.ts': gated(2) });
    const reports = await Promise.all([1, 2, 3].map(() => hot.update([app.file('mod.ts')])));
    expect(new Set(reports).size).toBe(1);
    expect(log()).toEqual(['v1 start', 'v1 end', 'v2 start', 'v2 end']);
  });

  it('close() waits for the running update, then disposes every module', async () => {
    const app = project({
      'entry.ts': lines(
        "import './mod.ts';",
        "import.meta.hot.dispose(() => globalThis.__log.push('entry disposed'));",
      ),
      'mod.ts': gated(1),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const open = gate();
    const update = edit({ 'mod.ts': gated(2) });
    await until(() => log().includes('v2 start'));
    const closed = hot.close();
    await sleep(20);
    open();
    await Promise.all([update, closed]);
    expect(log()).toEqual(['v1 start', 'v1 end', 'v2 start', 'v2 end', 'entry disposed']);
  });
});
