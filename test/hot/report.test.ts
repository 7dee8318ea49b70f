import { describe, expect, it } from 'vitest';
import type { UpdateReport } from '../../src/hot/update-report.js';
import { type CapturingLogger, type LogCall, lines, useHotFixtures } from './helpers.js';

const { project, engine } = useHotFixtures();

const selfAccepting = (version: number): string =>
  lines(
    `export const version = ${version};`,
    'import.meta.hot.accept();',
    'import.meta.hot.dispose(() => {});',
  );

describe('the update report', () => {
  it('of a hot update says what changed, where it was accepted, what was disposed and run again', async () => {
    const app = project({ 'entry.ts': lines("import './mod.ts';"), 'mod.ts': selfAccepting(1) });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const report = await edit({ 'mod.ts': selfAccepting(2) });
    expect(report).toMatchObject({
      id: 1,
      outcome: 'hot-update',
      changedFiles: [app.file('mod.ts')],
      boundaries: [{ boundary: app.url('mod.ts'), acceptedVia: app.url('mod.ts') }],
      disposed: [app.url('mod.ts')],
      reEvaluated: [app.url('mod.ts')],
      pruned: [],
      fullReload: undefined,
      errors: [],
    });
  });

  it('has ordered timings: transformed, then evaluated, then done; reported is 0 for API calls', async () => {
    const app = project({ 'entry.ts': lines("import './mod.ts';"), 'mod.ts': selfAccepting(1) });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const { timings } = await edit({ 'mod.ts': selfAccepting(2) });
    expect(timings.reported).toBe(0);
    expect(timings.transformed).toBeGreaterThan(0);
    expect(timings.evaluated).toBeGreaterThanOrEqual(timings.transformed);
    expect(timings.done).toBeGreaterThanOrEqual(timings.evaluated);
  });

  it('numbers updates from 1, one more each time', async () => {
    const app = project({ 'entry.ts': lines("import './mod.ts';"), 'mod.ts': selfAccepting(1) });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const ids: number[] = [];
    for (let v = 2; v <= 4; v++) ids.push((await edit({ 'mod.ts': selfAccepting(v) })).id);
    expect(ids).toEqual([1, 2, 3]);
  });

  it('is emitted as the update event, the same object update() resolves with', async () => {
    const app = project({ 'entry.ts': lines("import './mod.ts';"), 'mod.ts': selfAccepting(1) });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const seen: UpdateReport[] = [];
    hot.on('update', (report) => seen.push(report));
    const report = await edit({ 'mod.ts': selfAccepting(2) });
    expect(seen).toEqual([report]);
  });

  it('off() stops the update event', async () => {
    const app = project({ 'entry.ts': lines("import './mod.ts';"), 'mod.ts': selfAccepting(1) });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const seen: UpdateReport[] = [];
    const listener = (report: UpdateReport): void => {
      seen.push(report);
    };
    hot.on('update', listener);
    hot.off('update', listener);
    await edit({ 'mod.ts': selfAccepting(2) });
    expect(seen).toEqual([]);
  });
});

/** What a user sees without `--verbose`: debug lines are details on demand. */
function shownCalls(logger: CapturingLogger): LogCall[] {
  return logger.calls.filter((call) => call.level !== 'debug');
}

describe('the log', () => {
  it('has one info line per hot update, naming the file', async () => {
    const app = project({ 'entry.ts': lines("import './mod.ts';"), 'mod.ts': selfAccepting(1) });
    const { engine: hot, edit, logger } = engine(app);
    await hot.import('./entry.ts');
    await edit({ 'mod.ts': selfAccepting(2) });
    const shown = shownCalls(logger);
    expect(shown).toHaveLength(1);
    expect(shown[0]?.level).toBe('info');
    expect(shown[0]?.message).toMatch(/^hot update .*mod\.ts/);
    expect(shown[0]?.message).not.toContain('\n');
  });

  it('has one line for a full reload', async () => {
    const app = project({
      'entry.ts': lines("import './mid.ts';"),
      'mid.ts': lines("import './leaf.ts';"),
      'leaf.ts': 'export const v = 1;\n',
    });
    const { engine: hot, edit, logger } = engine(app);
    await hot.import('./entry.ts');
    await edit({ 'leaf.ts': 'export const v = 2;\n' });
    const shown = shownCalls(logger);
    expect(shown).toHaveLength(1);
    expect(shown[0]?.message).toMatch(/^full reload/);
    expect(shown[0]?.message).not.toContain('\n');
  });

  it('says nothing for a change that changes nothing', async () => {
    const app = project({ 'entry.ts': lines('globalThis.__x = 1;'), 'unrelated.ts': 'export {};\n' });
    const { engine: hot, edit, logger } = engine(app);
    await hot.import('./entry.ts');
    await edit({ 'unrelated.ts': 'export const v = 2;\n' });
    expect(logger.calls).toEqual([]);
  });

  it('reports a failed update at error level, with the error and its code frame', async () => {
    const app = project({ 'entry.ts': lines("import './mod.ts';"), 'mod.ts': selfAccepting(1) });
    const { engine: hot, edit, logger } = engine(app);
    await hot.import('./entry.ts');
    await edit({ 'mod.ts': lines('import.meta.hot.accept();', 'let broken = ;') });
    const errors = logger.calls
      .filter((c) => c.level === 'error')
      .map((c) => c.message)
      .join('\n');
    expect(errors).toMatch(/failed/);
    expect(errors).toContain('let broken = ;');
    expect(logger.calls.filter((c) => c.level === 'info')).toEqual([]);
  });
});
