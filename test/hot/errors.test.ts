import { describe, expect, it } from 'vitest';
import { lines, reportedError, useHotFixtures } from './helpers.js';

const { project, engine, log } = useHotFixtures();

/** Lines 1-4 are types esbuild removes, so only a source-mapped stack says line 6. */
function throwingAtLine6(message: string): string {
  return lines(
    'interface Options {',
    '  name: string;',
    '}',
    'type Mode = "a" | "b";',
    'import.meta.hot.accept();',
    `const options: Options = { name: 'x' }; throw new Error('${message}');`,
  );
}

describe('errors are reported, never fatal', () => {
  it('a throw while re-evaluating is in the report with a source-mapped stack, and the next edit applies', async () => {
    const app = project({
      'entry.ts': lines("import './mod.ts';"),
      'mod.ts': lines('import.meta.hot.accept();', "globalThis.__log.push('v1');"),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const failed = await edit({ 'mod.ts': throwingAtLine6('boom') });
    expect(failed.outcome).toBe('failed');
    expect(failed.errors).toHaveLength(1);
    const [error] = failed.errors;
    expect(error?.phase).toBe('evaluate');
    expect(error?.module).toBe(app.file('mod.ts'));
    expect(reportedError(failed).message).toBe('boom');
    expect(reportedError(failed).stack).toContain(`${app.file('mod.ts')}:6:47`);
    // The old version was disposed before the new one threw: its code runs again, so what
    // its dispose released (a server, a timer) is back and the previous code stays in service.
    expect(failed.revived).toBe(true);
    const fixed = await edit({
      'mod.ts': lines('import.meta.hot.accept();', "globalThis.__log.push('v3');"),
    });
    expect(fixed.outcome).toBe('hot-update');
    expect(fixed.errors).toEqual([]);
    expect(log()).toEqual(['v1', 'v1', 'v3']);
  });

  it('a syntax error is reported with its location and a code frame', async () => {
    const app = project({
      'entry.ts': lines("import './mod.ts';"),
      'mod.ts': lines('import.meta.hot.accept();'),
    });
    const { engine: hot, edit, logger } = engine(app);
    await hot.import('./entry.ts');
    const failed = await edit({ 'mod.ts': lines('import.meta.hot.accept();', 'const x: number = ;') });
    const error = reportedError(failed);
    expect(failed.errors[0]?.phase).toBe('transform');
    expect(error.name).toBe('SyntaxError');
    expect(error.loc).toMatchObject({ file: app.file('mod.ts'), line: 2 });
    expect(error.frame).toContain('const x: number = ;');
    expect(logger.calls.some((c) => c.level === 'error' && c.message.includes('const x: number = ;'))).toBe(
      true,
    );
  });

  it('a throwing accept callback is reported; the update is applied and the next one works', async () => {
    const source = (version: number): string =>
      lines(
        `globalThis.__log.push('v${version}');`,
        `import.meta.hot.accept(() => { throw new Error('callback of v${version}'); });`,
      );
    const app = project({ 'entry.ts': lines("import './mod.ts';"), 'mod.ts': source(1) });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const first = await edit({ 'mod.ts': source(2) });
    expect(first.errors.map((e) => [e.phase, (e.error as Error).message])).toEqual([
      ['accept', 'callback of v1'],
    ]);
    expect(first.errors[0]?.module).toBe(app.url('mod.ts'));
    const second = await edit({ 'mod.ts': source(3) });
    expect(second.errors.map((e) => (e.error as Error).message)).toEqual(['callback of v2']);
    expect(log()).toEqual(['v1', 'v2', 'v3']);
  });

  it('a throwing or rejecting dispose handler is reported, and the other handlers and the new version still run', async () => {
    const source = (version: number): string =>
      lines(
        'import.meta.hot.accept();',
        `globalThis.__log.push('v${version}');`,
        "import.meta.hot.dispose(() => { throw new Error('sync dispose'); });",
        "import.meta.hot.dispose(async () => { throw new Error('async dispose'); });",
        "import.meta.hot.dispose(() => globalThis.__log.push('third handler'));",
      );
    const app = project({ 'entry.ts': lines("import './mod.ts';"), 'mod.ts': source(1) });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const report = await edit({ 'mod.ts': source(2) });
    expect(report.errors.map((e) => [e.phase, (e.error as Error).message])).toEqual([
      ['dispose', 'sync dispose'],
      ['dispose', 'async dispose'],
    ]);
    expect(log()).toEqual(['v1', 'third handler', 'v2']);
  });

  it('a throwing prune handler is reported', async () => {
    const app = project({
      'entry.ts': lines("import './parent.ts';"),
      'parent.ts': lines("import './child.ts';", 'import.meta.hot.accept();'),
      'child.ts': lines("import.meta.hot.prune(() => { throw new Error('prune failed'); });"),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const report = await edit({ 'parent.ts': lines('import.meta.hot.accept();') });
    expect(report.errors.map((e) => [e.phase, (e.error as Error).message])).toEqual([
      ['prune', 'prune failed'],
    ]);
    expect(report.pruned).toEqual([app.url('child.ts')]);
  });

  it('an error thrown from a callback stack points at the original source', async () => {
    const source = (version: number): string =>
      lines(
        'type Unused = { a: string };',
        'interface AlsoUnused { b: number }',
        `export const version = ${version};`,
        "import.meta.hot.accept(() => { throw new Error('in callback'); });",
      );
    const app = project({ 'entry.ts': lines("import './mod.ts';"), 'mod.ts': source(1) });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const report = await edit({ 'mod.ts': source(2) });
    expect(reportedError(report).stack).toContain(`${app.file('mod.ts')}:4:38`);
  });

  it('a deleted file that is still imported fails the update; restoring it applies again', async () => {
    const app = project({
      'entry.ts': lines(
        "import { n } from './dep.ts';",
        'globalThis.__log.push(n);',
        'import.meta.hot.accept();',
      ),
      'dep.ts': 'export const n = 1;\n',
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    app.remove('dep.ts');
    const removed = await hot.update([app.file('dep.ts')]);
    expect(removed.outcome).toBe('failed');
    const restored = await edit({ 'dep.ts': 'export const n = 2;\n' });
    expect(restored.outcome).toBe('hot-update');
    expect(log()).toEqual([1, 2]);
  });

  it('an import of a missing file fails the update; creating the file applies it', async () => {
    const app = project({
      'entry.ts': lines("import './mod.ts';"),
      'mod.ts': lines('import.meta.hot.accept();'),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const failed = await edit({
      'mod.ts': lines(
        "import { n } from './later.ts';",
        'globalThis.__log.push(n);',
        'import.meta.hot.accept();',
      ),
    });
    expect(failed.outcome).toBe('failed');
    expect(reportedError(failed).code).toBe('ERR_MODULE_NOT_FOUND');
    const created = await edit({ 'later.ts': 'export const n = 42;\n' });
    expect(created.outcome).toBe('hot-update');
    expect(log()).toEqual([42]);
  });
});

describe('atomic updates', () => {
  /** entry accepts user; user reads value; the test calls user's read() through the graph. */
  function chain(app: ReturnType<typeof project>) {
    app.write({
      'entry.ts': lines(
        "import { read } from './user.ts';",
        'globalThis.__read = read;',
        "import.meta.hot.accept('./user.ts', (mod) => { globalThis.__read = mod.read; });",
      ),
      'user.ts': lines(
        "import { value } from './value.ts';",
        "export const read = () => 'user 1 reads ' + value;",
      ),
      'value.ts': 'export const value = 1;\n',
    });
  }
  const read = (): string => (globalThis as { __read?: () => string }).__read!();

  it('when re-evaluation fails, the previous instance stays in service and no accept callback runs', async () => {
    const app = project();
    chain(app);
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const report = await edit({ 'user.ts': lines("throw new Error('user broke');") });
    expect(report.outcome).toBe('failed');
    expect(read()).toBe('user 1 reads 1');
    const user = hot.runner.getModule(app.url('user.ts'))?.namespace as { read(): string };
    expect(user.read()).toBe('user 1 reads 1');
  });

  it('when a module up the chain fails, the modules below keep their previous instances too', async () => {
    const app = project();
    chain(app);
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const report = await edit({
      'value.ts': 'export const value = 2;\n',
      'user.ts': lines("import { value } from './value.ts';", "throw new Error('user broke');"),
    });
    expect(report.outcome).toBe('failed');
    const value = hot.runner.getModule(app.url('value.ts'))?.namespace as { value: number };
    expect(value.value).toBe(1);
    expect(read()).toBe('user 1 reads 1');
  });

  it('when a stale importer fails, the changed module that ran keeps its previous instance in service', async () => {
    const app = project();
    chain(app);
    app.write({
      'user.ts': lines(
        "import { value } from './value.ts';",
        "if (value === 2) throw new Error('user cannot take 2');",
        "export const read = () => 'user 1 reads ' + value;",
      ),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    const report = await edit({ 'value.ts': 'export const value = 2;\n' });
    expect(report.outcome).toBe('failed');
    expect(report.errors.map((e) => e.phase)).toEqual(['evaluate']);
    expect(read()).toBe('user 1 reads 1');
    const value = hot.runner.getModule(app.url('value.ts'))?.namespace as { value: number };
    expect(value.value).toBe(1);
  });

  it('the next edit applies the failed change together with the fix', async () => {
    const app = project();
    chain(app);
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    await edit({
      'value.ts': 'export const value = 2;\n',
      'user.ts': lines("import { value } from './value.ts';", "throw new Error('user broke');"),
    });
    const fixed = await edit({
      'user.ts': lines(
        "import { value } from './value.ts';",
        "export const read = () => 'user 3 reads ' + value;",
      ),
    });
    expect(fixed.outcome).toBe('hot-update');
    expect(read()).toBe('user 3 reads 2');
  });

  it('code kept in service after a failed update still has source-mapped stacks', async () => {
    const v1 = lines(
      'import.meta.hot.accept();',
      'export function fail(): never {',
      "  throw new Error('from v1');",
      '}',
    );
    const app = project({ 'entry.ts': lines("import './mod.ts';"), 'mod.ts': v1 });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    await edit({
      'mod.ts': lines(
        'import.meta.hot.accept();',
        'type A = 1;',
        'type B = 2;',
        'type C = 3;',
        "throw new Error('v2 broke');",
        'export function fail(): never {',
        "  throw new Error('from v2');",
        '}',
      ),
    });
    const mod = hot.runner.getModule(app.url('mod.ts'))?.namespace as { fail(): never };
    let stack = '';
    try {
      mod.fail();
    } catch (error) {
      stack = (error as Error).stack ?? '';
    }
    expect(stack).toContain('from v1');
    expect(stack).toContain(`${app.file('mod.ts')}:3:9`);
  });
});

describe('a version that fails after the old one was disposed', () => {
  const resource = (extra: string): string =>
    lines(
      'const state = globalThis as { __active?: number };',
      'const timer = setInterval(() => {}, 60_000);',
      'state.__active = (state.__active ?? 0) + 1;',
      'import.meta.hot.dispose(() => { clearInterval(timer); state.__active! -= 1; });',
      'import.meta.hot.accept();',
      extra,
    );
  const active = (): number | undefined => (globalThis as { __active?: number }).__active;

  it('is disposed, and the previous code runs again: exactly one timer is left, before and after the fix', async () => {
    const app = project({ 'entry.ts': lines("import './resource.ts';"), 'resource.ts': resource('') });
    const { engine: hot, edit } = engine(app);
    await hot.import('./entry.ts');
    expect(active()).toBe(1);
    const failed = await edit({
      'resource.ts': resource("throw new Error('broke after starting a timer');"),
    });
    expect(failed.outcome).toBe('failed');
    expect(failed.revived).toBe(true);
    expect(active()).toBe(1);
    const fixed = await edit({ 'resource.ts': resource('// fixed') });
    expect(fixed.outcome).toBe('hot-update');
    expect(active()).toBe(1);
  });
});
