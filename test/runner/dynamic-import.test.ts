import { describe, expect, it } from 'vitest';
import { rejectionOf, useFixtures } from './helpers.js';

const { project, runner } = useFixtures();

/** `counted.ts` counts its evaluations in `counter.ts`. */
const countedModules = {
  'package.json': { type: 'module' },
  'counter.ts': 'export let evaluations = 0;\nexport function count(): void {\n  evaluations++;\n}',
  'counted.ts': "import { count } from './counter.ts';\ncount();\nexport const value: number = 1;",
};

describe('import()', () => {
  it('returns the same namespace object as a static import of the module', async () => {
    const app = project({
      ...countedModules,
      'main.ts': [
        "import * as staticNamespace from './counted.ts';",
        "const dynamicNamespace = await import('./counted.ts');",
        'export const same = dynamicNamespace === staticNamespace;',
      ].join('\n'),
    });
    const ns = await runner(app).import('./main.ts');
    expect(ns.same).toBe(true);
  });

  it('evaluates a module once when two imports of it run concurrently', async () => {
    const app = project({
      ...countedModules,
      'main.ts': [
        "import * as counter from './counter.ts';",
        "const [a, b] = await Promise.all([import('./counted.ts'), import('./counted.ts')]);",
        'export const same = a === b;',
        'export const evaluations = counter.evaluations;',
      ].join('\n'),
    });
    const ns = await runner(app).import('./main.ts');
    expect(ns).toMatchObject({ same: true, evaluations: 1 });
  });

  it('gives the same namespace to concurrent runner.import calls, evaluating the module once', async () => {
    const app = project(countedModules);
    const modules = runner(app);
    const [a, b] = await Promise.all([modules.import('./counted.ts'), modules.import('./counted.ts')]);
    const counter = await modules.import('./counter.ts');
    expect(a).toBe(b);
    expect(counter.evaluations).toBe(1);
  });

  it('resolves relative to the importing module', async () => {
    const app = project({
      ...countedModules,
      'sub/main.ts': "export const load = () => import('../counted.ts');",
    });
    const ns = await runner(app).import('./sub/main.ts');
    const loaded = await (ns.load as () => Promise<Record<string, unknown>>)();
    expect(loaded.value).toBe(1);
  });

  it('rejects with ERR_MODULE_NOT_FOUND for a missing module, which the importer can catch', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'main.ts': "export const load = () => import('./missing.ts');",
    });
    const ns = await runner(app).import('./main.ts');
    const error = await rejectionOf((ns.load as () => Promise<unknown>)());
    expect(error.code).toBe('ERR_MODULE_NOT_FOUND');
  });

  it('of a computed specifier loads the module it names at run time', async () => {
    const app = project({
      ...countedModules,
      'main.ts':
        "const name = ['count', 'ed'].join('');\nexport const ns = await import('./' + name + '.ts');",
    });
    const ns = await runner(app).import('./main.ts');
    expect((ns.ns as Record<string, unknown>).value).toBe(1);
  });
});
