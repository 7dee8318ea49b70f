import { describe, expect, it } from 'vitest';
import { lines, useHotFixtures } from './helpers.js';

const { project, engine, log } = useHotFixtures();

/** A module that logs each run under `name`, imports `imports`, and ends with `tail`. */
function mod(name: string, imports: string[] = [], tail = ''): string {
  return lines(...imports.map((i) => `import './${i}.ts';`), `globalThis.__log.push('${name}');`, tail);
}

describe('boundaries', () => {
  it('a self-accepting module is its own boundary: only it runs again', async () => {
    const app = project({
      'entry.ts': mod('entry', ['mid']),
      'mid.ts': mod('mid', ['leaf']),
      'leaf.ts': mod('leaf', [], 'import.meta.hot.accept();'),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const report = await edit({ 'leaf.ts': mod('leaf 2', [], 'import.meta.hot.accept();') });
    expect(report.reEvaluated).toEqual([app.url('leaf.ts')]);
    expect(log()).toEqual(['leaf', 'mid', 'entry', 'leaf 2']);
  });

  it('a self-accepting entry that is edited runs again alone: its unchanged dependencies are reused', async () => {
    const app = project({
      'entry.ts': mod('entry', ['dep'], 'import.meta.hot.accept();'),
      'dep.ts': mod('dep'),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const report = await edit({ 'entry.ts': mod('entry 2', ['dep'], 'import.meta.hot.accept();') });
    expect(report.outcome).toBe('hot-update');
    expect(log()).toEqual(['dep', 'entry', 'entry 2']);
  });

  it('an importer that accepts a dependency is the boundary of the chain below it', async () => {
    // entry -> router (accepts ./handlers) -> handlers -> text
    const app = project({
      'entry.ts': mod('entry', ['router']),
      'router.ts': mod(
        'router',
        ['handlers'],
        "import.meta.hot.accept('./handlers.ts', () => globalThis.__log.push('router cb'));",
      ),
      'handlers.ts': mod('handlers', ['text']),
      'text.ts': mod('text'),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    log().length = 0;
    const report = await edit({ 'text.ts': mod('text 2') });
    expect(report.outcome).toBe('hot-update');
    expect(report.boundaries).toEqual([
      { boundary: app.url('router.ts'), acceptedVia: app.url('handlers.ts') },
    ]);
    expect(report.reEvaluated).toEqual([app.url('text.ts'), app.url('handlers.ts')]);
    expect(log()).toEqual(['text 2', 'handlers', 'router cb']);
  });

  it('modules above a boundary keep their instances', async () => {
    const app = project({
      'entry.ts': lines(
        "import { read } from './mid.ts';",
        'globalThis.__read = read;',
        "globalThis.__log.push('entry');",
      ),
      'mid.ts': lines(
        "import { value } from './leaf.ts';",
        'export const read = () => value;',
        "globalThis.__log.push('mid');",
        'import.meta.hot.accept();',
      ),
      'leaf.ts': lines('export const value = 1;'),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    await edit({ 'leaf.ts': lines('export const value = 2;') });
    expect(log()).toEqual(['mid', 'entry', 'mid']);
    // The entry was not run again: it holds the function of the first mid.
    expect((globalThis as { __read?: () => number }).__read?.()).toBe(1);
  });

  it('a dependency shared by two accepting importers runs once and reaches both boundaries', async () => {
    const app = project({
      'entry.ts': mod('entry', ['a', 'b']),
      'a.ts': mod(
        'a',
        ['shared'],
        "import.meta.hot.accept('./shared.ts', () => globalThis.__log.push('a cb'));",
      ),
      'b.ts': mod('b', ['shared'], 'import.meta.hot.accept();'),
      'shared.ts': mod('shared'),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    log().length = 0;
    const report = await edit({ 'shared.ts': mod('shared 2') });
    expect(report.outcome).toBe('hot-update');
    expect(report.boundaries).toHaveLength(2);
    expect(report.boundaries).toContainEqual({
      boundary: app.url('a.ts'),
      acceptedVia: app.url('shared.ts'),
    });
    expect(report.boundaries).toContainEqual({ boundary: app.url('b.ts'), acceptedVia: app.url('b.ts') });
    expect(log().filter((line) => line === 'shared 2')).toHaveLength(1);
    expect(log()).toContain('a cb');
    expect(log()).toContain('b');
    expect(log()).not.toContain('entry');
  });

  it('two changed files in one update each reach their boundary', async () => {
    const app = project({
      'entry.ts': mod('entry', ['a', 'b']),
      'a.ts': mod('a', [], 'import.meta.hot.accept();'),
      'b.ts': mod('b', [], 'import.meta.hot.accept();'),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    log().length = 0;
    const report = await edit({
      'a.ts': mod('a 2', [], 'import.meta.hot.accept();'),
      'b.ts': mod('b 2', [], 'import.meta.hot.accept();'),
    });
    expect(report.outcome).toBe('hot-update');
    expect(report.changedFiles).toEqual([app.file('a.ts'), app.file('b.ts')]);
    expect(log()).toEqual(['a 2', 'b 2']);
  });
});

describe('full reload when no boundary takes the change', () => {
  it('a path that reaches an entry with no boundary reloads everything, and the report keeps the chain', async () => {
    const app = project({
      'entry.ts': mod('entry', ['mid']),
      'mid.ts': mod('mid', ['leaf']),
      'leaf.ts': mod('leaf'),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const report = await edit({ 'leaf.ts': mod('leaf 2') });
    expect(report.outcome).toBe('full-reload');
    expect(report.fullReload?.chain).toEqual([app.file('leaf.ts'), app.file('mid.ts'), app.file('entry.ts')]);
    expect(report.fullReload?.reason).toMatch(/accept/);
    expect(log()).toEqual(['leaf', 'mid', 'entry', 'leaf 2', 'mid', 'entry']);
  });

  it('one dead end is enough, even when another path found a boundary', async () => {
    const app = project({
      'entry.ts': mod('entry', ['accepting', 'plain']),
      'accepting.ts': mod('accepting', ['shared'], "import.meta.hot.accept('./shared.ts', () => {});"),
      'plain.ts': mod('plain', ['shared']),
      'shared.ts': mod('shared'),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const report = await edit({ 'shared.ts': mod('shared 2') });
    expect(report.outcome).toBe('full-reload');
    expect(report.fullReload?.chain).toEqual([
      app.file('shared.ts'),
      app.file('plain.ts'),
      app.file('entry.ts'),
    ]);
  });

  it('an edited entry that does not accept reloads', async () => {
    const app = project({ 'entry.ts': mod('entry') });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const report = await edit({ 'entry.ts': mod('entry 2') });
    expect(report.outcome).toBe('full-reload');
    expect(report.fullReload?.chain).toEqual([app.file('entry.ts')]);
    expect(log()).toEqual(['entry', 'entry 2']);
  });
});

describe('acceptExports', () => {
  const config = (value: number, extra = ''): string =>
    lines(
      `export const value = ${value};`,
      'export const other = 0;',
      "import.meta.hot.acceptExports(['value']);",
      `globalThis.__log.push('config ${value}');`,
      extra,
    );

  it('importers that use only accepted names are not visited', async () => {
    const app = project({
      'entry.ts': lines("import { value } from './config.ts';", "globalThis.__log.push('entry ' + value);"),
      'config.ts': config(1),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const report = await edit({ 'config.ts': config(2) });
    expect(report.outcome).toBe('hot-update');
    expect(report.boundaries).toEqual([
      { boundary: app.url('config.ts'), acceptedVia: app.url('config.ts') },
    ]);
    expect(log()).toEqual(['config 1', 'entry 1', 'config 2']);
  });

  it('an importer that also uses a name that is not accepted is visited', async () => {
    const app = project({
      'entry.ts': lines(
        "import { value, other } from './config.ts';",
        "globalThis.__log.push('entry ' + value + other);",
      ),
      'config.ts': config(1),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const report = await edit({ 'config.ts': config(2) });
    expect(report.outcome).toBe('full-reload');
  });

  it('an importer that uses a non-accepted name under an accepting importer runs again', async () => {
    const app = project({
      'entry.ts': lines(
        "import './user.ts';",
        "import.meta.hot.accept('./user.ts', () => globalThis.__log.push('entry cb'));",
      ),
      'user.ts': lines("import { other } from './config.ts';", "globalThis.__log.push('user ' + other);"),
      'config.ts': config(1),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const report = await edit({ 'config.ts': config(2) });
    expect(report.outcome).toBe('hot-update');
    expect(log()).toEqual(['config 1', 'user 0', 'config 2', 'user 0', 'entry cb']);
  });

  it('a namespace import uses every name, so its importer is visited', async () => {
    const app = project({
      'entry.ts': lines(
        "import * as config from './config.ts';",
        'globalThis.__log.push(String(config.value));',
      ),
      'config.ts': config(1),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    expect((await edit({ 'config.ts': config(2) })).outcome).toBe('full-reload');
  });

  it('an import() uses every name, so its importer is visited', async () => {
    const app = project({
      'entry.ts': lines(
        "const config = await import('./config.ts');",
        'globalThis.__log.push(String(config.value));',
      ),
      'config.ts': config(1),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    expect((await edit({ 'config.ts': config(2) })).outcome).toBe('full-reload');
  });

  it('an importer for side effects only is not visited', async () => {
    const app = project({
      'entry.ts': lines("import './config.ts';", "globalThis.__log.push('entry');"),
      'config.ts': config(1),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    expect((await edit({ 'config.ts': config(2) })).outcome).toBe('hot-update');
    expect(log()).toEqual(['config 1', 'entry', 'config 2']);
  });

  it('stops the bubble when its own dependency changes', async () => {
    const app = project({
      'entry.ts': lines("import { value } from './config.ts';", "globalThis.__log.push('entry ' + value);"),
      'config.ts': config(1, "import './source.ts';"),
      'source.ts': lines("globalThis.__log.push('source');"),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    log().length = 0;
    const report = await edit({ 'source.ts': lines("globalThis.__log.push('source 2');") });
    expect(report.outcome).toBe('hot-update');
    expect(log()).toEqual(['source 2', 'config 1']);
  });

  it('an edit that stops accepting a name its importer uses reloads', async () => {
    const app = project({
      'entry.ts': lines("import { value } from './config.ts';", "globalThis.__log.push('entry ' + value);"),
      'config.ts': config(1),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const report = await edit({
      'config.ts': lines(
        'export const value = 2;',
        "import.meta.hot.acceptExports(['other']);",
        'export const other = 0;',
      ),
    });
    expect(report.outcome).toBe('full-reload');
  });
});

describe('what is not in the graph', () => {
  it('a change to a file the program does not import does nothing', async () => {
    const app = project({ 'entry.ts': mod('entry'), 'unrelated.ts': mod('unrelated') });
    const { engine: hot, edit, logger } = engine(app);
    await hot.import('./entry.ts');
    const report = await edit({ 'unrelated.ts': mod('unrelated 2') });
    expect(report.outcome).toBe('no-change');
    expect(report.reEvaluated).toEqual([]);
    expect(log()).toEqual(['entry']);
    expect(logger.calls).toEqual([]);
  });
});

describe('circular imports', () => {
  it('an edit in a cycle under a self-accepting entry re-runs the cycle, without looping or reloading', async () => {
    const app = project({
      'entry.ts': mod('entry', ['a'], 'import.meta.hot.accept();'),
      'a.ts': lines(
        "import { b } from './b.ts';",
        "export const a = 'a';",
        "globalThis.__log.push('a');",
        'export const readB = () => b;',
      ),
      'b.ts': lines(
        "import { a } from './a.ts';",
        "export const b = 'b';",
        "globalThis.__log.push('b');",
        'export const readA = () => a;',
      ),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    log().length = 0;
    const report = await edit({
      'b.ts': lines(
        "import { a } from './a.ts';",
        "export const b = 'b2';",
        "globalThis.__log.push('b2');",
        'export const readA = () => a;',
      ),
    });
    expect(report.outcome).toBe('hot-update');
    expect(log()).toEqual(['b2', 'a', 'entry']);
    const a = hot.runner.getModule(app.url('a.ts'))?.namespace as { readB(): string };
    expect(a.readB()).toBe('b2');
  });
});
