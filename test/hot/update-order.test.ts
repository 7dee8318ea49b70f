import { describe, expect, it } from 'vitest';
import { lines, useHotFixtures } from './helpers.js';

const { project, engine, log } = useHotFixtures();

describe('transform comes first', () => {
  it('a syntax error stops the update: the old code keeps running and nothing is disposed', async () => {
    const app = project({
      'entry.ts': lines("import { greet } from './mod.ts';", 'globalThis.__greet = greet;'),
      'mod.ts': lines(
        "export const greet = () => 'hello';",
        'import.meta.hot.accept();',
        "import.meta.hot.dispose(() => globalThis.__log.push('disposed'));",
      ),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const report = await edit({ 'mod.ts': lines("export const greet = () => 'bye'", 'const = ;') });
    expect(report.outcome).toBe('failed');
    expect(report.disposed).toEqual([]);
    expect(report.reEvaluated).toEqual([]);
    expect(report.errors.map((e) => e.phase)).toEqual(['transform']);
    expect(log()).toEqual([]);
    const mod = hot.runner.getModule(app.url('mod.ts'))?.namespace as { greet(): string };
    expect(mod.greet()).toBe('hello');
  });

  it('a syntax error in a module up the stale chain disposes nothing either', async () => {
    const app = project({
      'entry.ts': lines("import './mid.ts';", 'import.meta.hot.accept();'),
      'mid.ts': lines(
        "import './leaf.ts';",
        "import.meta.hot.dispose(() => globalThis.__log.push('mid disposed'));",
      ),
      'leaf.ts': lines("import.meta.hot.dispose(() => globalThis.__log.push('leaf disposed'));"),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const report = await edit({
      'leaf.ts': lines('export const x = 1;'),
      'mid.ts': lines('export const = ;'),
    });
    expect(report.outcome).toBe('failed');
    expect(log()).toEqual([]);
  });
});

describe('dispose', () => {
  it('runs the dispose handlers of every replaced module, not only the boundary', async () => {
    const app = project({
      'entry.ts': lines("import './router.ts';"),
      'router.ts': lines(
        "import './handlers.ts';",
        "import.meta.hot.accept('./handlers.ts', () => globalThis.__log.push('router cb'));",
      ),
      'handlers.ts': lines(
        "import './text.ts';",
        "import.meta.hot.dispose(() => globalThis.__log.push('handlers disposed'));",
        "globalThis.__log.push('handlers runs');",
      ),
      'text.ts': lines(
        "import.meta.hot.dispose(() => globalThis.__log.push('text disposed'));",
        "globalThis.__log.push('text runs');",
      ),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    log().length = 0;
    const report = await edit({
      'text.ts': lines('import.meta.hot.dispose(() => {});', "globalThis.__log.push('text 2 runs');"),
    });
    expect(report.disposed).toEqual([app.url('text.ts'), app.url('handlers.ts')]);
    expect(log()).toEqual([
      'text disposed',
      'handlers disposed',
      'text 2 runs',
      'handlers runs',
      'router cb',
    ]);
  });

  it('runs all handlers of a module in registration order, awaiting each, before the new version runs', async () => {
    const source = (version: number): string =>
      lines(
        'import.meta.hot.accept();',
        `globalThis.__log.push('v${version} runs');`,
        `import.meta.hot.dispose(async () => { await new Promise((r) => setTimeout(r, 30)); globalThis.__log.push('v${version} first handler done'); });`,
        `import.meta.hot.dispose(() => { globalThis.__log.push('v${version} second handler'); });`,
      );
    const app = project({ 'entry.ts': lines("import './mod.ts';"), 'mod.ts': source(1) });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    await edit({ 'mod.ts': source(2) });
    expect(log()).toEqual(['v1 runs', 'v1 first handler done', 'v1 second handler', 'v2 runs']);
  });

  it('passes data to the handlers', async () => {
    const source = (version: number): string =>
      lines(
        'import.meta.hot.accept();',
        `import.meta.hot.dispose((data) => { data.from = 'v${version}'; });`,
        "globalThis.__log.push('found ' + import.meta.hot.data.from);",
      );
    const app = project({ 'entry.ts': lines("import './mod.ts';"), 'mod.ts': source(1) });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    await edit({ 'mod.ts': source(2) });
    expect(log()).toEqual(['found undefined', 'found v1']);
  });

  it("runs each version's handlers once, however many updates follow", async () => {
    const source = (version: number): string =>
      lines(
        'import.meta.hot.accept();',
        `import.meta.hot.dispose(() => globalThis.__log.push('dispose v${version}'));`,
      );
    const app = project({ 'entry.ts': lines("import './mod.ts';"), 'mod.ts': source(1) });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    await edit({ 'mod.ts': source(2) });
    await edit({ 'mod.ts': source(3) });
    await edit({ 'mod.ts': source(4) });
    expect(log()).toEqual(['dispose v1', 'dispose v2', 'dispose v3']);
  });
});

describe('re-evaluation', () => {
  /** entry (self-accepting) imports a then b; both import c. */
  const diamond = {
    'entry.ts': lines(
      "import './a.ts';",
      "import './b.ts';",
      "globalThis.__log.push('entry');",
      'import.meta.hot.accept();',
    ),
    'a.ts': lines("import './c.ts';", "globalThis.__log.push('a');"),
    'b.ts': lines("import './c.ts';", "globalThis.__log.push('b');"),
    'c.ts': lines("globalThis.__log.push('c');"),
  };

  it('runs each stale module once, dependencies first, in import order as a first load does', async () => {
    const app = project(diamond);
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    expect(log()).toEqual(['c', 'a', 'b', 'entry']);
    log().length = 0;
    await edit({ 'c.ts': lines("globalThis.__log.push('c2');") });
    expect(log()).toEqual(['c2', 'a', 'b', 'entry']);
  });

  it('follows an import order that an earlier update changed', async () => {
    const app = project(diamond);
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    await edit({
      'entry.ts': lines(
        "import './b.ts';",
        "import './a.ts';",
        "globalThis.__log.push('entry');",
        'import.meta.hot.accept();',
      ),
    });
    log().length = 0;
    await edit({ 'c.ts': lines("globalThis.__log.push('c2');") });
    expect(log()).toEqual(['c2', 'b', 'a', 'entry']);
  });

  it('lists the re-evaluated modules in the report in the order they ran', async () => {
    const app = project(diamond);
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    log().length = 0;
    const report = await edit({ 'c.ts': lines("globalThis.__log.push('c2');") });
    const ran = log().map((name) => app.url(`${String(name).replace('c2', 'c')}.ts`));
    expect(report.reEvaluated).toEqual(ran);
  });

  it('re-evaluated importers read the new exports of their dependencies', async () => {
    const app = project({
      'entry.ts': lines(
        "import { message } from './mid.ts';",
        'globalThis.__log.push(message);',
        'import.meta.hot.accept();',
      ),
      'mid.ts': lines("import { name } from './leaf.ts';", "export const message = 'hello ' + name;"),
      'leaf.ts': lines("export const name = 'one';"),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    await edit({ 'leaf.ts': lines("export const name = 'two';") });
    expect(log()).toEqual(['hello one', 'hello two']);
  });
});

describe('accept callbacks', () => {
  it("are the old version's, called after the new version ran, with its namespace", async () => {
    const source = (version: number): string =>
      lines(
        `export const version = ${version};`,
        `globalThis.__log.push('v${version} runs');`,
        `import.meta.hot.accept((mod) => globalThis.__log.push('v${version} callback got v' + mod.version));`,
      );
    const app = project({ 'entry.ts': lines("import './mod.ts';"), 'mod.ts': source(1) });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    await edit({ 'mod.ts': source(2) });
    await edit({ 'mod.ts': source(3) });
    expect(log()).toEqual(['v1 runs', 'v2 runs', 'v1 callback got v2', 'v3 runs', 'v2 callback got v3']);
  });

  it('all run, in registration order', async () => {
    const source = (version: number): string =>
      lines(
        'import.meta.hot.accept(() => globalThis.__log.push("first"));',
        'import.meta.hot.accept(() => globalThis.__log.push("second"));',
        "import.meta.hot.accept('./dep.ts', () => globalThis.__log.push('dep callback'));",
        "import './dep.ts';",
        `export const version = ${version};`,
      );
    const app = project({
      'entry.ts': lines("import './mod.ts';"),
      'mod.ts': source(1),
      'dep.ts': 'export {};\n',
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    await edit({ 'mod.ts': source(2) });
    expect(log()).toEqual(['first', 'second']);
  });

  it("wait for the new version's top-level await", async () => {
    const source = (version: number): string =>
      lines(
        'await new Promise((resolve) => setTimeout(resolve, 30));',
        `globalThis.__log.push('v${version} ready');`,
        "import.meta.hot.accept(() => globalThis.__log.push('callback'));",
      );
    const app = project({ 'entry.ts': lines("import './mod.ts';"), 'mod.ts': source(1) });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    await edit({ 'mod.ts': source(2) });
    expect(log()).toEqual(['v1 ready', 'v2 ready', 'callback']);
  });

  it('of several dependencies give undefined in the slots of unchanged ones, and the namespace in the changed ones', async () => {
    const app = project({
      'entry.ts': lines(
        "import './a.ts'; import './b.ts'; import './c.ts';",
        "import.meta.hot.accept(['./a.ts', './b.ts', './c.ts'], (mods) => globalThis.__log.push(mods.map((m) => m === undefined ? '-' : m.v).join(' ')));",
      ),
      'a.ts': 'export const v = "a1";\n',
      'b.ts': 'export const v = "b1";\n',
      'c.ts': 'export const v = "c1";\n',
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    await edit({ 'a.ts': 'export const v = "a2";\n' });
    await edit({ 'c.ts': 'export const v = "c2";\n' });
    expect(log()).toEqual(['a2 - -', '- - c2']);
  });

  it('async callbacks are awaited before the update completes', async () => {
    const source = (version: number): string =>
      lines(
        `export const version = ${version};`,
        "import.meta.hot.accept(async () => { await new Promise((r) => setTimeout(r, 30)); globalThis.__log.push('callback done'); });",
      );
    const app = project({ 'entry.ts': lines("import './mod.ts';"), 'mod.ts': source(1) });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    await edit({ 'mod.ts': source(2) });
    expect(log()).toEqual(['callback done']);
  });
});

describe('the order of a whole update', () => {
  it('is beforeUpdate, dispose, re-evaluation, accept callbacks, afterUpdate', async () => {
    const app = project({
      'entry.ts': lines(
        "import './mod.ts';",
        "import.meta.hot.on('vite:beforeUpdate', () => globalThis.__log.push('beforeUpdate'));",
        "import.meta.hot.on('vite:afterUpdate', () => globalThis.__log.push('afterUpdate'));",
      ),
      'mod.ts': lines(
        "import.meta.hot.accept(() => globalThis.__log.push('accept callback'));",
        "import.meta.hot.dispose(() => globalThis.__log.push('dispose'));",
      ),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    await edit({
      'mod.ts': lines("globalThis.__log.push('new version runs');", 'import.meta.hot.accept();'),
    });
    expect(log()).toEqual(['beforeUpdate', 'dispose', 'new version runs', 'accept callback', 'afterUpdate']);
  });
});
