import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HotEngine } from '../../src/hot/hot-engine.js';
import { collectUpdates, lines, sleep, useHotFixtures } from './helpers.js';

const { project, engine, log } = useHotFixtures();

/** How long a test waits to be sure no update comes. */
const QUIET_MS = 400;
/** Pause after `ready()` in the tests that are not about it. */
const SETTLE_MS = 100;

function selfAccepting(name: string): string {
  return lines(`globalThis.__log.push('${name}');`, 'import.meta.hot.accept();');
}

/**
 * Waits until the watcher watches what the engine gave it. `ready()` alone should be enough:
 * the tests of that contract (below) call it alone; the others add a pause so that each
 * test fails for the one behaviour it is about.
 */
async function watching(hot: HotEngine, settle = true): Promise<void> {
  await hot.ready();
  if (settle) await sleep(SETTLE_MS);
}

/** An app whose entry imports a self-accepting `mod.ts`, started with the real watcher. */
async function startWatched(files: Record<string, string> = {}, settle = true) {
  const app = project({ 'entry.ts': lines("import './mod.ts';"), 'mod.ts': selfAccepting('v1'), ...files });
  const under = engine(app, { watch: true });
  await under.engine.import('./entry.ts');
  await watching(under.engine, settle);
  const updates = collectUpdates(under.engine);
  return { app, ...under, updates };
}

describe('ready()', () => {
  it('means a save made right after it is seen', async () => {
    // The first watch of a process is the slowest to set up: this test runs first on purpose.
    const { app, updates } = await startWatched({}, false);
    fs.writeFileSync(app.file('mod.ts'), selfAccepting('v2'));
    expect((await updates.next()).outcome).toBe('hot-update');
  });

  it('means a save of a file the graph gained in an update is seen', async () => {
    const { app, updates, engine: hot } = await startWatched({ 'extra.ts': selfAccepting('extra 1') });
    fs.writeFileSync(app.file('mod.ts'), lines("import './extra.ts';", selfAccepting('v2')));
    await updates.next();
    await watching(hot, false);
    fs.writeFileSync(app.file('extra.ts'), selfAccepting('extra 2'));
    expect((await updates.next()).changedFiles).toEqual([app.file('extra.ts')]);
  });
});

