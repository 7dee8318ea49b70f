import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import * as moduleRunner from '../../src/runner/module-runner.js';
import { collectUpdates, sleep } from '../hot/helpers.js';
import { lines, useRunners } from './helpers.js';

const { project, runner, log } = useRunners();

/** A self-accepting module that logs each version it runs. */
function selfAccepting(version: number): string {
  return lines(
    `export const version = ${version};`,
    `globalThis.__log.push('mod ${version}');`,
    'import.meta.hot.accept();',
  );
}

describe('the package root', () => {
  it('exports createRunner, which returns a HotEngine', () => {
    const app = project();
    const { runner: hot } = runner(app);
    expect(hot).toBeInstanceOf(api.HotEngine);
  });

  it('keeps ModuleRunner as the runner without HMR, and no second createRunner', () => {
    expect(api.ModuleRunner).toBe(moduleRunner.ModuleRunner);
    expect('createRunner' in moduleRunner).toBe(false);
  });
});

describe('runner.import()', () => {
  it("returns the entry's namespace, and the entry runs with import.meta.hot", async () => {
    const app = project({ 'entry.ts': 'export const hot = typeof import.meta.hot;\n' });
    const { runner: hot } = runner(app);
    const namespace = await hot.import('./entry.ts');
    expect(namespace.hot).toBe('object');
  });
});

describe('runner.update()', () => {
  it('applies the edit and resolves with the report of the update', async () => {
    const app = project({ 'entry.ts': "import './mod.ts';\n", 'mod.ts': selfAccepting(1) });
    const { runner: hot, write } = runner(app);
    await hot.import('./entry.ts');
    const report = await hot.update(write({ 'mod.ts': selfAccepting(2) }));
    expect(report.outcome).toBe('hot-update');
    expect(report.boundaries).toEqual([{ boundary: app.url('mod.ts'), acceptedVia: app.url('mod.ts') }]);
    expect(report.reEvaluated).toEqual([app.url('mod.ts')]);
    expect(log()).toEqual(['mod 1', 'mod 2']);
  });
});

describe('runner.invalidate()', () => {
  /** A module that reads a data file when it runs: its own source never changes. */
  const reader = lines(
    "import fs from 'node:fs';",
    "globalThis.__log.push('read ' + fs.readFileSync(new URL('./data.txt', import.meta.url), 'utf8'));",
    'import.meta.hot.accept();',
  );

  it('re-runs a module whose source did not change', async () => {
    const app = project({ 'entry.ts': "import './reader.ts';\n", 'reader.ts': reader, 'data.txt': 'one' });
    const { runner: hot, write } = runner(app);
    await hot.import('./entry.ts');
    write({ 'data.txt': 'two' });
    const report = await hot.invalidate([app.file('reader.ts')]);
    expect(report.outcome).toBe('hot-update');
    expect(report.reEvaluated).toEqual([app.url('reader.ts')]);
    expect(log()).toEqual(['read one', 'read two']);
  });

  it('is needed: update() of a file whose source did not change re-runs nothing', async () => {
    const app = project({ 'entry.ts': "import './reader.ts';\n", 'reader.ts': reader, 'data.txt': 'one' });
    const { runner: hot, write } = runner(app);
    await hot.import('./entry.ts');
    write({ 'data.txt': 'two' });
    const report = await hot.update([app.file('reader.ts')]);
    expect(report.outcome).toBe('no-change');
    expect(log()).toEqual(['read one']);
  });
});

describe('runner.reload()', () => {
  it('disposes every module and runs the entries again', async () => {
    const app = project({
      'entry.ts': lines(
        "globalThis.__log.push('entry runs');",
        "import.meta.hot.dispose(() => globalThis.__log.push('entry disposed'));",
      ),
    });
    const { runner: hot } = runner(app);
    await hot.import('./entry.ts');
    const report = await hot.reload();
    expect(report.outcome).toBe('full-reload');
    expect(log()).toEqual(['entry runs', 'entry disposed', 'entry runs']);
  });
});

describe('runner.on() and runner.off()', () => {
  it('on("update") hears the report that update() resolves with', async () => {
    const app = project({ 'entry.ts': "import './mod.ts';\n", 'mod.ts': selfAccepting(1) });
    const { runner: hot, write } = runner(app);
    await hot.import('./entry.ts');
    const heard: api.UpdateReport[] = [];
    hot.on('update', (report) => heard.push(report));
    const report = await hot.update(write({ 'mod.ts': selfAccepting(2) }));
    expect(heard).toEqual([report]);
  });

  it('a listener removed with off() hears nothing more', async () => {
    const app = project({ 'entry.ts': "import './mod.ts';\n", 'mod.ts': selfAccepting(1) });
    const { runner: hot, write } = runner(app);
    await hot.import('./entry.ts');
    const heard: string[] = [];
    const listener = (): void => {
      heard.push('update');
    };
    hot.on('update', listener);
    await hot.update(write({ 'mod.ts': selfAccepting(2) }));
    hot.off('update', listener);
    await hot.update(write({ 'mod.ts': selfAccepting(3) }));
    expect(heard).toEqual(['update']);
  });

  it('a throwing update listener is logged, and update() still resolves with the report', async () => {
    const app = project({ 'entry.ts': "import './mod.ts';\n", 'mod.ts': selfAccepting(1) });
    const { runner: hot, write, logger } = runner(app);
    await hot.import('./entry.ts');
    hot.on('update', () => {
      throw new Error('host listener broke');
    });
    const report = await hot.update(write({ 'mod.ts': selfAccepting(2) }));
    expect(report.outcome).toBe('hot-update');
    expect(logger.calls).toContainEqual({
      level: 'error',
      message: 'a listener of update threw: Error: host listener broke',
    });
  });
});

describe('the watch option', () => {
  it('watches the graph by default: a save is applied without calling update()', async () => {
    const app = project({ 'entry.ts': "import './mod.ts';\n", 'mod.ts': selfAccepting(1) });
    const { runner: hot } = runner(app, { watch: true });
    await hot.import('./entry.ts');
    await hot.ready();
    const updates = collectUpdates(hot);
    fs.writeFileSync(app.file('mod.ts'), selfAccepting(2));
    const report = await updates.next();
    expect(report.reEvaluated).toEqual([app.url('mod.ts')]);
    expect(log()).toEqual(['mod 1', 'mod 2']);
  });

  it('watch: false leaves a save for update() to apply', async () => {
    const app = project({ 'entry.ts': "import './mod.ts';\n", 'mod.ts': selfAccepting(1) });
    const { runner: hot } = runner(app, { watch: false });
    await hot.import('./entry.ts');
    await hot.ready();
    fs.writeFileSync(app.file('mod.ts'), selfAccepting(2));
    // Long enough for a watcher to have reported it many times over (bursts settle in 2-50 ms).
    await sleep(300);
    expect(log()).toEqual(['mod 1']);
    await hot.update([app.file('mod.ts')]);
    expect(log()).toEqual(['mod 1', 'mod 2']);
  });
});

describe('runner.close()', () => {
  it('runs every dispose handler, and the runner imports nothing after', async () => {
    const app = project({
      'entry.ts': lines(
        "import './mod.ts';",
        "import.meta.hot.dispose(() => globalThis.__log.push('entry'));",
      ),
      'mod.ts': "import.meta.hot.dispose(() => globalThis.__log.push('mod'));\n",
    });
    const { runner: hot } = runner(app);
    await hot.import('./entry.ts');
    await hot.close();
    expect(log()).toEqual(['entry', 'mod']);
    await expect(hot.import('./entry.ts')).rejects.toThrow(/closed/);
  });
});
