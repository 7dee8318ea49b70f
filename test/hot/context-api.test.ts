import { describe, expect, it } from 'vitest';
import { lines, useHotFixtures } from './helpers.js';

const { project, engine, log } = useHotFixtures();

/** A module that logs each run and self-accepts, with `version` as its export. */
function selfAccepting(name: string, version: number, extra = ''): string {
  return lines(
    `export const version = ${version};`,
    `globalThis.__log.push('${name} v${version}');`,
    'import.meta.hot.accept();',
    extra,
  );
}

describe('import.meta.hot', () => {
  it('gives every module the whole hot context API', async () => {
    const app = project({
      'entry.ts': lines(
        'const hot = import.meta.hot;',
        "const members = ['accept', 'acceptExports', 'dispose', 'prune', 'invalidate', 'on', 'off', 'send', 'decline'];",
        "globalThis.__log.push(members.filter((m) => typeof hot[m] !== 'function').join(',') || 'all functions');",
        "globalThis.__log.push(typeof hot.data === 'object' && hot.data !== null ? 'data object' : 'no data');",
      ),
    });
    await engine(app).engine.import('./entry.ts');
    expect(log()).toEqual(['all functions', 'data object']);
  });

  it('is one context per module version: the same object on every read', async () => {
    const app = project({
      'entry.ts': lines(
        "import './other.ts';",
        'globalThis.__log.push(import.meta.hot === import.meta.hot);',
      ),
      'other.ts': lines('globalThis.__log.push(import.meta.hot);'),
    });
    await engine(app).engine.import('./entry.ts');
    const [otherHot, same] = log() as unknown[];
    expect(same).toBe(true);
    expect(otherHot).toBeTypeOf('object');
  });

  it('is undefined when hmr is off', async () => {
    const app = project({ 'entry.ts': lines('globalThis.__log.push(String(import.meta.hot));') });
    await engine(app, { hmr: false }).engine.import('./entry.ts');
    expect(log()).toEqual(['undefined']);
  });
});