describe('the watcher', () => {
  it('applies a save of a file of the graph', async () => {
    const { app, updates } = await startWatched();
    fs.writeFileSync(app.file('mod.ts'), selfAccepting('v2'));
    const report = await updates.next();
    expect(report.outcome).toBe('hot-update');
    expect(report.changedFiles).toEqual([app.file('mod.ts')]);
    expect(log()).toEqual(['v1', 'v2']);
  });

  it('reports when the change was seen, before the update started', async () => {
    const { app, updates } = await startWatched();
    fs.writeFileSync(app.file('mod.ts'), selfAccepting('v2'));
    const report = await updates.next();
    expect(report.timings.reported).toBeLessThanOrEqual(0);
    expect(report.timings.done).toBeGreaterThanOrEqual(report.timings.evaluated);
  });

  it('turns a burst of saves into one update with the last content', async () => {
    const { app, updates } = await startWatched();
    for (let i = 2; i <= 10; i++) fs.writeFileSync(app.file('mod.ts'), selfAccepting(`v${i}`));
    await updates.next();
    await sleep(QUIET_MS);
    expect(updates.all).toHaveLength(1);
    expect(log()).toEqual(['v1', 'v10']);
  });

  it('applies the last of saves spread over time (last write wins)', async () => {
    const { app, updates } = await startWatched();
    for (let i = 2; i <= 6; i++) {
      fs.writeFileSync(app.file('mod.ts'), selfAccepting(`v${i}`));
      await sleep(15);
    }
    await updates.next();
    await sleep(QUIET_MS);
    expect(log().at(-1)).toBe('v6');
    expect(updates.all.length).toBeLessThanOrEqual(5);
  });

  it('applies a save made right after the previous save was applied (last write wins)', async () => {
    const { app, updates } = await startWatched();
    fs.writeFileSync(app.file('mod.ts'), selfAccepting('v2'));
    await updates.next();
    fs.writeFileSync(app.file('mod.ts'), selfAccepting('v3'));
    await sleep(QUIET_MS);
    expect(log()).toEqual(['v1', 'v2', 'v3']);
  });

  it('ignores a save that does not change the content', async () => {
    const { app, updates } = await startWatched();
    fs.writeFileSync(app.file('mod.ts'), selfAccepting('v1'));
    const now = new Date();
    fs.utimesSync(app.file('mod.ts'), now, now);
    await sleep(QUIET_MS);
    expect(updates.all).toEqual([]);
  });

  it('handles an atomic save: write a temp file, rename it over the original', async () => {
    const { app, updates } = await startWatched();
    fs.writeFileSync(app.file('mod.ts.tmp-123'), selfAccepting('v2'));
    fs.renameSync(app.file('mod.ts.tmp-123'), app.file('mod.ts'));
    const report = await updates.next();
    expect(report.changedFiles).toEqual([app.file('mod.ts')]);
    await sleep(QUIET_MS);
    expect(updates.all).toHaveLength(1);
    expect(log()).toEqual(['v1', 'v2']);
  });

  it('handles a truncate-then-write save: the empty file in between is never applied', async () => {
    const { app, updates } = await startWatched();
    const fd = fs.openSync(app.file('mod.ts'), 'w');
    await sleep(10);
    fs.writeSync(fd, selfAccepting('v2'));
    fs.closeSync(fd);
    await updates.next();
    await sleep(QUIET_MS);
    expect(updates.all).toHaveLength(1);
    expect(updates.all[0]?.outcome).toBe('hot-update');
    expect(log()).toEqual(['v1', 'v2']);
  });

  it('does not react to files of the folder that the program does not import', async () => {
    const { app, updates } = await startWatched({ 'notes.ts': 'export {};\n' });
    fs.writeFileSync(app.file('notes.ts'), 'export const changed = true;\n');
    fs.writeFileSync(app.file('new-file.ts'), 'export {};\n');
    await sleep(QUIET_MS);
    expect(updates.all).toEqual([]);
  });

  it('watches a file the program starts importing after an update', async () => {
    const { app, updates, engine: hot } = await startWatched({ 'extra.ts': selfAccepting('extra 1') });
    fs.writeFileSync(app.file('mod.ts'), lines("import './extra.ts';", selfAccepting('v2')));
    await updates.next();
    await watching(hot);
    fs.writeFileSync(app.file('extra.ts'), selfAccepting('extra 2'));
    const report = await updates.next();
    expect(report.changedFiles).toEqual([app.file('extra.ts')]);
    expect(log()).toEqual(['v1', 'extra 1', 'v2', 'extra 2']);
  });

  it('watches files in other folders of the graph', async () => {
    const { app, updates } = await startWatched({
      'mod.ts': lines("import './lib/deep/util.ts';", selfAccepting('v1')),
      'lib/deep/util.ts': selfAccepting('util 1'),
    });
    fs.writeFileSync(app.file('lib/deep/util.ts'), selfAccepting('util 2'));
    await updates.next();
    expect(log()).toEqual(['util 1', 'v1', 'util 2']);
  });

  it('stops watching a file the program no longer imports', async () => {
    const {
      app,
      updates,
      engine: hot,
    } = await startWatched({
      'mod.ts': lines("import './extra.ts';", selfAccepting('v1')),
      'extra.ts': lines("globalThis.__log.push('extra');"),
    });
    fs.writeFileSync(app.file('mod.ts'), selfAccepting('v2'));
    await updates.next();
    await watching(hot);
    fs.writeFileSync(app.file('extra.ts'), lines("globalThis.__log.push('extra 2');"));
    await sleep(QUIET_MS);
    expect(updates.all.map((r) => [r.outcome, r.changedFiles])).toEqual([
      ['hot-update', [app.file('mod.ts')]],
    ]);
  });

  it('picks up a file created where an import failed to resolve', async () => {
    const { app, updates, engine: hot } = await startWatched();
    fs.writeFileSync(
      app.file('mod.ts'),
      lines("import { n } from './later.ts';", 'globalThis.__log.push(n);', 'import.meta.hot.accept();'),
    );
    expect((await updates.next()).outcome).toBe('failed');
    await watching(hot);
    fs.writeFileSync(app.file('later.ts'), 'export const n = 42;\n');
    const report = await updates.next();
    expect(report.outcome).toBe('hot-update');
    expect(log()).toEqual(['v1', 42]);
  });

  it('picks up a missing file created after an app failed to start', async () => {
    const app = project({
      'entry.ts': lines("import { n } from './config.ts';", 'globalThis.__log.push(n);'),
    });
    const { engine: hot } = engine(app, { watch: true });
    await hot.import('./entry.ts').catch(() => {});
    await watching(hot);
    const updates = collectUpdates(hot);
    fs.writeFileSync(app.file('config.ts'), 'export const n = 7;\n');
    const report = await updates.next();
    expect(report.outcome).toBe('full-reload');
    expect(log()).toEqual([7]);
  });

  it('recovers when the file with a syntax error at start is fixed', async () => {
    const app = project({ 'entry.ts': lines("import './dep.ts';"), 'dep.ts': 'export const = ;\n' });
    const { engine: hot } = engine(app, { watch: true });
    await hot.import('./entry.ts').catch(() => {});
    await watching(hot);
    const updates = collectUpdates(hot);
    fs.writeFileSync(app.file('dep.ts'), lines("globalThis.__log.push('dep fixed');"));
    await updates.next();
    expect(log()).toEqual(['dep fixed']);
  });

  it('never watches node_modules', async () => {
    const { app, updates } = await startWatched({
      'node_modules/pkg/package.json': JSON.stringify({ name: 'pkg', type: 'module', exports: './index.js' }),
      'node_modules/pkg/index.js': 'export const n = 1;\n',
      'mod.ts': lines("import { n } from 'pkg';", 'globalThis.__log.push(n);', 'import.meta.hot.accept();'),
    });
    fs.writeFileSync(app.file('node_modules/pkg/index.js'), 'export const n = 2;\n');
    await sleep(QUIET_MS);
    expect(updates.all).toEqual([]);
  });

  it('sees a deleted file come back', async () => {
    const {
      app,
      updates,
      engine: hot,
    } = await startWatched({
      'mod.ts': lines(
        "import { n } from './dep.ts';",
        'globalThis.__log.push(n);',
        'import.meta.hot.accept();',
      ),
      'dep.ts': 'export const n = 1;\n',
    });
    fs.rmSync(app.file('dep.ts'));
    expect((await updates.next()).outcome).toBe('failed');
    await watching(hot);
    fs.writeFileSync(app.file('dep.ts'), 'export const n = 2;\n');
    const report = await updates.next();
    expect(report.outcome).toBe('hot-update');
    expect(log()).toEqual([1, 2]);
  });

  /** `mod.ts` reads `n` from `lib/dep.ts`, in a folder of its own. */
  const withLibFolder = {
    'mod.ts': lines(
      "import { n } from './lib/dep.ts';",
      'globalThis.__log.push(n);',
      'import.meta.hot.accept();',
    ),
    'lib/dep.ts': 'export const n = 1;\n',
  };

  it('sees a deleted folder come back, and keeps watching it', async () => {
    const { app, updates, engine: hot } = await startWatched(withLibFolder);
    fs.rmSync(app.file('lib'), { recursive: true });
    expect((await updates.next()).outcome).toBe('failed');
    await watching(hot);
    fs.mkdirSync(app.file('lib'));
    fs.writeFileSync(app.file('lib/dep.ts'), 'export const n = 2;\n');
    expect((await updates.next()).outcome).toBe('hot-update');
    await watching(hot);
    fs.writeFileSync(app.file('lib/dep.ts'), 'export const n = 3;\n');
    expect((await updates.next()).outcome).toBe('hot-update');
    expect(log()).toEqual([1, 2, 3]);
  });

  it('sees a folder renamed away and back (a checkout of another branch, then back)', async () => {
    const { app, updates, engine: hot } = await startWatched(withLibFolder);
    fs.renameSync(app.file('lib'), app.file('lib-elsewhere'));
    expect((await updates.next()).outcome).toBe('failed');
    await watching(hot);
    fs.writeFileSync(app.file('lib-elsewhere/dep.ts'), 'export const n = 2;\n');
    fs.renameSync(app.file('lib-elsewhere'), app.file('lib'));
    expect((await updates.next()).outcome).toBe('hot-update');
    expect(log()).toEqual([1, 2]);
  });

  it('picks up a file created in a folder that did not exist, where an import failed to resolve', async () => {
    const { app, updates, engine: hot } = await startWatched();
    fs.writeFileSync(
      app.file('mod.ts'),
      lines(
        "import { n } from './later/deep/n.ts';",
        'globalThis.__log.push(n);',
        'import.meta.hot.accept();',
      ),
    );
    expect((await updates.next()).outcome).toBe('failed');
    await watching(hot);
    fs.mkdirSync(app.file('later/deep'), { recursive: true });
    fs.writeFileSync(app.file('later/deep/n.ts'), 'export const n = 42;\n');
    expect((await updates.next()).outcome).toBe('hot-update');
    expect(log()).toEqual(['v1', 42]);
  });

  it('stops reacting to saves after close()', async () => {
    const { app, engine: hot, updates } = await startWatched();
    await hot.close();
    fs.writeFileSync(app.file('mod.ts'), selfAccepting('v2'));
    await sleep(QUIET_MS);
    expect(updates.all).toEqual([]);
    expect(log()).toEqual(['v1']);
  });
});
