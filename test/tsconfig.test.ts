import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { transform } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { type TsCompilerOptions, TsconfigLoader, toEsbuildTsconfigRaw } from '../src/evaluator/tsconfig.js';

const tempDirs: string[] = [];
/** TypeScript's `${configDir}` template, spelled so that it is not mistaken for a JavaScript placeholder. */
const CONFIG_DIR = '$' + '{configDir}';

afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
});

/** Creates a temporary project with the given files (path -> text, or JSON value) and returns its root. */
function project(files: Record<string, unknown>): string {
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'hot-node-tsconfig-')));
  tempDirs.push(root);
  for (const [name, content] of Object.entries(files)) write(root, name, content);
  return root;
}

function write(root: string, name: string, content: unknown): void {
  const file = path.join(root, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
}

/** The covering config for a file of the project, relative to the project root. */
function coveringConfig(root: string, file: string, loader = new TsconfigLoader()): string | undefined {
  const found = loader.forFile(path.join(root, file)).path;
  return found === undefined ? undefined : path.relative(root, found).replaceAll('\\', '/');
}

describe('finding the covering tsconfig', () => {
  it('uses the nearest tsconfig.json above the file', () => {
    const root = project({
      'tsconfig.json': {},
      'packages/a/tsconfig.json': {},
      'packages/a/src/deep/index.ts': '',
    });
    expect(coveringConfig(root, 'packages/a/src/deep/index.ts')).toBe('packages/a/tsconfig.json');
  });

  it('gives a file that no config covers no path and no options', () => {
    const root = project({ 'src/index.ts': '' });
    const info = new TsconfigLoader().forFile(path.join(root, 'src/index.ts'));
    expect(info).toEqual({ path: undefined, compilerOptions: {}, sources: [] });
  });

  it('falls through to the parent config when the nearest one does not include the file', () => {
    const root = project({
      'tsconfig.json': {},
      'scripts/tsconfig.json': { include: ['tools'] },
      'scripts/run.ts': '',
      'scripts/tools/build.ts': '',
    });
    expect(coveringConfig(root, 'scripts/run.ts')).toBe('tsconfig.json');
    expect(coveringConfig(root, 'scripts/tools/build.ts')).toBe('scripts/tsconfig.json');
  });

  it('gives no config when no config on the way up includes the file', () => {
    const root = project({ 'tsconfig.json': { include: ['src'] }, 'other/file.ts': '' });
    expect(coveringConfig(root, 'other/file.ts')).toBeUndefined();
  });

  it('passes over a config that excludes the file', () => {
    const root = project({ 'tsconfig.json': {}, 'app/tsconfig.json': { exclude: ['legacy'] } });
    expect(coveringConfig(root, 'app/legacy/old.ts')).toBe('tsconfig.json');
    expect(coveringConfig(root, 'app/modern/new.ts')).toBe('app/tsconfig.json');
  });

  it('covers only the listed files when there is `files` and no `include`', () => {
    const root = project({ 'tsconfig.json': { files: ['main.ts'] } });
    expect(coveringConfig(root, 'main.ts')).toBe('tsconfig.json');
    expect(coveringConfig(root, 'other.ts')).toBeUndefined();
  });

  it('keeps a file named in `files` even when `exclude` matches it', () => {
    const root = project({
      'tsconfig.json': { files: ['gen/keep.ts'], include: ['**/*'], exclude: ['gen'] },
    });
    expect(coveringConfig(root, 'gen/keep.ts')).toBe('tsconfig.json');
    expect(coveringConfig(root, 'gen/drop.ts')).toBeUndefined();
  });

  it('excludes node_modules, bower_components and jspm_packages by default', () => {
    const root = project({ 'tsconfig.json': {} });
    expect(coveringConfig(root, 'node_modules/pkg/index.ts')).toBeUndefined();
    expect(coveringConfig(root, 'lib/bower_components/x.ts')).toBeUndefined();
    expect(coveringConfig(root, 'jspm_packages/x.ts')).toBeUndefined();
    expect(coveringConfig(root, 'lib/x.ts')).toBe('tsconfig.json');
  });

  it('excludes outDir by default but not once `exclude` is set', () => {
    const defaults = project({ 'tsconfig.json': { compilerOptions: { outDir: 'build' } } });
    expect(coveringConfig(defaults, 'build/index.ts')).toBeUndefined();
    expect(coveringConfig(defaults, 'src/index.ts')).toBe('tsconfig.json');
    const explicit = project({ 'tsconfig.json': { compilerOptions: { outDir: 'build' }, exclude: ['tmp'] } });
    expect(coveringConfig(explicit, 'build/index.ts')).toBe('tsconfig.json');
  });

  it('lets an explicit include reach into node_modules', () => {
    const root = project({ 'tsconfig.json': { include: ['node_modules/local-pkg/src'] } });
    expect(coveringConfig(root, 'node_modules/local-pkg/src/a.ts')).toBe('tsconfig.json');
  });

  it('uses the projects a solution-style config references', () => {
    const root = project({
      'tsconfig.json': { files: [], references: [{ path: './tsconfig.app.json' }, { path: './tools' }] },
      'tsconfig.app.json': { include: ['src'], compilerOptions: { jsx: 'react-jsx' } },
      'tools/tsconfig.json': { include: ['*.ts'] },
    });
    expect(coveringConfig(root, 'src/App.tsx')).toBe('tsconfig.app.json');
    expect(coveringConfig(root, 'tools/build.ts')).toBe('tools/tsconfig.json');
  });
});

describe('include and exclude patterns', () => {
  const covers = (include: string[], file: string, exclude?: string[]): boolean => {
    const root = project({ 'tsconfig.json': exclude ? { include, exclude } : { include } });
    return coveringConfig(root, file) !== undefined;
  };

  it('matches `*` within one directory level only', () => {
    expect(covers(['src/*.ts'], 'src/a.ts')).toBe(true);
    expect(covers(['src/*.ts'], 'src/sub/a.ts')).toBe(false);
    expect(covers(['src/*.ts'], 'src/a.js')).toBe(false);
  });

  it('matches `**/` against any number of directories, including none', () => {
    expect(covers(['src/**/*.ts'], 'src/a.ts')).toBe(true);
    expect(covers(['src/**/*.ts'], 'src/x/y/z/a.ts')).toBe(true);
    expect(covers(['src/**/*.ts'], 'lib/a.ts')).toBe(false);
  });

  it('matches `?` against exactly one character', () => {
    expect(covers(['src/v?.ts'], 'src/v1.ts')).toBe(true);
    expect(covers(['src/v?.ts'], 'src/v10.ts')).toBe(false);
  });

  it('treats a pattern without extension or wildcard as a directory and includes everything under it', () => {
    expect(covers(['src'], 'src/deep/er/a.ts')).toBe(true);
    expect(covers(['src'], 'srcx/a.ts')).toBe(false);
  });

  it('does not let wildcards match names starting with a dot unless written out', () => {
    expect(covers(['**/*'], '.hidden/a.ts')).toBe(false);
    expect(covers(['**/*'], 'src/.a.ts')).toBe(false);
    expect(covers(['.config/*.ts'], '.config/a.ts')).toBe(true);
  });

  it('makes an exclude pattern cover everything under what it matches', () => {
    expect(covers(['src'], 'src/gen/x/a.ts', ['src/gen'])).toBe(false);
    expect(covers(['src'], 'src/a.test.ts', ['**/*.test.ts'])).toBe(false);
    expect(covers(['src'], 'src/a.ts', ['**/*.test.ts'])).toBe(true);
  });

  it('ignores an include pattern ending in `**`, as TypeScript rejects it', () => {
    expect(covers(['src/**'], 'src/a.ts')).toBe(false);
  });

  it('takes inherited patterns relative to the config that declared them', () => {
    const root = project({
      'configs/base.json': { include: ['src'] },
      'tsconfig.json': { extends: './configs/base.json' },
    });
    expect(coveringConfig(root, 'configs/src/x.ts')).toBe('tsconfig.json');
    expect(coveringConfig(root, 'src/x.ts')).toBeUndefined();
  });

  it('takes the default include relative to the config in use, not the one extended', () => {
    const root = project({
      'shared/base.json': { compilerOptions: { strict: true } },
      'app/tsconfig.json': { extends: '../shared/base.json' },
    });
    expect(coveringConfig(root, 'app/src/x.ts')).toBe('app/tsconfig.json');
  });

  it('expands the configDir template in an inherited pattern to the directory of the config in use', () => {
    const root = project({
      'shared/base.json': {
        include: [`${CONFIG_DIR}/src`],
        compilerOptions: { outDir: `${CONFIG_DIR}/dist` },
      },
      'app/tsconfig.json': { extends: '../shared/base.json' },
    });
    expect(coveringConfig(root, 'app/src/x.ts')).toBe('app/tsconfig.json');
    expect(coveringConfig(root, 'app/other/x.ts')).toBeUndefined();
  });
});

describe('reading JSONC', () => {
  it('accepts comments and trailing commas, and keeps comment markers inside strings', () => {
    const root = project({
      'tsconfig.json': `// leading comment
{
  /* block
     comment */
  "compilerOptions": {
    "jsxFactory": "h//not-a-comment", // trailing comment
    "jsxFragmentFactory": "/* not a comment */ Fragment",
    "jsxImportSource": "a\\"b",
  },
}
`,
    });
    expect(new TsconfigLoader().forFile(path.join(root, 'a.ts')).compilerOptions).toEqual({
      jsxFactory: 'h//not-a-comment',
      jsxFragmentFactory: '/* not a comment */ Fragment',
      jsxImportSource: 'a"b',
    });
  });

  it('treats an empty tsconfig.json as {}', () => {
    const root = project({ 'tsconfig.json': '  // nothing here\n' });
    expect(coveringConfig(root, 'a.ts')).toBe('tsconfig.json');
  });

  it('reports invalid JSON with the config path and line:column', () => {
    const root = project({
      'tsconfig.json': '{\n  "compilerOptions": {\n    "strict": true\n    "target": "es2022"\n  }\n}\n',
    });
    const configPath = path.join(root, 'tsconfig.json');
    expect(() => new TsconfigLoader().forFile(path.join(root, 'a.ts'))).toThrow(`${configPath}:4:5`);
  });

  it('reports an unterminated string at the line:column where it starts', () => {
    const root = project({ 'tsconfig.json': '{\n  "include": ["src]\n}' });
    expect(() => new TsconfigLoader().forFile(path.join(root, 'a.ts'))).toThrow(
      /tsconfig\.json:2:15: Unterminated string/,
    );
  });

  it('reports a field of the wrong type naming the config', () => {
    const root = project({ 'tsconfig.json': { include: 'src' } });
    expect(() => new TsconfigLoader().forFile(path.join(root, 'a.ts'))).toThrow(
      `${path.join(root, 'tsconfig.json')}: "include" must be an array of strings`,
    );
  });
});

describe('extends', () => {
  const optionsOf = (root: string, file = 'a.ts'): TsCompilerOptions =>
    new TsconfigLoader().forFile(path.join(root, file)).compilerOptions;

  it('resolves a relative path without the .json extension', () => {
    const root = project({
      'configs/base.json': { compilerOptions: { experimentalDecorators: true } },
      'tsconfig.json': { extends: './configs/base' },
    });
    expect(optionsOf(root)).toEqual({ experimentalDecorators: true });
  });

  it('lets the extending config override single options and inherits the rest', () => {
    const root = project({
      'base.json': { compilerOptions: { target: 'ES2020', useDefineForClassFields: false, jsx: 'react' } },
      'tsconfig.json': { extends: './base.json', compilerOptions: { target: 'ESNext' } },
    });
    expect(optionsOf(root)).toEqual({ target: 'esnext', useDefineForClassFields: false, jsx: 'react' });
  });

  it('drops an inherited option set to null', () => {
    const root = project({
      'base.json': { compilerOptions: { jsx: 'react', target: 'es2020' } },
      'tsconfig.json': { extends: './base.json', compilerOptions: { jsx: null } },
    });
    expect(optionsOf(root)).toEqual({ target: 'es2020' });
  });

  it('resolves a package subpath through node_modules from the config directory up', () => {
    const root = project({
      'node_modules/@tsconfig/node20/tsconfig.json': {
        compilerOptions: { target: 'es2023', module: 'Node16' },
      },
      'app/tsconfig.json': { extends: '@tsconfig/node20/tsconfig.json' },
    });
    expect(optionsOf(root, 'app/a.ts')).toEqual({ target: 'es2023', module: 'node16' });
  });

  it("resolves a bare package name to the package's tsconfig.json", () => {
    const root = project({
      'node_modules/@tsconfig/strictest/package.json': { name: '@tsconfig/strictest' },
      'node_modules/@tsconfig/strictest/tsconfig.json': { compilerOptions: { strict: true } },
      'tsconfig.json': { extends: '@tsconfig/strictest' },
    });
    expect(optionsOf(root)).toEqual({ alwaysStrict: true });
  });

  it('follows the package.json `tsconfig` field of a package', () => {
    const root = project({
      'node_modules/cfg/package.json': { name: 'cfg', tsconfig: './configs/main.json' },
      'node_modules/cfg/configs/main.json': { compilerOptions: { verbatimModuleSyntax: true } },
      'node_modules/cfg/tsconfig.json': { compilerOptions: { verbatimModuleSyntax: false } },
      'tsconfig.json': { extends: 'cfg' },
    });
    expect(optionsOf(root)).toEqual({ verbatimModuleSyntax: true });
  });

  it('follows the `exports` map of a package', () => {
    const root = project({
      'node_modules/cfg/package.json': { name: 'cfg', exports: { './node': './configs/node.json' } },
      'node_modules/cfg/configs/node.json': { compilerOptions: { moduleResolution: 'NodeNext' } },
      'tsconfig.json': { extends: 'cfg/node' },
    });
    expect(optionsOf(root)).toEqual({ moduleResolution: 'nodenext' });
  });

  it('applies an array of extends in order, later ones overriding earlier ones', () => {
    const root = project({
      'a.json': { compilerOptions: { target: 'es2019', jsx: 'react' }, include: ['from-a'] },
      'b.json': { compilerOptions: { target: 'es2021' }, include: ['from-b'] },
      'tsconfig.json': {
        extends: ['./a.json', './b.json'],
        compilerOptions: { experimentalDecorators: true },
      },
    });
    expect(optionsOf(root, 'from-b/x.ts')).toEqual({
      target: 'es2021',
      jsx: 'react',
      experimentalDecorators: true,
    });
    expect(coveringConfig(root, 'from-a/x.ts')).toBeUndefined();
  });

  it('lists the config and its whole extends chain as sources', () => {
    const root = project({
      'node_modules/base/tsconfig.json': {},
      'mid.json': { extends: 'base' },
      'tsconfig.json': { extends: './mid.json' },
    });
    const info = new TsconfigLoader().forFile(path.join(root, 'a.ts'));
    expect(info.sources).toEqual(
      ['tsconfig.json', 'mid.json', 'node_modules/base/tsconfig.json'].map((file) => path.join(root, file)),
    );
  });

  it('reports a cycle of extends with the files in it', () => {
    const root = project({
      'tsconfig.json': { extends: './a.json' },
      'a.json': { extends: './b.json' },
      'b.json': { extends: './a.json' },
    });
    const [a, b] = [path.join(root, 'a.json'), path.join(root, 'b.json')];
    expect(() => new TsconfigLoader().forFile(path.join(root, 'x.ts'))).toThrow(
      `Circular "extends" in tsconfig: ${a} -> ${b} -> ${a}`,
    );
  });

  it('reports an extends target that cannot be found, naming the config', () => {
    const root = project({ 'tsconfig.json': { extends: '@missing/config' } });
    expect(() => new TsconfigLoader().forFile(path.join(root, 'x.ts'))).toThrow(
      `Cannot find "@missing/config", the config that tsconfig ${path.join(root, 'tsconfig.json')} extends`,
    );
  });
});

describe('path options', () => {
  const optionsOf = (root: string, file: string): TsCompilerOptions =>
    new TsconfigLoader().forFile(path.join(root, file)).compilerOptions;

  it('resolves baseUrl against the config that declares it', () => {
    const root = project({
      'configs/base.json': { compilerOptions: { baseUrl: './src' } },
      'app/tsconfig.json': { extends: '../configs/base.json' },
    });
    expect(optionsOf(root, 'app/a.ts').baseUrl).toBe(path.join(root, 'configs/src'));
  });

  it('makes paths without baseUrl relative to the config that declares them', () => {
    const root = project({
      'configs/base.json': { compilerOptions: { paths: { '@lib/*': ['./lib/*'] } } },
      'app/tsconfig.json': { extends: '../configs/base.json' },
    });
    const options = optionsOf(root, 'app/a.ts');
    expect(options.paths).toEqual({ '@lib/*': ['./lib/*'] });
    expect(options.pathsBase).toBe(path.join(root, 'configs'));
  });

  it('makes paths relative to baseUrl when one is set, whichever config sets it', () => {
    const root = project({
      'configs/base.json': { compilerOptions: { paths: { '~/*': ['*'] } } },
      'app/tsconfig.json': { extends: '../configs/base.json', compilerOptions: { baseUrl: 'src' } },
    });
    expect(optionsOf(root, 'app/a.ts').pathsBase).toBe(path.join(root, 'app/src'));
  });

  it('expands the configDir template in paths targets and baseUrl to the directory of the config in use', () => {
    const root = project({
      'configs/base.json': {
        compilerOptions: { baseUrl: CONFIG_DIR, paths: { '#/*': [`${CONFIG_DIR}/src/*`] } },
      },
      'app/tsconfig.json': { extends: '../configs/base.json' },
    });
    const options = optionsOf(root, 'app/a.ts');
    expect(options.baseUrl).toBe(path.join(root, 'app'));
    expect(options.paths).toEqual({ '#/*': [`${path.join(root, 'app')}/src/*`] });
  });
});

describe('caching and invalidate()', () => {
  it('serves the cached options until invalidated, then reads the edited config', () => {
    const root = project({ 'tsconfig.json': { compilerOptions: { target: 'es2020' } } });
    const loader = new TsconfigLoader();
    const file = path.join(root, 'a.ts');
    expect(loader.forFile(file).compilerOptions.target).toBe('es2020');
    write(root, 'tsconfig.json', { compilerOptions: { target: 'es2022' } });
    expect(loader.forFile(file).compilerOptions.target).toBe('es2020');
    loader.invalidate(path.join(root, 'tsconfig.json'));
    expect(loader.forFile(file).compilerOptions.target).toBe('es2022');
  });

  it('does not re-read a cached config for another file of the same project', () => {
    const root = project({ 'tsconfig.json': { compilerOptions: { target: 'es2020' } } });
    const loader = new TsconfigLoader();
    loader.forFile(path.join(root, 'a.ts'));
    write(root, 'tsconfig.json', '{ broken');
    expect(loader.forFile(path.join(root, 'sub/b.ts')).compilerOptions.target).toBe('es2020');
  });

  it('picks up an edit to an extended config', () => {
    const root = project({
      'base.json': { compilerOptions: { jsx: 'react' } },
      'tsconfig.json': { extends: './base.json' },
    });
    const loader = new TsconfigLoader();
    const file = path.join(root, 'a.tsx');
    expect(loader.forFile(file).compilerOptions.jsx).toBe('react');
    write(root, 'base.json', { compilerOptions: { jsx: 'react-jsx' } });
    loader.invalidate(path.join(root, 'base.json'));
    expect(loader.forFile(file).compilerOptions.jsx).toBe('react-jsx');
  });

  it('finds a tsconfig.json created after the first lookup once told about it', () => {
    const root = project({ 'tsconfig.json': {} });
    const loader = new TsconfigLoader();
    expect(coveringConfig(root, 'pkg/a.ts', loader)).toBe('tsconfig.json');
    write(root, 'pkg/tsconfig.json', {});
    loader.invalidate(path.join(root, 'pkg/tsconfig.json'));
    expect(coveringConfig(root, 'pkg/a.ts', loader)).toBe('pkg/tsconfig.json');
  });

  it('re-checks a passed-over config when it changes to include the file', () => {
    const root = project({ 'tsconfig.json': {}, 'pkg/tsconfig.json': { include: ['src'] } });
    const loader = new TsconfigLoader();
    expect(coveringConfig(root, 'pkg/a.ts', loader)).toBe('tsconfig.json');
    write(root, 'pkg/tsconfig.json', { include: ['*.ts'] });
    loader.invalidate(path.join(root, 'pkg/tsconfig.json'));
    expect(coveringConfig(root, 'pkg/a.ts', loader)).toBe('pkg/tsconfig.json');
  });

  it('recovers from a broken config once it is fixed and invalidated', () => {
    const root = project({ 'tsconfig.json': '{ "compilerOptions": ' });
    const loader = new TsconfigLoader();
    const file = path.join(root, 'a.ts');
    expect(() => loader.forFile(file)).toThrow(/Invalid JSON/);
    write(root, 'tsconfig.json', { compilerOptions: { alwaysStrict: false } });
    loader.invalidate(path.join(root, 'tsconfig.json'));
    expect(loader.forFile(file).compilerOptions).toEqual({ alwaysStrict: false });
  });

  it('drops everything when invalidated without a file', () => {
    const root = project({ 'tsconfig.json': { compilerOptions: { target: 'es2020' } } });
    const loader = new TsconfigLoader();
    const file = path.join(root, 'a.ts');
    loader.forFile(file);
    write(root, 'tsconfig.json', { compilerOptions: { target: 'es2015' } });
    loader.invalidate();
    expect(loader.forFile(file).compilerOptions.target).toBe('es2015');
  });
});

describe('toEsbuildTsconfigRaw', () => {
  const transformWith = async (code: string, loader: 'ts' | 'tsx', options: TsCompilerOptions) =>
    (await transform(code, { loader, format: 'esm', tsconfigRaw: toEsbuildTsconfigRaw(options) })).code;

  it('keeps only the options esbuild understands', () => {
    expect(
      toEsbuildTsconfigRaw({
        target: 'es2022',
        jsx: 'react-jsx',
        jsxImportSource: 'preact',
        emitDecoratorMetadata: true,
        module: 'nodenext',
        baseUrl: '/x',
        paths: { a: ['b'] },
        pathsBase: '/x',
      }),
    ).toEqual({ compilerOptions: { target: 'es2022', jsx: 'react-jsx', jsxImportSource: 'preact' } });
  });

  it('turns class fields into constructor assignments with useDefineForClassFields false', async () => {
    const code = 'export class A { x = 1; }';
    expect(await transformWith(code, 'ts', { useDefineForClassFields: false })).toContain('this.x = 1');
    expect(await transformWith(code, 'ts', { useDefineForClassFields: true })).not.toContain('this.x = 1');
  });

  it('compiles legacy decorators with experimentalDecorators', async () => {
    const code = 'function d(t: object, k: string) {}\nexport class A { @d m() {} }';
    expect(await transformWith(code, 'ts', { experimentalDecorators: true })).toContain('__decorateClass');
    expect(await transformWith(code, 'ts', {})).not.toContain('__decorateClass');
  });

  it('uses the automatic runtime from jsxImportSource with jsx react-jsx', async () => {
    const code = 'export const el = <div>hi</div>;';
    const automatic = await transformWith(code, 'tsx', { jsx: 'react-jsx', jsxImportSource: 'preact' });
    expect(automatic).toContain('from "preact/jsx-runtime"');
    expect(await transformWith(code, 'tsx', {})).toContain('React.createElement');
  });

  it('feeds the options a config resolves to into esbuild', async () => {
    const root = project({ 'tsconfig.json': { compilerOptions: { jsx: 'React', jsxFactory: 'h' } } });
    const { compilerOptions } = new TsconfigLoader().forFile(path.join(root, 'view.tsx'));
    expect(await transformWith('export const el = <b />;', 'tsx', compilerOptions)).toContain('h("b", null)');
  });
});
