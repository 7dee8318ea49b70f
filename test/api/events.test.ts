import { describe, expect, it } from 'vitest';
import type { HotEngine, HotEngineEvent } from '../../src/index.js';
import { sleep } from '../hot/helpers.js';
import { lines, useRunners } from './helpers.js';

const { project, runner, log } = useRunners();

const VITE_EVENTS = [
  'vite:beforeUpdate',
  'vite:afterUpdate',
  'vite:beforeFullReload',
  'vite:beforePrune',
  'vite:invalidate',
  'vite:error',
] as const satisfies readonly HotEngineEvent[];

/** Every event the host hears, in order, as `[name, payload]`; `update` events as `['update', outcome]`. */
function hostEvents(runner: HotEngine): Array<[string, unknown]> {
  const heard: Array<[string, unknown]> = [];
  for (const event of VITE_EVENTS) runner.on(event, (payload: unknown) => void heard.push([event, payload]));
  runner.on('update', (report) => void heard.push(['update', report.outcome]));
  return heard;
}

/** A module that logs every Vite event it hears through import.meta.hot.on(), as `name payload-json`. */
const moduleListener = lines(
  `for (const event of ${JSON.stringify(VITE_EVENTS)}) {`,
  '  import.meta.hot.on(event, (payload) => globalThis.__log.push(event + " " + JSON.stringify(payload)));',
  '}',
);

/** What the modules heard, as `[name, payload]`, in order. */
function moduleEvents(): Array<[string, unknown]> {
  return log()
    .filter((line) => line.startsWith('vite:'))
    .map((line) => {
      const space = line.indexOf(' ');
      return [line.slice(0, space), JSON.parse(line.slice(space + 1))];
    });
}

const names = (events: Array<[string, unknown]>): string[] => events.map(([name]) => name);

describe('the host hears the events modules hear', () => {
  it('vite:beforeUpdate, then vite:afterUpdate, then update, for a hot update', async () => {
    const app = project({ 'entry.ts': "import './mod.ts';\n", 'mod.ts': 'import.meta.hot.accept();\n' });
    const { runner: hot, write } = runner(app);
    await hot.import('./entry.ts');
    const heard = hostEvents(hot);
    await hot.update(write({ 'mod.ts': 'import.meta.hot.accept();\nexport const v = 2;\n' }));
    expect(names(heard)).toEqual(['vite:beforeUpdate', 'vite:afterUpdate', 'update']);
    expect(heard[0]![1]).toEqual({
      type: 'update',
      updates: [
        {
          type: 'js-update',
          path: app.url('mod.ts'),
          acceptedPath: app.url('mod.ts'),
          timestamp: expect.any(Number),
        },
      ],
    });
  });

  it('with the same payloads as the modules, in the same order', async () => {
    const app = project({
      'entry.ts': lines("import './parent.ts';", moduleListener),
      'parent.ts': lines("import './child.ts';", 'import.meta.hot.accept();'),
      'child.ts': 'export {};\n',
    });
    const { runner: hot, write } = runner(app);
    await hot.import('./entry.ts');
    const heard = hostEvents(hot);
    await hot.update(write({ 'parent.ts': 'import.meta.hot.accept();\n' }));
    expect(names(moduleEvents())).toEqual(['vite:beforeUpdate', 'vite:beforePrune', 'vite:afterUpdate']);
    expect(heard.filter(([name]) => name !== 'update')).toEqual(moduleEvents());
  });

  it('vite:beforeFullReload, before any dispose handler of the full reload', async () => {
    const app = project({
      'entry.ts': lines(
        "import './mod.ts';",
        "import.meta.hot.dispose(() => globalThis.__log.push('dispose'));",
      ),
      'mod.ts': 'export const v = 1;\n',
    });
    const { runner: hot, write } = runner(app);
    await hot.import('./entry.ts');
    hot.on('vite:beforeFullReload', (payload) => void log().push(`host ${JSON.stringify(payload)}`));
    await hot.update(write({ 'mod.ts': 'export const v = 2;\n' }));
    expect(log()).toEqual([
      `host ${JSON.stringify({ type: 'full-reload', triggeredBy: app.file('mod.ts') })}`,
      'dispose',
    ]);
  });

  it('vite:beforePrune names the modules no longer imported, before they are disposed', async () => {
    const app = project({
      'entry.ts': "import './parent.ts';\n",
      'parent.ts': lines("import './child.ts';", 'import.meta.hot.accept();'),
      'child.ts': "import.meta.hot.dispose(() => globalThis.__log.push('child disposed'));\n",
    });
    const { runner: hot, write } = runner(app);
    await hot.import('./entry.ts');
    hot.on('vite:beforePrune', (payload) => void log().push(`host ${JSON.stringify(payload)}`));
    await hot.update(write({ 'parent.ts': 'import.meta.hot.accept();\n' }));
    expect(log()).toEqual([
      `host ${JSON.stringify({ type: 'prune', paths: [app.url('child.ts')] })}`,
      'child disposed',
    ]);
  });

  it('vite:invalidate names the module that passed the update on, and its message', async () => {
    const child = (version: number): string =>
      lines(
        `export const v = ${version};`,
        "import.meta.hot.accept(() => import.meta.hot.invalidate('why'));",
      );
    const app = project({
      'entry.ts': "import './parent.ts';\n",
      'parent.ts': lines("import { v } from './child.ts';", 'export { v };', 'import.meta.hot.accept();'),
      'child.ts': child(1),
    });
    const { runner: hot, write } = runner(app);
    await hot.import('./entry.ts');
    const heard = hostEvents(hot);
    await hot.update(write({ 'child.ts': child(2) }));
    expect(names(heard)).toEqual([
      'vite:beforeUpdate',
      'vite:invalidate',
      'vite:afterUpdate',
      'vite:beforeUpdate',
      'vite:afterUpdate',
      'update',
    ]);
    expect(heard[1]![1]).toEqual({
      path: app.url('child.ts'),
      message: 'why',
      firstInvalidatedBy: app.url('child.ts'),
    });
  });

  it('vite:error with the message and stack of an update that failed, before update', async () => {
    const app = project({ 'entry.ts': "import './mod.ts';\n", 'mod.ts': 'import.meta.hot.accept();\n' });
    const { runner: hot, write } = runner(app);
    await hot.import('./entry.ts');
    const heard = hostEvents(hot);
    const report = await hot.update(
      write({ 'mod.ts': "import.meta.hot.accept();\nthrow new Error('broken');\n" }),
    );
    expect(report.outcome).toBe('failed');
    // The old version was disposed before the new one threw: it runs again as an update of its own.
    expect(names(heard)).toEqual([
      'vite:beforeUpdate',
      'vite:beforeUpdate',
      'vite:afterUpdate',
      'vite:error',
      'update',
    ]);
    const payload = heard[3]![1] as { type: string; err: { message: string; stack: string } };
    expect(payload.type).toBe('error');
    expect(payload.err.message).toBe('broken');
    expect(payload.err.stack).toContain(app.file('mod.ts'));
  });
});

