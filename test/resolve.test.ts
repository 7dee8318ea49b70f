import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ModuleResolver, type TsconfigPathOptions, type TsconfigSource } from '../src/runner/resolve.js';

const tempDirs: string[] = [];

/** A fresh real temp folder (real path, so results compare with what the resolver returns). */
function makeTempDir(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hot-node-resolve-')));
  tempDirs.push(dir);
  return dir;
}

function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
}

/** Writes files (objects are written as JSON) under `root`, creating folders as needed. */
function writeTree(root: string, files: Record<string, string | object>): void {
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  }
}

function fileUrl(root: string, relative: string): string {
  return pathToFileURL(path.join(root, relative)).href;
}

/** Runs `fn` and returns what it threw (fails the test when it does not throw). */
function thrown(fn: () => unknown): Error & { code?: string } {
  try {
    fn();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected an error');
}

function tsconfigWith(options: TsconfigPathOptions): TsconfigSource {
  return { forFile: () => ({ compilerOptions: options }) };
}

describe('JavaScript importers: the same answers as native Node', () => {
  let root: string;
  type NativeResult = { url: string } | { code: string; message: string };
  let native: Record<string, NativeResult>;

  const resolvable = [
    './util.js',
    './util.js?x=1#part',
    './my%20file.js',
    '../package.json',
    '#util',
    '#internal/a',
    'app',
    'app/feature',
    'pkg',
    'pkg/sub',
    'pkg/feat/deep',
    'legacy',
    '@scope/pkg',
    'cjs-only',
    'fs',
    'node:fs',
    'fs/promises',
  ];
  const failing = [
    './util',
    './dir',
    'pkg/nope',
    '#nope',
    'nope-pkg',
    '@scope',
    './a%2fb.js',
    'node:nope',
    'https://example.com/x.js',
    './style.css',
  ];

  beforeAll(() => {
    root = makeTempDir();
    writeTree(root, {
      'package.json': {
        name: 'app',
        type: 'module',
        imports: { '#util': './src/util.js', '#internal/*': './src/internal/*.js' },
        exports: { '.': './src/index.js', './feature': './src/feature.js' },
      },
      'src/index.js': '',
      'src/util.js': '',
      'src/feature.js': '',
      'src/internal/a.js': '',
      'src/my file.js': '',
      'src/style.css': '',
      'src/dir/file.js': '',
      'node_modules/pkg/package.json': {
        name: 'pkg',
        exports: {
          '.': { import: './esm.mjs', require: './cjs.cjs' },
          './sub': './sub.js',
          './feat/*': './feat/*.js',
        },
      },
      'node_modules/pkg/esm.mjs': '',
      'node_modules/pkg/cjs.cjs': '',
      'node_modules/pkg/sub.js': '',
      'node_modules/pkg/feat/deep.js': '',
      'node_modules/legacy/package.json': { name: 'legacy', main: 'lib/main.js' },
      'node_modules/legacy/lib/main.js': '',
      'node_modules/@scope/pkg/package.json': { name: '@scope/pkg', exports: './index.js' },
      'node_modules/@scope/pkg/index.js': '',
      'node_modules/cjs-only/package.json': { name: 'cjs-only' },
      'node_modules/cjs-only/index.js': '',
    });
    // Native answers come from a module at the importer's place: import.meta.resolve for what resolves,
    // import() for errors (Node 20's import.meta.resolve forgives missing files).
    const probe = path.join(root, 'src/probe.mjs');
    fs.writeFileSync(
      probe,
      `const out = {};
for (const s of ${JSON.stringify(resolvable)}) out[s] = { url: import.meta.resolve(s) };
for (const s of ${JSON.stringify(failing)}) {
  try { await import(s); out[s] = { url: 'loaded' }; }
  catch (e) { out[s] = { code: e.code, message: e.message }; }
}
process.stdout.write(JSON.stringify(out));`,
    );
    // Node 20 computes its "Did you mean" hint from the working directory rather than the importer's
    // folder; running there keeps its hints right, so they can be compared.
    native = JSON.parse(
      execFileSync(process.execPath, [probe], { cwd: path.dirname(probe), encoding: 'utf8' }),
    );
  });
  afterAll(removeTempDirs);

  it.each(resolvable)('resolves %s to the URL Node resolves', (specifier) => {
    const resolver = new ModuleResolver();
    expect(resolver.resolve(specifier, fileUrl(root, 'src/probe.mjs')).url).toBe(
      (native[specifier] as { url: string }).url,
    );
  });

  it.each(failing)('fails on %s with the code and message Node gives', (specifier) => {
    const resolver = new ModuleResolver();
    const error = thrown(() => resolver.resolve(specifier, fileUrl(root, 'src/probe.mjs')));
    const expected = native[specifier] as { code: string; message: string };
    expect({ code: error.code, message: error.message }).toEqual(expected);
  });

  it('names the error code in the stack as Node does', () => {
    const resolver = new ModuleResolver();
    const error = thrown(() => resolver.resolve('node:nope', fileUrl(root, 'src/probe.mjs')));
    expect(error.stack?.split('\n')[0]).toBe(
      'Error [ERR_UNKNOWN_BUILTIN_MODULE]: No such built-in module: node:nope',
    );
  });
});

describe('JavaScript importers', () => {
  afterEach(removeTempDirs);

  it('does not apply TypeScript habits: an extensionless import fails even when a .ts file exists', () => {
    const root = makeTempDir();
    writeTree(root, { 'a.ts': '', 'main.js': '' });
    const error = thrown(() => new ModuleResolver().resolve('./a', fileUrl(root, 'main.js')));
    expect(error.code).toBe('ERR_MODULE_NOT_FOUND');
  });

  it('resolves an absolute path and a file: URL specifier', () => {
    const root = makeTempDir();
    writeTree(root, { 'lib/x.mjs': '' });
    const resolver = new ModuleResolver();
    const parent = fileUrl(root, 'main.js');
    expect(resolver.resolve(path.join(root, 'lib/x.mjs'), parent).file).toBe(path.join(root, 'lib/x.mjs'));
    expect(resolver.resolve(fileUrl(root, 'lib/x.mjs'), parent).file).toBe(path.join(root, 'lib/x.mjs'));
  });

  it('keeps query and hash in the URL but not in the file path', () => {
    const root = makeTempDir();
    writeTree(root, { 'a.mjs': '' });
    const resolved = new ModuleResolver().resolve('./a.mjs?v=2#x', fileUrl(root, 'main.js'));
    expect(resolved).toMatchObject({
      url: `${fileUrl(root, 'a.mjs')}?v=2#x`,
      file: path.join(root, 'a.mjs'),
    });
  });

  it('picks export conditions from the options in addition to node and import', () => {
    const root = makeTempDir();
    writeTree(root, {
      'node_modules/cond/package.json': {
        name: 'cond',
        exports: { development: './dev.mjs', import: './prod.mjs' },
      },
      'node_modules/cond/dev.mjs': '',
      'node_modules/cond/prod.mjs': '',
    });
    const parent = fileUrl(root, 'main.mjs');
    expect(new ModuleResolver().resolve('cond', parent).file).toBe(
      path.join(root, 'node_modules/cond/prod.mjs'),
    );
    expect(new ModuleResolver({ conditions: ['development'] }).resolve('cond', parent).file).toBe(
      path.join(root, 'node_modules/cond/dev.mjs'),
    );
  });

  it('resolves a package to itself by its own name (self-reference)', () => {
    const root = makeTempDir();
    writeTree(root, {
      'package.json': { name: 'me', exports: { './tool': './lib/tool.mjs' } },
      'lib/tool.mjs': '',
    });
    expect(new ModuleResolver().resolve('me/tool', fileUrl(root, 'src/main.mjs')).file).toBe(
      path.join(root, 'lib/tool.mjs'),
    );
  });

  it('marks builtins, with or without node:, as external builtin modules', () => {
    const resolver = new ModuleResolver();
    const expected = { url: 'node:path', file: undefined, external: true, format: 'builtin' };
    expect(resolver.resolve('path', 'file:///app/main.js')).toEqual(expected);
    expect(resolver.resolve('node:path', 'file:///app/main.js')).toEqual(expected);
  });

  it('marks files inside node_modules as external and user files as not', () => {
    const root = makeTempDir();
    writeTree(root, {
      'node_modules/dep/index.js': '',
      'node_modules/dep/package.json': { name: 'dep' },
      'a.mjs': '',
    });
    const resolver = new ModuleResolver();
    expect(resolver.resolve('dep', fileUrl(root, 'main.mjs')).external).toBe(true);
    expect(resolver.resolve('./a.mjs', fileUrl(root, 'main.mjs')).external).toBe(false);
  });

  it('resolves a symlinked workspace package to its real path, which is not external', () => {
    const root = makeTempDir();
    writeTree(root, {
      'packages/lib/package.json': { name: 'lib', exports: './index.js' },
      'packages/lib/index.js': '',
    });
    fs.mkdirSync(path.join(root, 'app/node_modules'), { recursive: true });
    fs.symlinkSync(path.join(root, 'packages/lib'), path.join(root, 'app/node_modules/lib'), 'junction');
    const resolved = new ModuleResolver().resolve('lib', fileUrl(root, 'app/main.mjs'));
    expect(resolved).toMatchObject({ file: path.join(root, 'packages/lib/index.js'), external: false });
  });

  it('keeps the symlinked path, inside node_modules and external, with preserveSymlinks', () => {
    const root = makeTempDir();
    writeTree(root, {
      'packages/lib/package.json': { name: 'lib', exports: './index.js' },
      'packages/lib/index.js': '',
    });
    fs.mkdirSync(path.join(root, 'app/node_modules'), { recursive: true });
    fs.symlinkSync(path.join(root, 'packages/lib'), path.join(root, 'app/node_modules/lib'), 'junction');
    const resolved = new ModuleResolver({ preserveSymlinks: true }).resolve(
      'lib',
      fileUrl(root, 'app/main.mjs'),
    );
    expect(resolved).toMatchObject({
      file: path.join(root, 'app/node_modules/lib/index.js'),
      external: true,
    });
  });

  it('accepts data: URLs as external modules with the format of their MIME type', () => {
    const resolved = new ModuleResolver().resolve(
      'data:text/javascript,export default 1',
      'file:///app/a.js',
    );
    expect(resolved).toEqual({
      url: 'data:text/javascript,export default 1',
      file: undefined,
      external: true,
      format: 'module',
    });
  });
});

describe('formats', () => {
  afterEach(removeTempDirs);

  function formatOf(root: string, relative: string): string {
    return new ModuleResolver().resolve(`./${relative}`, fileUrl(root, 'main.ts')).format;
  }

  it('takes .mjs/.mts as module, .cjs/.cts as commonjs and .json as json, whatever the package type', () => {
    const root = makeTempDir();
    writeTree(root, {
      'package.json': { type: 'commonjs' },
      'a.mjs': '',
      'b.mts': '',
      'c.cjs': '',
      'd.cts': '',
    });
    writeTree(root, { 'e.json': '{}' });
    expect(['a.mjs', 'b.mts', 'c.cjs', 'd.cts', 'e.json'].map((file) => formatOf(root, file))).toEqual([
      'module',
      'module',
      'commonjs',
      'commonjs',
      'json',
    ]);
  });

  it('takes .js/.ts/.jsx/.tsx as module in a "type": "module" package', () => {
    const root = makeTempDir();
    writeTree(root, {
      'package.json': { type: 'module' },
      'src/a.js': '',
      'src/b.ts': '',
      'c.jsx': '',
      'd.tsx': '',
    });
    expect(['src/a.js', 'src/b.ts', 'c.jsx', 'd.tsx'].map((file) => formatOf(root, file))).toEqual([
      'module',
      'module',
      'module',
      'module',
    ]);
  });

  it('takes .js and .ts as commonjs in an explicit "type": "commonjs" package', () => {
    const root = makeTempDir();
    writeTree(root, { 'package.json': { type: 'commonjs' }, 'a.js': '', 'b.ts': '' });
    expect([formatOf(root, 'a.js'), formatOf(root, 'b.ts')]).toEqual(['commonjs', 'commonjs']);
  });

  it('leaves .js and .ts to syntax detection when the package has no type field', () => {
    const root = makeTempDir();
    writeTree(root, { 'package.json': { name: 'untyped' }, 'a.js': '', 'b.ts': '' });
    expect([formatOf(root, 'a.js'), formatOf(root, 'b.ts')]).toEqual(['detect', 'detect']);
  });

  it('uses the nearest package.json, not an outer one', () => {
    const root = makeTempDir();
    writeTree(root, { 'package.json': { type: 'module' }, 'legacy/package.json': {}, 'legacy/a.js': '' });
    expect(formatOf(root, 'legacy/a.js')).toBe('detect');
  });

  it('rejects a user file with an unknown extension with ERR_UNKNOWN_FILE_EXTENSION', () => {
    const root = makeTempDir();
    writeTree(root, { 'styles.css': '' });
    const error = thrown(() => formatOf(root, 'styles.css'));
    expect(error).toMatchObject({
      code: 'ERR_UNKNOWN_FILE_EXTENSION',
      message: `Unknown file extension ".css" for ${path.join(root, 'styles.css')}`,
    });
    expect(error).toBeInstanceOf(TypeError);
  });

  it('reports an unreadable package.json with ERR_INVALID_PACKAGE_CONFIG', () => {
    const root = makeTempDir();
    writeTree(root, { 'package.json': '{ not json', 'a.js': '' });
    expect(thrown(() => formatOf(root, 'a.js')).code).toBe('ERR_INVALID_PACKAGE_CONFIG');
  });
});

describe('TypeScript importers', () => {
  afterEach(removeTempDirs);

  function resolveFromTs(
    root: string,
    specifier: string,
    options: ConstructorParameters<typeof ModuleResolver>[0] = {},
  ) {
    return new ModuleResolver(options).resolve(specifier, fileUrl(root, 'src/main.ts'));
  }

  it('resolves an extensionless import to the .ts file', () => {
    const root = makeTempDir();
    writeTree(root, { 'src/util.ts': '' });
    expect(resolveFromTs(root, './util').file).toBe(path.join(root, 'src/util.ts'));
  });

  it('prefers .ts over .tsx and .js for an extensionless import', () => {
    const root = makeTempDir();
    writeTree(root, { 'src/util.js': '', 'src/util.tsx': '', 'src/util.ts': '' });
    expect(resolveFromTs(root, './util').file).toBe(path.join(root, 'src/util.ts'));
  });

  it('falls back to a .js file for an extensionless import when no TypeScript source exists', () => {
    const root = makeTempDir();
    writeTree(root, { 'src/util.js': '', 'src/util.json': '{}' });
    expect(resolveFromTs(root, './util').file).toBe(path.join(root, 'src/util.js'));
  });

  it('resolves a directory import to its index.ts', () => {
    const root = makeTempDir();
    writeTree(root, { 'src/lib/index.js': '', 'src/lib/index.ts': '' });
    expect(resolveFromTs(root, './lib').file).toBe(path.join(root, 'src/lib/index.ts'));
  });

  it('resolves a .js specifier to the .ts source even when the .js file exists', () => {
    const root = makeTempDir();
    writeTree(root, { 'src/util.ts': '', 'src/util.js': '' });
    expect(resolveFromTs(root, './util.js').file).toBe(path.join(root, 'src/util.ts'));
  });

  it('resolves a .js specifier to the .js file when there is no TypeScript source', () => {
    const root = makeTempDir();
    writeTree(root, { 'src/plain.js': '' });
    expect(resolveFromTs(root, './plain.js').file).toBe(path.join(root, 'src/plain.js'));
  });

  it('maps .mjs to .mts, .cjs to .cts and .jsx to .tsx', () => {
    const root = makeTempDir();
    writeTree(root, { 'src/a.mts': '', 'src/b.cts': '', 'src/c.tsx': '' });
    expect(['./a.mjs', './b.cjs', './c.jsx'].map((specifier) => resolveFromTs(root, specifier).file)).toEqual(
      [path.join(root, 'src/a.mts'), path.join(root, 'src/b.cts'), path.join(root, 'src/c.tsx')],
    );
  });

  it('keeps query and hash on a probed file', () => {
    const root = makeTempDir();
    writeTree(root, { 'src/util.ts': '' });
    expect(resolveFromTs(root, './util?v=3#h').url).toBe(`${fileUrl(root, 'src/util.ts')}?v=3#h`);
  });

  it('applies the habits to imports from .tsx, .mts and .cts files too', () => {
    const root = makeTempDir();
    writeTree(root, { 'src/util.ts': '' });
    const resolver = new ModuleResolver();
    for (const importer of ['src/view.tsx', 'src/a.mts', 'src/b.cts']) {
      expect(resolver.resolve('./util', fileUrl(root, importer)).file).toBe(path.join(root, 'src/util.ts'));
    }
  });

  it('probes a file: URL specifier too', () => {
    const root = makeTempDir();
    writeTree(root, { 'src/util.ts': '' });
    expect(resolveFromTs(root, fileUrl(root, 'src/util')).file).toBe(path.join(root, 'src/util.ts'));
  });

  it('keeps Node rejecting encoded slashes with ERR_INVALID_MODULE_SPECIFIER', () => {
    const root = makeTempDir();
    expect(thrown(() => resolveFromTs(root, './a%2Fb')).code).toBe('ERR_INVALID_MODULE_SPECIFIER');
  });

  it('resolves a package.json imports entry that names a folder to its index file', () => {
    const root = makeTempDir();
    writeTree(root, { 'package.json': { imports: { '#lib': './src/lib' } }, 'src/lib/index.ts': '' });
    expect(resolveFromTs(root, '#lib').file).toBe(path.join(root, 'src/lib/index.ts'));
  });

  it('lists the importer, the specifier and every file tried when nothing is found', () => {
    const root = makeTempDir();
    writeTree(root, { 'src/main.ts': '' });
    const error = thrown(() => resolveFromTs(root, './util'));
    const at = (name: string) => path.join(root, 'src', name);
    const extensions = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json'];
    const tried = [
      ...extensions.map((extension) => at(`util${extension}`)),
      at('util'),
      ...extensions.map((extension) => at(`util/index${extension}`)),
    ];
    expect(error.code).toBe('ERR_MODULE_NOT_FOUND');
    expect(error.message).toBe(
      `Cannot find module './util' imported from ${at('main.ts')}\n  tried: ${tried.join(', ')}`,
    );
  });

  it('resolves a tsconfig paths pattern, the longest matching prefix winning', () => {
    const root = makeTempDir();
    writeTree(root, { 'src/shared/x.ts': '', 'src/shared/special/x.ts': '', 'other/x.ts': '' });
    const tsconfig = tsconfigWith({
      pathsBase: root,
      paths: {
        '@app/*': ['./src/shared/*'],
        '@app/special/*': ['./src/shared/special/*'],
        'x*': ['./other/*'],
      },
    });
    expect(resolveFromTs(root, '@app/special/x', { tsconfig }).file).toBe(
      path.join(root, 'src/shared/special/x.ts'),
    );
    expect(resolveFromTs(root, '@app/x', { tsconfig }).file).toBe(path.join(root, 'src/shared/x.ts'));
  });

  it('prefers an exact tsconfig paths key over a pattern', () => {
    const root = makeTempDir();
    writeTree(root, { 'exact.ts': '', 'pattern/config.ts': '' });
    const tsconfig = tsconfigWith({
      pathsBase: root,
      paths: { '*': ['./pattern/*'], config: ['./exact.ts'] },
    });
    expect(resolveFromTs(root, 'config', { tsconfig }).file).toBe(path.join(root, 'exact.ts'));
  });

  it('tries tsconfig paths targets in order until one exists', () => {
    const root = makeTempDir();
    writeTree(root, { 'fallback/thing/index.ts': '' });
    const tsconfig = tsconfigWith({ pathsBase: root, paths: { '~/*': ['./first/*', './fallback/*'] } });
    expect(resolveFromTs(root, '~/thing', { tsconfig }).file).toBe(
      path.join(root, 'fallback/thing/index.ts'),
    );
  });

  it('tries tsconfig paths before node_modules', () => {
    const root = makeTempDir();
    writeTree(root, {
      'node_modules/shadowed/package.json': { name: 'shadowed', main: 'index.js' },
      'node_modules/shadowed/index.js': '',
      'src/shadowed.ts': '',
    });
    const tsconfig = tsconfigWith({ pathsBase: root, paths: { '*': ['./src/*'] } });
    expect(resolveFromTs(root, 'shadowed', { tsconfig }).file).toBe(path.join(root, 'src/shadowed.ts'));
  });

  it('resolves a bare specifier against baseUrl before node_modules', () => {
    const root = makeTempDir();
    writeTree(root, {
      'node_modules/models/package.json': { name: 'models', main: 'index.js' },
      'node_modules/models/index.js': '',
      'src/models/index.ts': '',
    });
    const tsconfig = tsconfigWith({ baseUrl: path.join(root, 'src') });
    expect(resolveFromTs(root, 'models', { tsconfig }).file).toBe(path.join(root, 'src/models/index.ts'));
  });

  it('falls through to node_modules when no tsconfig target exists', () => {
    const root = makeTempDir();
    writeTree(root, {
      'node_modules/dep/package.json': { name: 'dep', exports: './main.js' },
      'node_modules/dep/main.js': '',
    });
    const tsconfig = tsconfigWith({ pathsBase: root, paths: { '*': ['./src/*'] } });
    expect(resolveFromTs(root, 'dep', { tsconfig })).toMatchObject({
      file: path.join(root, 'node_modules/dep/main.js'),
      external: true,
    });
  });

  it('resolves builtins before a catch-all tsconfig paths pattern', () => {
    const root = makeTempDir();
    writeTree(root, { 'src/events.ts': '' });
    const tsconfig = tsconfigWith({ pathsBase: path.join(root, 'src'), paths: { '*': ['./*'] } });
    expect(resolveFromTs(root, 'events', { tsconfig }).url).toBe('node:events');
  });

  it('lists tsconfig targets and node_modules folders when a bare specifier is not found', () => {
    const root = makeTempDir();
    const tsconfig = tsconfigWith({ pathsBase: root, paths: { 'lib/*': ['./lib/*'] } });
    const error = thrown(() => resolveFromTs(root, 'lib/missing', { tsconfig }));
    expect(error.code).toBe('ERR_MODULE_NOT_FOUND');
    expect(error.message).toContain(
      `Cannot find package 'lib' imported from ${path.join(root, 'src/main.ts')}`,
    );
    expect(error.message).toContain(`tried: ${path.join(root, 'lib/missing.ts')}, `);
    expect(error.message).toContain(path.join(root, 'src/node_modules/lib'));
    expect(error.message).toContain(path.join(root, 'node_modules/lib'));
  });

  it('applies the habits to where package.json imports lead', () => {
    const root = makeTempDir();
    writeTree(root, { 'package.json': { imports: { '#lib/*': './src/lib/*' } }, 'src/lib/util.ts': '' });
    expect(resolveFromTs(root, '#lib/util').file).toBe(path.join(root, 'src/lib/util.ts'));
  });

  it('still reports Node errors such as ERR_PACKAGE_PATH_NOT_EXPORTED', () => {
    const root = makeTempDir();
    writeTree(root, { 'node_modules/closed/package.json': { name: 'closed', exports: './index.js' } });
    expect(thrown(() => resolveFromTs(root, 'closed/inner')).code).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });
});

describe('entry points', () => {
  const startCwd = process.cwd();
  afterEach(() => {
    process.chdir(startCwd);
    removeTempDirs();
  });

  it('resolves a path relative to the working directory', () => {
    const root = makeTempDir();
    writeTree(root, { 'src/app.ts': '' });
    process.chdir(root);
    expect(new ModuleResolver().resolve('src/app.ts', undefined).file).toBe(path.join(root, 'src/app.ts'));
  });

  it('reads a name without ./ as a path, not a package', () => {
    const root = makeTempDir();
    writeTree(root, {
      'node_modules/app/package.json': { name: 'app', main: 'index.js' },
      'node_modules/app/index.js': '',
    });
    writeTree(root, { 'app.ts': '' });
    process.chdir(root);
    expect(new ModuleResolver().resolve('app', undefined).file).toBe(path.join(root, 'app.ts'));
  });

  it('takes an existing extensionless file as it is, as node does', () => {
    const root = makeTempDir();
    writeTree(root, { 'bin/run': '', 'bin/run.ts': '' });
    expect(new ModuleResolver().resolve(path.join(root, 'bin/run'), undefined).file).toBe(
      path.join(root, 'bin/run'),
    );
  });

  it('resolves a directory to its index file', () => {
    const root = makeTempDir();
    writeTree(root, { 'server/index.ts': '' });
    process.chdir(root);
    expect(new ModuleResolver().resolve('./server', undefined).file).toBe(path.join(root, 'server/index.ts'));
  });

  it('reports a missing entry with the files tried', () => {
    const root = makeTempDir();
    process.chdir(root);
    const error = thrown(() => new ModuleResolver().resolve('nothing.ts', undefined));
    expect(error.code).toBe('ERR_MODULE_NOT_FOUND');
    expect(error.message).toBe(
      `Cannot find entry module 'nothing.ts' (relative to ${root})\n` +
        `  tried: ${path.join(root, 'nothing.ts')}`,
    );
  });
});

describe('cache', () => {
  afterEach(removeTempDirs);

  it('returns the same result for siblings importing the same specifier', () => {
    const root = makeTempDir();
    writeTree(root, { 'a.mjs': '' });
    const resolver = new ModuleResolver();
    expect(resolver.resolve('./a.mjs', fileUrl(root, 'one.mjs'))).toBe(
      resolver.resolve('./a.mjs', fileUrl(root, 'two.mjs')),
    );
  });

  it('keeps JavaScript and TypeScript importers apart', () => {
    const root = makeTempDir();
    writeTree(root, { 'a.ts': '' });
    const resolver = new ModuleResolver();
    expect(resolver.resolve('./a', fileUrl(root, 'main.ts')).file).toBe(path.join(root, 'a.ts'));
    expect(thrown(() => resolver.resolve('./a', fileUrl(root, 'main.js'))).code).toBe('ERR_MODULE_NOT_FOUND');
  });

  it('does not remember failures: a file created later is found', () => {
    const root = makeTempDir();
    const resolver = new ModuleResolver();
    expect(thrown(() => resolver.resolve('./late.ts', fileUrl(root, 'main.ts'))).code).toBe(
      'ERR_MODULE_NOT_FOUND',
    );
    writeTree(root, { 'late.ts': '' });
    expect(resolver.resolve('./late.ts', fileUrl(root, 'main.ts')).file).toBe(path.join(root, 'late.ts'));
  });

  it('sees a new better candidate only after clearCache', () => {
    const root = makeTempDir();
    writeTree(root, { 'util.js': '' });
    const resolver = new ModuleResolver();
    expect(resolver.resolve('./util', fileUrl(root, 'main.ts')).file).toBe(path.join(root, 'util.js'));
    writeTree(root, { 'util.ts': '' });
    expect(resolver.resolve('./util', fileUrl(root, 'main.ts')).file).toBe(path.join(root, 'util.js'));
    resolver.clearCache();
    expect(resolver.resolve('./util', fileUrl(root, 'main.ts')).file).toBe(path.join(root, 'util.ts'));
  });

  it('re-reads package.json types after clearCache', () => {
    const root = makeTempDir();
    writeTree(root, { 'package.json': {}, 'a.js': '' });
    const resolver = new ModuleResolver();
    expect(resolver.resolve('./a.js', fileUrl(root, 'main.js')).format).toBe('detect');
    writeTree(root, { 'package.json': { type: 'module' } });
    resolver.clearCache();
    expect(resolver.resolve('./a.js', fileUrl(root, 'main.js')).format).toBe('module');
  });

  it('resolves 2000 relative specifiers quickly, and faster again from the cache', () => {
    const root = makeTempDir();
    const count = 2000;
    writeTree(root, Object.fromEntries(Array.from({ length: count }, (_, i) => [`src/m${i}.ts`, ''])));
    const resolver = new ModuleResolver();
    const time = (parent: string, specifierOf: (i: number) => string) => {
      const start = performance.now();
      for (let i = 0; i < count; i++) resolver.resolve(specifierOf(i), parent);
      return performance.now() - start;
    };
    const fromJs = time(fileUrl(root, 'src/main.js'), (i) => `./m${i}.ts`);
    const fromTs = time(fileUrl(root, 'src/main.ts'), (i) => `./m${i}`);
    const cached = time(fileUrl(root, 'src/other.ts'), (i) => `./m${i}`);
    console.log(
      `resolve x${count}: exact from .js ${fromJs.toFixed(1)} ms, ` +
        `extensionless from .ts ${fromTs.toFixed(1)} ms, cached ${cached.toFixed(1)} ms`,
    );
    expect(fromJs).toBeLessThan(2000);
    expect(fromTs).toBeLessThan(2000);
    expect(cached).toBeLessThan(fromTs);
  });
});
