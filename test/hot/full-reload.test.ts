import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { freePort, lines, rejectionOf, useHotFixtures } from './helpers.js';

const { project, engine, log } = useHotFixtures();

/** A module that logs its runs and its disposal. */
function disposable(name: string, imports: string[] = []): string {
  return lines(
    ...imports.map((i) => `import './${i}.ts';`),
    `globalThis.__log.push('${name} runs');`,
    `import.meta.hot.dispose(() => globalThis.__log.push('${name} disposed'));`,
  );
}

function get(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/', agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(body));
    });
    request.on('error', reject);
  });
}

describe('full reload', () => {
  it('disposes every module, importers first, then imports the entries again', async () => {
    const app = project({
      'entry.ts': disposable('entry', ['mid']),
      'mid.ts': disposable('mid', ['leaf']),
      'leaf.ts': disposable('leaf'),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    log().length = 0;
    const report = await edit({ 'leaf.ts': disposable('leaf 2') });
    expect(report.outcome).toBe('full-reload');
    expect(log()).toEqual([
      'entry disposed',
      'mid disposed',
      'leaf disposed',
      'leaf 2 runs',
      'mid runs',
      'entry runs',
    ]);
    expect([...report.disposed].sort()).toEqual([app.url('entry.ts'), app.url('leaf.ts'), app.url('mid.ts')]);
  });

  it('frees a server port: the new server listens on the same port and serves the new content', async () => {
    const port = await freePort();
    const server = (text: string): string =>
      lines(
        "import http from 'node:http';",
        `const server = http.createServer((request, response) => response.end('${text}'));`,
        `await new Promise((resolve, reject) => { server.once('error', reject); server.listen(${port}, '127.0.0.1', resolve); });`,
        'import.meta.hot.dispose(() => new Promise((resolve) => server.close(resolve)));',
      );
    const app = project({ 'server.ts': server('one') });
    const { engine: hot, edit } = engine(app);
    await hot.import('./server.ts');
    expect(await get(port)).toBe('one');
    const report = await edit({ 'server.ts': server('two') });
    expect(report.outcome).toBe('full-reload');
    expect(report.errors).toEqual([]);
    expect(await get(port)).toBe('two');
  });

  it('keeps data across the reload', async () => {
    const entry = (version: number): string =>
      lines(
        `globalThis.__log.push('v${version} found ' + import.meta.hot.data.saved);`,
        `import.meta.hot.dispose((data) => { data.saved = ${version}; });`,
      );
    const app = project({ 'entry.ts': entry(1) });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    await edit({ 'entry.ts': entry(2) });
    expect(log()).toEqual(['v1 found undefined', 'v2 found 1']);
  });

  it('re-runs unchanged modules too, since every module was disposed', async () => {
    const app = project({
      'entry.ts': disposable('entry', ['a', 'b']),
      'a.ts': disposable('a'),
      'b.ts': disposable('b'),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    log().length = 0;
    const report = await edit({ 'a.ts': disposable('a 2') });
    expect(log().filter((line) => line.endsWith('runs'))).toEqual(['a 2 runs', 'b runs', 'entry runs']);
    expect([...report.reEvaluated].sort()).toEqual([app.url('a.ts'), app.url('b.ts'), app.url('entry.ts')]);
  });

  it('after a reload, hot updates work again', async () => {
    const leaf = (version: number): string =>
      lines(`globalThis.__log.push('leaf ${version}');`, 'import.meta.hot.accept();');
    const app = project({
      'entry.ts': lines("import './leaf.ts';", "globalThis.__log.push('entry');"),
      'leaf.ts': leaf(1),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    await hot.reload();
    log().length = 0;
    const report = await edit({ 'leaf.ts': leaf(2) });
    expect(report.outcome).toBe('hot-update');
    expect(log()).toEqual(['leaf 2']);
  });

  it('reload() reloads on request, with the reason in the report', async () => {
    const app = project({ 'entry.ts': disposable('entry') });
    const { engine: hot } = engine(app);
    await hot.import('./entry.ts');
    const report = await hot.reload('config changed');
    expect(report.outcome).toBe('full-reload');
    expect(report.fullReload?.reason).toBe('config changed');
    expect(log()).toEqual(['entry runs', 'entry disposed', 'entry runs']);
  });

  it('imports every entry again', async () => {
    const app = project({
      'one.ts': disposable('one', ['shared']),
      'two.ts': disposable('two', ['shared']),
      'shared.ts': disposable('shared'),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./one.ts');
    await hot.import('./two.ts');
    log().length = 0;
    await edit({ 'shared.ts': disposable('shared 2') });
    const runs = log().filter((line) => line.endsWith('runs'));
    expect(runs).toEqual(['shared 2 runs', 'one runs', 'two runs']);
  });
});

describe('recovery', () => {
  it('an app whose entry threw at start runs once the file is fixed', async () => {
    const app = project({ 'entry.ts': lines("throw new Error('not yet');") });
    const { engine: hot, edit } = engine(app);
    expect((await rejectionOf(hot.import('./entry.ts'))).message).toBe('not yet');
    const report = await edit({ 'entry.ts': lines("globalThis.__log.push('entry runs');") });
    expect(report.outcome).toBe('full-reload');
    expect(log()).toEqual(['entry runs']);
  });

  it('an app whose entry had a syntax error at start runs once it is fixed', async () => {
    const app = project({ 'entry.ts': lines('const = ;') });
    const { engine: hot, edit } = engine(app);
    expect((await rejectionOf(hot.import('./entry.ts'))).name).toBe('SyntaxError');
    await edit({ 'entry.ts': lines("globalThis.__log.push('entry runs');") });
    expect(log()).toEqual(['entry runs']);
  });

  it('an app whose dependency had a syntax error at start runs once it is fixed', async () => {
    const app = project({
      'entry.ts': lines("import { n } from './dep.ts';", 'globalThis.__log.push(n);'),
      'dep.ts': 'export const n = ;\n',
    });
    const { engine: hot, edit } = engine(app);
    await rejectionOf(hot.import('./entry.ts'));
    await edit({ 'dep.ts': 'export const n = 1;\n' });
    expect(log()).toEqual([1]);
  });

  it('an app still broken after a change stays watched and recovers with the next fix', async () => {
    const app = project({ 'entry.ts': lines("import './dep.ts';"), 'dep.ts': lines('const = ;') });
    const { engine: hot, edit } = engine(app);
    await rejectionOf(hot.import('./entry.ts'));
    const stillBroken = await edit({ 'dep.ts': lines("throw new Error('still broken');") });
    expect(stillBroken.outcome).toBe('failed');
    expect(stillBroken.errors).toHaveLength(1);
    await edit({ 'dep.ts': lines("globalThis.__log.push('fixed');") });
    expect(log()).toEqual(['fixed']);
  });

  it('a full reload whose entry throws leaves the engine ready for the next fix', async () => {
    const app = project({
      'entry.ts': lines("import './dep.ts';"),
      'dep.ts': lines("globalThis.__log.push('dep 1');"),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const broken = await edit({ 'dep.ts': lines("throw new Error('boom');") });
    expect(broken.outcome).toBe('failed');
    expect(broken.errors.map((e) => e.phase)).toEqual(['full-reload']);
    await edit({ 'dep.ts': lines("globalThis.__log.push('dep 3');") });
    expect(log()).toEqual(['dep 1', 'dep 3']);
  });
});
