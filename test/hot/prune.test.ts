import { describe, expect, it } from 'vitest';
import { lines, useHotFixtures } from './helpers.js';

const { project, engine, log } = useHotFixtures();

/** A self-accepting parent that imports `children`. */
function parent(children: string[]): string {
  return lines(...children.map((c) => `import './${c}.ts';`), 'import.meta.hot.accept();');
}

/** A child that logs its run, what its data held, and its dispose and prune handlers. */
function child(name: string, extra = ''): string {
  return lines(
    `globalThis.__log.push('${name} runs, data ' + JSON.stringify(import.meta.hot.data));`,
    `import.meta.hot.dispose((data) => { data.saved = true; globalThis.__log.push('${name} dispose ' + JSON.stringify(data)); });`,
    `import.meta.hot.prune((data) => globalThis.__log.push('${name} prune ' + JSON.stringify(data)));`,
    extra,
  );
}

describe('prune', () => {
  it('a module no longer imported is disposed, then pruned, with its data', async () => {
    const app = project({
      'entry.ts': lines("import './parent.ts';"),
      'parent.ts': parent(['child']),
      'child.ts': child('child'),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    log().length = 0;
    const report = await edit({ 'parent.ts': parent([]) });
    expect(report.outcome).toBe('hot-update');
    expect(report.pruned).toEqual([app.url('child.ts')]);
    expect(log()).toEqual(['child dispose {"saved":true}', 'child prune {"saved":true}']);
  });

  it('what only the pruned module imported is pruned with it', async () => {
    const app = project({
      'entry.ts': lines("import './parent.ts';"),
      'parent.ts': parent(['child']),
      'child.ts': child('child', "import './grandchild.ts';"),
      'grandchild.ts': child('grandchild'),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const report = await edit({ 'parent.ts': parent([]) });
    expect([...report.pruned].sort()).toEqual([app.url('child.ts'), app.url('grandchild.ts')]);
    expect(log()).toContain('grandchild prune {"saved":true}');
  });

  it('a module another module still imports is not pruned', async () => {
    const app = project({
      'entry.ts': lines("import './parent.ts';", "import './other.ts';"),
      'parent.ts': parent(['child']),
      'other.ts': lines("import './child.ts';"),
      'child.ts': child('child'),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    log().length = 0;
    const report = await edit({ 'parent.ts': parent([]) });
    expect(report.pruned).toEqual([]);
    expect(log()).toEqual([]);
  });

  it('the handlers of dispose all run before any prune handler', async () => {
    const app = project({
      'entry.ts': lines("import './parent.ts';"),
      'parent.ts': parent(['a', 'b']),
      'a.ts': child('a'),
      'b.ts': child('b'),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    log().length = 0;
    await edit({ 'parent.ts': parent([]) });
    const kinds = log().map((line) => line.split(' ')[1]);
    expect(kinds).toEqual(['dispose', 'dispose', 'prune', 'prune']);
  });

  it('importing a pruned module again evaluates it anew, with empty data', async () => {
    const app = project({
      'entry.ts': lines("import './parent.ts';"),
      'parent.ts': parent(['child']),
      'child.ts': child('child'),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    await edit({ 'parent.ts': parent([]) });
    log().length = 0;
    const report = await edit({ 'parent.ts': parent(['child']) });
    expect(report.outcome).toBe('hot-update');
    expect(log()).toEqual(['child runs, data {}']);
  });

  it('a module pruned and imported again takes later updates', async () => {
    const app = project({
      'entry.ts': lines("import './parent.ts';"),
      'parent.ts': parent(['child']),
      'child.ts': child('child'),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    await edit({ 'parent.ts': parent([]) });
    await edit({ 'parent.ts': parent(['child']) });
    log().length = 0;
    const report = await edit({ 'child.ts': child('child 2') });
    expect(report.outcome).toBe('hot-update');
    expect(log()).toEqual(['child dispose {"saved":true}', 'child 2 runs, data {"saved":true}']);
  });

  it('a pruned module is not disposed again by a later full reload', async () => {
    const app = project({
      'entry.ts': lines("import './parent.ts';"),
      'parent.ts': parent(['child']),
      'child.ts': child('child'),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    await edit({ 'parent.ts': parent([]) });
    log().length = 0;
    await hot.reload();
    expect(log()).toEqual([]);
  });

  it('a deleted file whose importer stops importing it is disposed and pruned', async () => {
    const app = project({
      'entry.ts': lines("import './parent.ts';"),
      'parent.ts': parent(['child']),
      'child.ts': child('child'),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    log().length = 0;
    app.remove('child.ts');
    const report = await edit({ 'parent.ts': parent([]) });
    expect(report.outcome).toBe('hot-update');
    expect(report.pruned).toEqual([app.url('child.ts')]);
    expect(log()).toEqual(['child dispose {"saved":true}', 'child prune {"saved":true}']);
  });
});
