import { describe, expect, it } from 'vitest';
import { lines, useHotFixtures } from './helpers.js';

const { project, engine, log } = useHotFixtures();

/** A self-accepting child whose accept callback passes the update on with invalidate(). */
function invalidatingChild(version: number): string {
  return lines(
    `export const value = ${version};`,
    `globalThis.__log.push('child ${version} runs');`,
    "import.meta.hot.accept(() => { globalThis.__log.push('child callback'); import.meta.hot.invalidate('cannot apply'); });",
  );
}

describe('invalidate', () => {
  it("re-propagates from the caller's importers; the caller does not run again", async () => {
    const app = project({
      'entry.ts': lines("import './parent.ts';"),
      'parent.ts': lines(
        "import { value } from './child.ts';",
        "globalThis.__log.push('parent runs with ' + value);",
        'import.meta.hot.accept();',
      ),
      'child.ts': invalidatingChild(1),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    log().length = 0;
    const report = await edit({ 'child.ts': invalidatingChild(2) });
    expect(report.outcome).toBe('hot-update');
    expect(log()).toEqual(['child 2 runs', 'child callback', 'parent runs with 2']);
    expect(report.reEvaluated).toEqual([app.url('child.ts'), app.url('parent.ts')]);
    expect(report.boundaries).toContainEqual({
      boundary: app.url('parent.ts'),
      acceptedVia: app.url('parent.ts'),
    });
  });

  it('logs the message and emits vite:invalidate with the path, the message and who started it', async () => {
    const app = project({
      'entry.ts': lines(
        "import './parent.ts';",
        "import.meta.hot.on('vite:invalidate', (payload) => globalThis.__log.push(JSON.stringify(payload)));",
      ),
      'parent.ts': lines(
        "import { value } from './child.ts';",
        'globalThis.__value = value;',
        'import.meta.hot.accept();',
      ),
      'child.ts': invalidatingChild(1),
    });
    const { engine: hot, edit, logger } = engine(app);
    await hot.import('./entry.ts');
    log().length = 0;
    await edit({ 'child.ts': invalidatingChild(2) });
    const payload = JSON.parse(log().find((line) => line.startsWith('{'))!);
    expect(payload).toEqual({
      path: app.url('child.ts'),
      message: 'cannot apply',
      firstInvalidatedBy: app.url('child.ts'),
    });
    expect(
      logger.calls.some((c) => c.message.includes('invalidate') && c.message.includes('cannot apply')),
    ).toBe(true);
  });

  it('up to a module nothing imports, without a boundary, is a full reload', async () => {
    const app = project({
      'entry.ts': lines(
        "import { value } from './child.ts';",
        "globalThis.__log.push('entry runs with ' + value);",
      ),
      'child.ts': invalidatingChild(1),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    log().length = 0;
    const report = await edit({ 'child.ts': invalidatingChild(2) });
    expect(report.outcome).toBe('full-reload');
    expect(log().at(-1)).toBe('entry runs with 2');
  });

  it('from an entry that nothing imports is a full reload', async () => {
    const entry = (version: number): string =>
      lines(
        `globalThis.__log.push('entry ${version}');`,
        'import.meta.hot.accept(() => import.meta.hot.invalidate());',
      );
    const app = project({ 'entry.ts': entry(1) });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const report = await edit({ 'entry.ts': entry(2) });
    expect(report.outcome).toBe('full-reload');
    expect(log()).toEqual(['entry 1', 'entry 2', 'entry 2']);
  });

  it('coming back to the module that started it is a full reload, never a loop', async () => {
    // b self-accepts and invalidates; a imports b and b imports a, so b's importers lead back to b.
    const b = (version: number): string =>
      lines(
        "import { a } from './a.ts';",
        `export const b = ${version};`,
        `globalThis.__log.push('b ${version}');`,
        'export const readA = () => a;',
        'import.meta.hot.accept(() => import.meta.hot.invalidate());',
      );
    const app = project({
      'entry.ts': lines("import './a.ts';", 'import.meta.hot.accept();'),
      'a.ts': lines("import { b } from './b.ts';", 'export const a = 1;', 'export const readB = () => b;'),
      'b.ts': b(1),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const report = await edit({ 'b.ts': b(2) });
    expect(report.outcome).toBe('full-reload');
    expect(report.fullReload?.reason).toMatch(/invalidat/);
    expect(log().filter((line) => line === 'b 2').length).toBeLessThanOrEqual(3);
  });

  it('inside a cycle stays a hot update when another member can take it', async () => {
    const child = (version: number): string =>
      lines(
        "import { parent } from './parent.ts';",
        `export const child = ${version};`,
        'export const readParent = () => parent;',
        `globalThis.__log.push('child ${version}');`,
        'import.meta.hot.accept(() => import.meta.hot.invalidate());',
      );
    const app = project({
      'entry.ts': lines("import './parent.ts';"),
      'parent.ts': lines(
        "import { child } from './child.ts';",
        'export const parent = 1;',
        "globalThis.__log.push('parent sees child ' + child);",
        "import.meta.hot.accept('./child.ts', () => {});",
        'import.meta.hot.accept();',
      ),
      'child.ts': child(1),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    log().length = 0;
    const report = await edit({ 'child.ts': child(2) });
    expect(report.outcome).toBe('hot-update');
    expect(log()).toContain('parent sees child 2');
  });

  it('during a first load does nothing', async () => {
    const app = project({
      'entry.ts': lines('import.meta.hot.invalidate();', "globalThis.__log.push('entry');"),
    });
    const { engine: hot, logger } = engine(app);
    await hot.import('./entry.ts');
    expect(log()).toEqual(['entry']);
    expect(logger.calls.filter((c) => c.message.startsWith('full reload'))).toEqual([]);
  });
});