describe('host listeners', () => {
  it('are awaited: dispose handlers run after a vite:beforeUpdate listener has settled', async () => {
    const app = project({
      'entry.ts': "import './mod.ts';\n",
      'mod.ts': lines(
        'import.meta.hot.accept();',
        "import.meta.hot.dispose(() => globalThis.__log.push('dispose'));",
      ),
    });
    const { runner: hot, write } = runner(app);
    await hot.import('./entry.ts');
    hot.on('vite:beforeUpdate', async () => {
      await sleep(50);
      log().push('host settled');
    });
    await hot.update(write({ 'mod.ts': 'import.meta.hot.accept();\n' }));
    expect(log()).toEqual(['host settled', 'dispose']);
  });

  it('that throw are logged, and the update goes on', async () => {
    const app = project({ 'entry.ts': "import './mod.ts';\n", 'mod.ts': 'import.meta.hot.accept();\n' });
    const { runner: hot, write, logger } = runner(app);
    await hot.import('./entry.ts');
    hot.on('vite:beforeUpdate', () => {
      throw new Error('host broke');
    });
    const report = await hot.update(write({ 'mod.ts': 'import.meta.hot.accept();\nexport {};\n' }));
    expect(report.outcome).toBe('hot-update');
    expect(logger.calls).toContainEqual({
      level: 'error',
      message: 'a listener of vite:beforeUpdate threw: Error: host broke',
    });
  });

  it('removed with off() hear nothing more', async () => {
    const app = project({ 'entry.ts': "import './mod.ts';\n", 'mod.ts': 'import.meta.hot.accept();\n' });
    const { runner: hot, write } = runner(app);
    await hot.import('./entry.ts');
    const heard: string[] = [];
    const listener = (): void => void heard.push('before');
    hot.on('vite:beforeUpdate', listener);
    hot.off('vite:beforeUpdate', listener);
    await hot.update(write({ 'mod.ts': 'import.meta.hot.accept();\nexport {};\n' }));
    expect(heard).toEqual([]);
  });
});
