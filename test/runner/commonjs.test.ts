import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rejectionOf, runNode, runProgram, useFixtures } from './helpers.js';

const { project, runner } = useFixtures();

describe('which files are CommonJS', () => {
  it('runs a .cjs file as CommonJS', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'lib.cjs':
        'module.exports = { require: typeof require, module: typeof module, exports: typeof exports };',
    });
    const ns = await runner(app).import('./lib.cjs');
    expect(ns.default).toEqual({ require: 'function', module: 'object', exports: 'object' });
  });

  it('runs a .cts file as CommonJS with its types removed', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'lib.cts':
        'interface Shape { sides: number }\nconst square: Shape = { sides: 4 };\nmodule.exports = square;',
    });
    const ns = await runner(app).import('./lib.cts');
    expect(ns.default).toEqual({ sides: 4 });
  });

  it('runs a .js file under "type": "commonjs" as CommonJS', async () => {
    const app = project({
      'package.json': { type: 'commonjs' },
      'lib.js': 'exports.kind = typeof module;',
    });
    const ns = await runner(app).import('./lib.js');
    expect(ns.kind).toBe('object');
  });

  it('detects a .js file without a "type" field that uses require as CommonJS', async () => {
    const app = project({
      'package.json': { name: 'no-type' },
      'lib.js': "const path = require('node:path');\nexports.separator = path.sep;",
    });
    const ns = await runner(app).import('./lib.js');
    expect(ns.separator).toBe(path.sep);
  });

  it('detects a .js file without a "type" field that uses export as an ES module', async () => {
    const app = project({
      'package.json': { name: 'no-type' },
      'lib.js': 'export const kind = typeof module;\nexport const self = this;',
    });
    const ns = await runner(app).import('./lib.js');
    expect(ns).toMatchObject({ kind: 'undefined', self: undefined });
  });
});

describe('importing CommonJS from an ES module', () => {
  it('gives module.exports as the default export and statically detected names as named exports', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'lib.cjs': 'exports.named = 1;\nexports.other = 2;',
      'main.js': [
        "import lib, { named, other } from './lib.cjs';",
        "import libAgain from './lib.cjs';",
        'export const result = { lib, named, other, same: lib === libAgain };',
      ].join('\n'),
    });
    const ns = await runner(app).import('./main.js');
    expect(ns.result).toEqual({ lib: { named: 1, other: 2 }, named: 1, other: 2, same: true });
  });

  it('gives module.exports as the default export even when it is marked __esModule, as Node does', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'compiled.cjs': [
        "Object.defineProperty(exports, '__esModule', { value: true });",
        "exports.default = 'inner default';",
        'exports.named = 1;',
      ].join('\n'),
      'main.js': "import compiled from './compiled.cjs';\nexport { compiled };",
    });
    const ns = await runner(app).import('./main.js');
    expect(ns.compiled).toEqual({ default: 'inner default', named: 1 });
  });

  it('has no named export for a property added dynamically, as in Node', async () => {
    const files = {
      'package.json': { type: 'module' },
      'lib.cjs': "const key = ['dyn', 'amic'].join('');\nexports[key] = 1;\nexports.plain = 2;",
      'main.mjs': [
        "import * as ns from './lib.cjs';",
        'console.log(JSON.stringify({ keys: Object.keys(ns), default: ns.default }));',
      ].join('\n'),
    };
    const hot = project(files);
    const native = project(files);
    const [hotRun, nativeRun] = await Promise.all([
      runProgram(hot.root, ['main.mjs']),
      runNode(native.root, ['main.mjs']),
    ]);
    const nativeKeys = (JSON.parse(nativeRun.stdout) as { keys: string[] }).keys;
    expect(nativeKeys).toContain('plain');
    expect(nativeKeys).not.toContain('dynamic');
    expect(hotRun.stdout).toBe(nativeRun.stdout);
  });

  it('takes the named exports of a module.exports = require() re-export, as in Node', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'inner.cjs': 'exports.deep = 42;',
      'outer.cjs': "module.exports = require('./inner.cjs');",
      'main.js': "import { deep } from './outer.cjs';\nexport const value = deep;",
    });
    const ns = await runner(app).import('./main.js');
    expect(ns.value).toBe(42);
  });

  it('evaluates a CommonJS module once for both import and require', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'state.cjs':
        'globalThis.hotNodeStateLoads = (globalThis.hotNodeStateLoads ?? 0) + 1;\nmodule.exports = {};',
      'viaRequire.cjs': "module.exports = require('./state.cjs');",
      'main.js': [
        "import imported from './state.cjs';",
        "import required from './viaRequire.cjs';",
        'export const same = imported === required;',
        'export const loads = globalThis.hotNodeStateLoads;',
        'delete globalThis.hotNodeStateLoads;',
      ].join('\n'),
    });
    const ns = await runner(app).import('./main.js');
    expect(ns).toMatchObject({ same: true, loads: 1 });
  });
});

