import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type FileTree, rejectionOf, runNode, runProgram, useFixtures } from './helpers.js';

const { project, runner } = useFixtures();

/** A CommonJS package, an ES module package with conditional exports, and an `__esModule` one. */
const packages: FileTree = {
  'node_modules/cjs-pkg/package.json': { name: 'cjs-pkg', main: './index.js' },
  'node_modules/cjs-pkg/index.js': [
    'class Widget {}',
    'exports.Widget = Widget;',
    'exports.make = () => new Widget();',
    'exports.isArray = (value) => value instanceof Array;',
    "exports.named = 'named';",
  ].join('\n'),
  'node_modules/esm-pkg/package.json': {
    name: 'esm-pkg',
    type: 'module',
    exports: {
      '.': { custom: './custom.js', import: './index.js', require: './index.cjs' },
      './feature': './feature.js',
    },
  },
  'node_modules/esm-pkg/index.js': "export default 'esm default';\nexport const flavour = 'import';",
  'node_modules/esm-pkg/custom.js': "export default 'custom default';\nexport const flavour = 'custom';",
  'node_modules/esm-pkg/index.cjs': "exports.flavour = 'require';",
  'node_modules/esm-pkg/feature.js': 'export const feature = true;',
  'node_modules/flagged/package.json': { name: 'flagged', main: './index.js' },
  'node_modules/flagged/index.js': [
    "Object.defineProperty(exports, '__esModule', { value: true });",
    "exports.default = 'inner default';",
    'exports.x = 1;',
  ].join('\n'),
};

/** Prints how each package looks to an importer, for comparing hot-node with native Node. */
const interopProbe = [
  "import cjsDefault, * as cjsNs from 'cjs-pkg';",
  "import esmDefault, * as esmNs from 'esm-pkg';",
  "import flaggedDefault, * as flaggedNs from 'flagged';",
  "import { feature } from 'esm-pkg/feature';",
  'console.log(JSON.stringify({',
  '  cjsDefault: Object.keys(cjsDefault),',
  '  cjsNs: Object.keys(cjsNs),',
  '  esmDefault,',
  '  esmNs: Object.keys(esmNs),',
  '  flavour: esmNs.flavour,',
  '  flaggedDefault,',
  '  flaggedNs: Object.keys(flaggedNs),',
  '  feature,',
  '}));',
].join('\n');

describe('packages', () => {
  it('have the default and named exports native Node gives them', async () => {
    const files = { ...packages, 'package.json': { type: 'module' }, 'main.js': interopProbe };
    const hot = project(files);
    const native = project(files);
    const [hotRun, nativeRun] = await Promise.all([
      runProgram(hot.root, ['main.js']),
      runNode(native.root, ['main.js']),
    ]);
    expect(nativeRun.stderr).toBe('');
    expect(hotRun.stdout).toBe(nativeRun.stdout);
  });

  it('resolve with the export conditions given on the command line, as native Node does', async () => {
    const files = { ...packages, 'package.json': { type: 'module' }, 'main.js': interopProbe };
    const hot = project(files);
    const native = project(files);
    const [hotRun, nativeRun] = await Promise.all([
      runProgram(hot.root, ['--conditions=custom', 'main.js']),
      runNode(native.root, ['--conditions=custom', 'main.js']),
    ]);
    expect(nativeRun.stdout).toContain('"flavour":"custom"');
    expect(hotRun.stdout).toBe(nativeRun.stdout);
  });

  it('resolve with the conditions given to createRunner', async () => {
    const app = project({
      ...packages,
      'package.json': { type: 'module' },
      'main.ts': "export { flavour } from 'esm-pkg';",
    });
    const ns = await runner(app, { conditions: ['custom'] }).import('./main.ts');
    expect(ns.flavour).toBe('custom');
  });

  it('resolve with the require condition from a CommonJS module', async () => {
    const app = project({
      ...packages,
      'package.json': { type: 'module' },
      'main.cjs': "module.exports = require('esm-pkg').flavour;",
    });
    const ns = await runner(app).import('./main.cjs');
    expect(ns.default).toBe('require');
  });

  it('share one realm with the project in the default mode: instanceof works both ways', async () => {
    const app = project({
      ...packages,
      'package.json': { type: 'module' },
      'main.ts': [
        "import { Widget, make, isArray } from 'cjs-pkg';",
        'export const madeByPackage = make() instanceof Widget;',
        'export const madeByProject = new Widget() instanceof Widget;',
        'export const arrayFromProject = isArray([]);',
      ].join('\n'),
    });
    const ns = await runner(app).import('./main.ts');
    expect(ns).toMatchObject({ madeByPackage: true, madeByProject: true, arrayFromProject: true });
  });

  it('are loaded natively, never transformed: the record is external', async () => {
    const app = project({
      ...packages,
      'package.json': { type: 'module' },
      'main.ts': "export { flavour } from 'esm-pkg';",
    });
    const modules = runner(app);
    await modules.import('./main.ts');
    expect(modules.getModule(app.url('node_modules/esm-pkg/index.js'))?.external).toBe(true);
    expect(modules.getModule(app.url('main.ts'))?.external).toBe(false);
  });

  it('are never transformed: a TypeScript file in a package fails as it does in native Node', async () => {
    // Through the CLI: in-process, vitest's own loader would answer the runner's native import().
    const app = project({
      'package.json': { type: 'module' },
      'node_modules/ts-pkg/package.json': { name: 'ts-pkg', type: 'module', exports: './index.ts' },
      'node_modules/ts-pkg/index.ts': 'export const typed: number = 1;',
      'main.ts': "import { typed } from 'ts-pkg';\nconsole.log(typed);",
    });
    const run = await runProgram(app.root, ['main.ts']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(app.file('node_modules/ts-pkg/index.ts'));
  });

  it('reject with ERR_MODULE_NOT_FOUND when not installed', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'main.ts': "export * from 'not-installed';",
    });
    const error = await rejectionOf(runner(app).import('./main.ts'));
    expect(error.code).toBe('ERR_MODULE_NOT_FOUND');
    expect(error.message).toContain("'not-installed'");
  });
});

describe('builtins', () => {
  it('are the host’s own modules, with and without the node: prefix', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'main.ts': [
        "import fsDefault, { readFileSync } from 'fs';",
        "import * as prefixed from 'node:fs';",
        'export { fsDefault, readFileSync, prefixed };',
      ].join('\n'),
    });
    const ns = await runner(app).import('./main.ts');
    expect(ns.fsDefault).toBe(fs);
    expect(ns.readFileSync).toBe(fs.readFileSync);
    expect((ns.prefixed as typeof fs).readFileSync).toBe(fs.readFileSync);
  });

  it('are the host’s own modules in require(), with and without the node: prefix', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'main.cjs': "module.exports = [require('path'), require('node:path')];",
    });
    const ns = await runner(app).import('./main.cjs');
    expect(ns.default).toEqual([path, path]);
    expect((ns.default as unknown[])[0]).toBe(path);
    expect((ns.default as unknown[])[1]).toBe(path);
  });

  it('that exist only with the node: prefix are found with it', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'main.ts': "import { test } from 'node:test';\nexport const kind = typeof test;",
    });
    const ns = await runner(app).import('./main.ts');
    expect(ns.kind).toBe('function');
  });
});