describe('accept', () => {
  it('accept() makes a module a boundary for its own changes', async () => {
    const app = project({
      'entry.ts': lines("import './counter.ts';", "globalThis.__log.push('entry');"),
      'counter.ts': selfAccepting('counter', 1),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const report = await edit({ 'counter.ts': selfAccepting('counter', 2) });
    expect(report.outcome).toBe('hot-update');
    expect(report.boundaries).toEqual([
      { boundary: app.url('counter.ts'), acceptedVia: app.url('counter.ts') },
    ]);
    expect(log()).toEqual(['counter v1', 'entry', 'counter v2']);
  });

  it('accept(cb) calls the callback with the new namespace', async () => {
    const withCallback = (version: number): string =>
      selfAccepting(
        'counter',
        version,
        `import.meta.hot.accept((mod) => globalThis.__log.push('cb of v${version} got v' + mod.version));`,
      );
    const app = project({ 'entry.ts': lines("import './counter.ts';"), 'counter.ts': withCallback(1) });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    await edit({ 'counter.ts': withCallback(2) });
    expect(log()).toEqual(['counter v1', 'counter v2', 'cb of v1 got v2']);
  });

  it('accept(dep, cb) makes the importer the boundary and passes the new dependency', async () => {
    const app = project({
      'entry.ts': lines(
        "import { version } from './dep.ts';",
        "globalThis.__log.push('entry saw v' + version);",
        "import.meta.hot.accept('./dep.ts', (mod) => globalThis.__log.push('entry got v' + mod.version));",
      ),
      'dep.ts': lines('export const version = 1;', "globalThis.__log.push('dep v1');"),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const report = await edit({
      'dep.ts': lines('export const version = 2;', "globalThis.__log.push('dep v2');"),
    });
    expect(report.outcome).toBe('hot-update');
    expect(report.boundaries).toEqual([{ boundary: app.url('entry.ts'), acceptedVia: app.url('dep.ts') }]);
    expect(log()).toEqual(['dep v1', 'entry saw v1', 'dep v2', 'entry got v2']);
  });

  it('accept(deps, cb) passes an array with undefined for the dependencies that did not change', async () => {
    const app = project({
      'entry.ts': lines(
        "import './a.ts';",
        "import './b.ts';",
        "import.meta.hot.accept(['./a.ts', './b.ts'], ([a, b]) => globalThis.__log.push(JSON.stringify([a?.name ?? 'undefined', b?.name ?? 'undefined'])));",
      ),
      'a.ts': lines("export const name = 'a1';"),
      'b.ts': lines("export const name = 'b1';"),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    await edit({ 'b.ts': lines("export const name = 'b2';") });
    expect(log()).toEqual(['["undefined","b2"]']);
  });

  it('accept(dep) resolves the dependency like an import (without extension, in TypeScript)', async () => {
    const app = project({
      'entry.ts': lines(
        "import './dep';",
        "import.meta.hot.accept('./dep', (mod) => globalThis.__log.push('got ' + mod.version));",
      ),
      'dep.ts': lines('export const version = 1;'),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const report = await edit({ 'dep.ts': lines('export const version = 2;') });
    expect(report.outcome).toBe('hot-update');
    expect(log()).toEqual(['got 2']);
  });

  it('acceptExports(names, cb) makes the module a boundary and calls back with the new namespace', async () => {
    const config = (value: number): string =>
      lines(
        `export const value = ${value};`,
        "import.meta.hot.acceptExports(['value'], (mod) => globalThis.__log.push('config got ' + mod.value));",
      );
    const app = project({
      'entry.ts': lines(
        "import { value } from './config.ts';",
        "globalThis.__log.push('entry saw ' + value);",
      ),
      'config.ts': config(1),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const report = await edit({ 'config.ts': config(2) });
    expect(report.outcome).toBe('hot-update');
    expect(log()).toEqual(['entry saw 1', 'config got 2']);
  });

  it('acceptExports with a single name given as a string works like an array of one', async () => {
    const config = (value: number): string =>
      lines(`export const value = ${value};`, "import.meta.hot.acceptExports('value');");
    const app = project({
      'entry.ts': lines(
        "import { value } from './config.ts';",
        "globalThis.__log.push('entry saw ' + value);",
      ),
      'config.ts': config(1),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    expect((await edit({ 'config.ts': config(2) })).outcome).toBe('hot-update');
    expect(log()).toEqual(['entry saw 1']);
  });

  it('accept() with something else than a callback, a string or an array throws a TypeError', async () => {
    const app = project({
      'entry.ts': lines(
        'try { import.meta.hot.accept(42); } catch (error) { globalThis.__log.push(error.constructor.name); }',
      ),
    });
    await engine(app).engine.import('./entry.ts');
    expect(log()).toEqual(['TypeError']);
  });

  it('decline() does nothing: a declining module that also accepts is still hot-updated', async () => {
    const app = project({
      'entry.ts': lines("import './mod.ts';"),
      'mod.ts': selfAccepting('mod', 1, 'import.meta.hot.decline();'),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const report = await edit({ 'mod.ts': selfAccepting('mod', 2, 'import.meta.hot.decline();') });
    expect(report.outcome).toBe('hot-update');
    expect(log()).toEqual(['mod v1', 'mod v2']);
  });
});

describe('acceptance is what the module registered when it ran', () => {
  it('through a variable: const hot = import.meta.hot; hot.accept()', async () => {
    const source = (version: number): string =>
      lines(`globalThis.__log.push('mod v${version}');`, 'const hot = import.meta.hot;', 'hot.accept();');
    const app = project({ 'entry.ts': lines("import './mod.ts';"), 'mod.ts': source(1) });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    expect((await edit({ 'mod.ts': source(2) })).outcome).toBe('hot-update');
    expect(log()).toEqual(['mod v1', 'mod v2']);
  });

  it('from inside a function called at startup, with optional chaining', async () => {
    const source = (version: number): string =>
      lines(
        `globalThis.__log.push('mod v${version}');`,
        'function setUpHmr(hot) { hot?.accept(); }',
        'setUpHmr(import.meta.hot);',
      );
    const app = project({ 'entry.ts': lines("import './mod.ts';"), 'mod.ts': source(1) });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    expect((await edit({ 'mod.ts': source(2) })).outcome).toBe('hot-update');
  });

  it('a module that did not call accept() when it ran is not a boundary, whatever its text says', async () => {
    const source = (version: number): string =>
      lines(`globalThis.__log.push('mod v${version}');`, 'if (false) import.meta.hot.accept();');
    const app = project({ 'entry.ts': lines("import './mod.ts';"), 'mod.ts': source(1) });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    expect((await edit({ 'mod.ts': source(2) })).outcome).toBe('full-reload');
  });

  it('adding accept() makes the very edit that adds it a hot update', async () => {
    const app = project({
      'entry.ts': lines("import './mod.ts';", "globalThis.__log.push('entry');"),
      'mod.ts': lines("globalThis.__log.push('mod v1');"),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const report = await edit({ 'mod.ts': selfAccepting('mod', 2) });
    expect(report.outcome).toBe('hot-update');
    expect(log()).toEqual(['mod v1', 'entry', 'mod v2']);
  });

  it('removing accept() makes the very edit that removes it propagate past the module', async () => {
    const app = project({
      'entry.ts': lines("import './mod.ts';", "globalThis.__log.push('entry');"),
      'mod.ts': selfAccepting('mod', 1),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const report = await edit({ 'mod.ts': lines("globalThis.__log.push('mod v2');") });
    expect(report.outcome).toBe('full-reload');
    expect(log().at(-2)).toBe('mod v2');
    expect(log().at(-1)).toBe('entry');
  });

  it('removing accept(dep) from an importer makes the edit that removes it propagate further', async () => {
    const parent = (accepts: boolean): string =>
      lines(
        "import './dep.ts';",
        `globalThis.__log.push('parent accepts=${accepts}');`,
        accepts ? "import.meta.hot.accept('./dep.ts', () => {});" : '',
      );
    const app = project({
      'entry.ts': lines(
        "import './parent.ts';",
        'import.meta.hot.accept();',
        "globalThis.__log.push('entry');",
      ),
      'parent.ts': parent(true),
      'dep.ts': lines('export const n = 1;'),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const first = await edit({ 'parent.ts': parent(false) });
    expect(first.outcome).toBe('hot-update');
    const second = await edit({ 'dep.ts': lines('export const n = 2;') });
    expect(second.outcome).toBe('hot-update');
    expect(second.boundaries).toEqual([{ boundary: app.url('entry.ts'), acceptedVia: app.url('entry.ts') }]);
  });
});

describe('data', () => {
  it('carries what dispose handlers store into the next version', async () => {
    const source = (version: number): string =>
      lines(
        'import.meta.hot.accept();',
        `globalThis.__log.push('v${version} found ' + import.meta.hot.data.count);`,
        `import.meta.hot.dispose((data) => { data.count = ${version * 10}; });`,
      );
    const app = project({ 'entry.ts': lines("import './mod.ts';"), 'mod.ts': source(1) });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    await edit({ 'mod.ts': source(2) });
    await edit({ 'mod.ts': source(3) });
    expect(log()).toEqual(['v1 found undefined', 'v2 found 10', 'v3 found 20']);
  });

  it('carries what a version stored in it while running, and is the object dispose receives', async () => {
    const source = (version: number): string =>
      lines(
        'import.meta.hot.accept();',
        'const data = import.meta.hot.data;',
        "globalThis.__log.push('runs ' + (data.runs = (data.runs ?? 0) + 1));",
        "import.meta.hot.dispose((given) => globalThis.__log.push('same object ' + (given === data)));",
        `export const version = ${version};`,
      );
    const app = project({ 'entry.ts': lines("import './mod.ts';"), 'mod.ts': source(1) });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    await edit({ 'mod.ts': source(2) });
    expect(log()).toEqual(['runs 1', 'same object true', 'runs 2']);
  });

  it('belongs to its module: two modules have two data objects', async () => {
    const app = project({
      'entry.ts': lines("import './a.ts';", "import './b.ts';"),
      'a.ts': lines("import.meta.hot.data.name = 'a'; globalThis.__a = import.meta.hot.data;"),
      'b.ts': lines('globalThis.__log.push(String(import.meta.hot.data.name));'),
    });
    await engine(app).engine.import('./entry.ts');
    expect(log()).toEqual(['undefined']);
  });
});

describe('on, off and send', () => {
  it('on(event) receives custom events the transport delivers', async () => {
    const app = project({
      'entry.ts': lines("import.meta.hot.on('greet', (data) => globalThis.__log.push('got ' + data.name));"),
    });
    const { engine: hot, transport } = engine(app);
    await hot.import('./entry.ts');
    transport.emit('greet', { name: 'world' });
    await Promise.resolve();
    expect(log()).toEqual(['got world']);
  });

  it('off(event, cb) stops the listener, even from inside the listener', async () => {
    const app = project({
      'entry.ts': lines(
        'const once = (data) => { globalThis.__log.push(data); import.meta.hot.off("tick", once); };',
        "import.meta.hot.on('tick', once);",
      ),
    });
    const { engine: hot, transport } = engine(app);
    await hot.import('./entry.ts');
    transport.emit('tick', 1);
    transport.emit('tick', 2);
    await Promise.resolve();
    expect(log()).toEqual([1]);
  });

  it('send(event, data) reaches the other side of the transport as a custom payload', async () => {
    const app = project({ 'entry.ts': lines("import.meta.hot.send('hello', { from: 'entry' });") });
    const { engine: hot, payloads } = engine(app);
    await hot.import('./entry.ts');
    expect(payloads).toContainEqual({ type: 'custom', event: 'hello', data: { from: 'entry' } });
  });

  it('listeners of a replaced version are dropped; the new version listens with its own', async () => {
    const source = (version: number): string =>
      lines(
        'import.meta.hot.accept();',
        `import.meta.hot.on('ping', () => globalThis.__log.push('v${version} heard'));`,
      );
    const app = project({ 'entry.ts': lines("import './mod.ts';"), 'mod.ts': source(1) });
    const { engine: hot, edit, transport } = engine(app);
    await hot.import('./entry.ts');
    await edit({ 'mod.ts': source(2) });
    transport.emit('ping');
    await Promise.resolve();
    expect(log()).toEqual(['v2 heard']);
  });
});