describe('require() in a CommonJS module', () => {
  it('loads a local TypeScript file through the runner', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'util.ts': 'export const double = (n: number): number => n * 2;',
      'main.cjs': "const { double } = require('./util.ts');\nmodule.exports = double(21);",
    });
    const ns = await runner(app).import('./main.cjs');
    expect(ns.default).toBe(42);
  });

  it('returns the namespace of an ES module without top-level await', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'esm.mjs': "export const value = 1;\nexport default 'dflt';",
      'main.cjs': [
        "const ns = require('./esm.mjs');",
        'module.exports = { tag: Object.prototype.toString.call(ns), value: ns.value, dflt: ns.default };',
      ].join('\n'),
    });
    const ns = await runner(app).import('./main.cjs');
    expect(ns.default).toEqual({ tag: '[object Module]', value: 1, dflt: 'dflt' });
  });

  it('throws ERR_REQUIRE_ASYNC_MODULE for an ES module with top-level await', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'esm.mjs': 'await Promise.resolve();\nexport const value = 1;',
      'main.cjs': [
        'try {',
        "  require('./esm.mjs');",
        "  module.exports = 'no error';",
        '} catch (error) {',
        '  module.exports = error.code;',
        '}',
      ].join('\n'),
    });
    const ns = await runner(app).import('./main.cjs');
    expect(ns.default).toBe('ERR_REQUIRE_ASYNC_MODULE');
  });

  it('returns the partial exports of a module that is still running (a require cycle)', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'a.cjs': [
        'exports.before = 1;',
        "const b = require('./b.cjs');",
        'exports.after = 2;',
        'exports.seenByB = b.seen;',
      ].join('\n'),
      'b.cjs': "const a = require('./a.cjs');\nexports.seen = { ...a };",
    });
    const ns = await runner(app).import('./a.cjs');
    expect(ns.default).toEqual({ before: 1, after: 2, seenByB: { before: 1 } });
  });

  it('returns the parsed value of a JSON file', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'data.json': '{ "answer": 42 }',
      'main.cjs': "module.exports = require('./data.json');",
    });
    const ns = await runner(app).import('./main.cjs');
    expect(ns.default).toEqual({ answer: 42 });
  });

  it('resolves paths with require.resolve', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'node_modules/dep/package.json': { name: 'dep', main: 'main.js' },
      'node_modules/dep/main.js': '',
      'util.cjs': '',
      'main.cjs': "module.exports = [require.resolve('./util.cjs'), require.resolve('dep')];",
    });
    const ns = await runner(app).import('./main.cjs');
    expect(ns.default).toEqual([app.file('util.cjs'), app.file('node_modules/dep/main.js')]);
  });

  it('rejects with MODULE_NOT_FOUND for a missing file', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'main.cjs': "require('./missing.cjs');",
    });
    const error = await rejectionOf(runner(app).import('./main.cjs'));
    expect(error.code).toBe('MODULE_NOT_FOUND');
  });
});

describe('the scope of a CommonJS module', () => {
  it('has __filename and __dirname of the file', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'sub/lib.cjs': 'module.exports = { filename: __filename, dirname: __dirname };',
    });
    const ns = await runner(app).import('./sub/lib.cjs');
    expect(ns.default).toEqual({ filename: app.file('sub/lib.cjs'), dirname: app.file('sub') });
  });

  it('runs with this === module.exports', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'lib.cjs': 'exports.thisIsExports = this === module.exports;',
    });
    const ns = await runner(app).import('./lib.cjs');
    expect(ns.default).toEqual({ thisIsExports: true });
  });

  it('loads an ES module with import() through the runner', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'util.ts': 'export const typed: string = "from ts";',
      'main.cjs': "module.exports = import('./util.ts').then((ns) => ns.typed);",
    });
    const ns = await runner(app).import('./main.cjs');
    expect(await ns.default).toBe('from ts');
  });
});
