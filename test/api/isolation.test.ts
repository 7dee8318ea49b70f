import { afterEach, describe, expect, it } from 'vitest';
import { type HotProject, lines, useRunners } from './helpers.js';

const { project, runner } = useRunners();

type Globals = Record<string, unknown>;
const host = globalThis as Globals;

afterEach(() => {
  delete host.hotNodeMarker;
  delete host.hotNodePackageLoads;
});

/**
 * `set.ts` sets a global, `read.ts` reports it, `shared.ts` re-exports a package under
 * node_modules that counts its loads in the host's globals.
 */
function harnessProject(): HotProject {
  return project({
    'set.ts': "(globalThis as Record<string, unknown>).hotNodeMarker = 'set';\nexport {};\n",
    'read.ts': 'export const marker = (globalThis as Record<string, unknown>).hotNodeMarker;\n',
    'shared.ts': "export { instance } from 'shared-pkg';\n",
    'node_modules/shared-pkg/package.json': { name: 'shared-pkg', type: 'module', exports: './index.js' },
    'node_modules/shared-pkg/index.js': lines(
      'globalThis.hotNodePackageLoads = (globalThis.hotNodePackageLoads ?? 0) + 1;',
      'export const instance = {};',
    ),
  });
}

describe('isolated: true, for test harnesses', () => {
  it("gives each runner its own globals: one runner's module does not see a global set by another's", async () => {
    const app = harnessProject();
    const first = runner(app, { isolated: true }).runner;
    const second = runner(app, { isolated: true }).runner;
    await first.import('./set.ts');
    expect((await first.import('./read.ts')).marker).toBe('set');
    expect((await second.import('./read.ts')).marker).toBeUndefined();
    expect('hotNodeMarker' in host).toBe(false);
  });

  it('loads a package under node_modules once: both runners get the same instance', async () => {
    const app = harnessProject();
    const first = runner(app, { isolated: true }).runner;
    const second = runner(app, { isolated: true }).runner;
    const a = await first.import('./shared.ts');
    const b = await second.import('./shared.ts');
    expect(a.instance).toBe(b.instance);
    expect(host.hotNodePackageLoads).toBe(1);
  });

  it("applies an update to one runner's modules only", async () => {
    const app = harnessProject();
    const first = runner(app, { isolated: true });
    const second = runner(app, { isolated: true });
    app.write({ 'value.ts': 'export const value = 1;\nimport.meta.hot.accept();\n' });
    await first.runner.import('./value.ts');
    await second.runner.import('./value.ts');
    const report = await first.runner.update(
      first.write({ 'value.ts': 'export const value = 2;\nimport.meta.hot.accept();\n' }),
    );
    expect(report.outcome).toBe('hot-update');
    expect((await first.runner.import('./value.ts')).value).toBe(2);
    expect((await second.runner.import('./value.ts')).value).toBe(1);
  });

  it("reports an update's error (its context's Error) at its place in the edited source", async () => {
    const app = harnessProject();
    const { runner: hot, write } = runner(app, { isolated: true });
    app.write({ 'value.ts': lines('export const value = 1;', 'import.meta.hot.accept();', '', '') });
    await hot.import('./value.ts');
    const heard: Array<{ message: string; stack?: string }> = [];
    hot.on('vite:error', (payload) => void heard.push(payload.err));
    const report = await hot.update(
      write({
        'value.ts': lines(
          'export const value: number = 2;',
          'import.meta.hot.accept();',
          "const n: number = 1; throw new Error('broken ' + n);",
        ),
      }),
    );
    const error = report.errors[0]?.error as Error;
    expect(error.stack).toContain(`${app.file('value.ts')}:3:28`);
    expect(heard).toEqual([{ message: 'broken 1', stack: error.stack }]);
  });
});
