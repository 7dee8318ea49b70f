import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pruneCacheDir } from '../../src/evaluator/cache-pruning.js';
import { TransformCache } from '../../src/evaluator/transform-cache.js';
import { type TransformRequest, transformModule } from '../../src/evaluator/transform-module.js';
import { runCli, runProgram, type TempProject, useFixtures } from './helpers.js';

const { project, runner } = useFixtures();

const CACHE = 'node_modules/.cache/hot-node';

/** Two transformed files: the entry and a module it imports. */
function app(): TempProject {
  return project({
    'package.json': { type: 'module' },
    'main.ts': "import { message } from './lib.ts';\nconst shown: string = message;\nconsole.log(shown);\n",
    'lib.ts': "export const message: string = 'original-value';\n",
  });
}

/** The transform entries of a cache folder (V8's code cache files sit beside them). */
function transforms(dir: string): string[] {
  return fs.readdirSync(dir).filter((name) => name.endsWith('.json'));
}

/** Each transform entry with what identifies its version on disk (a rewrite changes the inode). */
function entries(dir: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const name of transforms(dir).sort()) {
    const stat = fs.statSync(path.join(dir, name));
    result.set(name, `${stat.ino}:${stat.mtimeMs}`);
  }
  return result;
}

describe('the transform cache', () => {
  it('is written to node_modules/.cache/hot-node of the nearest package, one entry per file', async () => {
    const project = app();
    const run = await runProgram(project.root, ['main.ts']);
    expect(run.stdout).toBe('original-value\n');
    expect(transforms(project.file(CACHE))).toHaveLength(2);
  });

  it('is written to $HOT_NODE_CACHE_DIR when it is set', async () => {
    const project = app();
    const elsewhere = project.file('elsewhere/cache');
    await runProgram(project.root, ['main.ts'], { env: { HOT_NODE_CACHE_DIR: elsewhere } });
    expect(transforms(elsewhere)).toHaveLength(2);
    expect(fs.existsSync(project.file(CACHE))).toBe(false);
  });

  it('is not written when createRunner is given cacheDir: false', async () => {
    const project = app();
    await runner(project, { cacheDir: false }).import('./lib.ts');
    expect(fs.existsSync(project.file('node_modules'))).toBe(false);
  });

  it('is written to the cacheDir given to createRunner by the time close() resolves', async () => {
    const project = app();
    const modules = runner(project, { cacheDir: project.file('custom-cache') });
    await modules.import('./lib.ts');
    await modules.close();
    expect(transforms(project.file('custom-cache'))).toHaveLength(1);
  });

  it('leaves every entry untouched on a second cold start without edits', async () => {
    const project = app();
    await runProgram(project.root, ['main.ts']);
    const before = entries(project.file(CACHE));
    const run = await runProgram(project.root, ['main.ts']);
    expect(run.stdout).toBe('original-value\n');
    expect(entries(project.file(CACHE))).toEqual(before);
  });

  it('serves a second cold start from the cache instead of transforming again', async () => {
    const project = app();
    await runProgram(project.root, ['main.ts']);
    // Change the cached transform of lib.ts: only a run that reads it can print the change.
    const dir = project.file(CACHE);
    const tampered = transforms(dir).filter((name) => {
      const file = path.join(dir, name);
      const text = fs.readFileSync(file, 'utf8');
      if (!text.includes('original-value')) return false;
      fs.writeFileSync(file, text.replace('original-value', 'cached-value'));
      return true;
    });
    expect(tampered).toHaveLength(1);
    const run = await runProgram(project.root, ['main.ts']);
    expect(run.stdout).toBe('cached-value\n');
  });

  it('adds a new entry for an edited file and keeps the entries of unchanged files', async () => {
    const project = app();
    await runProgram(project.root, ['main.ts']);
    const before = entries(project.file(CACHE));
    project.write({ 'lib.ts': "export const message: string = 'edited-value';\n" });
    const run = await runProgram(project.root, ['main.ts']);
    expect(run.stdout).toBe('edited-value\n');
    const after = entries(project.file(CACHE));
    expect(after.size).toBe(before.size + 1);
    for (const [name, version] of before) expect(after.get(name)).toBe(version);
  });

  it('adds a new entry when the covering tsconfig changes the transform', async () => {
    const project = app();
    project.write({
      'tsconfig.json': { compilerOptions: { target: 'ES2022', useDefineForClassFields: true } },
      'main.ts':
        "class Box { value: number | undefined; }\nconsole.log(Object.hasOwn(new Box(), 'value'));\n",
    });
    const first = await runProgram(project.root, ['main.ts']);
    project.write({
      'tsconfig.json': { compilerOptions: { target: 'ES2022', useDefineForClassFields: false } },
    });
    const second = await runProgram(project.root, ['main.ts']);
    expect([first.stdout, second.stdout]).toEqual(['true\n', 'false\n']);
    expect(transforms(project.file(CACHE))).toHaveLength(2);
  });

  it('counts a module as changed when its covering tsconfig changed, though its content is the same', async () => {
    const project = app();
    project.write({
      'tsconfig.json': { compilerOptions: { target: 'ES2022', useDefineForClassFields: true } },
    });
    const modules = runner(project);
    await modules.import(project.url('main.ts'));
    const [lib] = modules.modulesOfFile(project.file('lib.ts'));
    // Asked twice with the same content: the second answer may come from what the first worked out.
    expect([modules.isCurrent(lib!), modules.isCurrent(lib!)]).toEqual([true, true]);
    project.write({
      'tsconfig.json': { compilerOptions: { target: 'ES2022', useDefineForClassFields: false } },
    });
    modules.clearResolutionCache(project.file('tsconfig.json'));
    expect(modules.isCurrent(lib!)).toBe(false);
  });

  it('is filled again after the cache folder was removed', async () => {
    const project = app();
    await runProgram(project.root, ['main.ts']);
    fs.rmSync(project.file(CACHE), { recursive: true });
    const run = await runProgram(project.root, ['main.ts']);
    expect(run.stdout).toBe('original-value\n');
    expect(transforms(project.file(CACHE))).toHaveLength(2);
  });

  it('replaces corrupt entries instead of failing', async () => {
    const project = app();
    await runProgram(project.root, ['main.ts']);
    const dir = project.file(CACHE);
    for (const name of transforms(dir)) fs.writeFileSync(path.join(dir, name), '{"format":"mod');
    const run = await runProgram(project.root, ['main.ts']);
    expect(run.stdout).toBe('original-value\n');
    for (const name of transforms(dir)) {
      expect(() => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'))).not.toThrow();
    }
  });

  it('serves an earlier version of a file from the disk after the process wrote it there', async () => {
    const project = app();
    const cache = new TransformCache(project.file('custom-cache'));
    const file = project.file('lib.ts');
    const request: TransformRequest = { file, language: 'ts', format: 'module' };
    const keys: string[] = [];
    for (const value of ['first-value', 'second-value']) {
      const source = `export const message: string = '${value}';\n`;
      const key = cache.key(source, request, 'test');
      // A miss, as on a cold start: the first one lists the (still missing) folder.
      expect(cache.get(file, key)).toBeUndefined();
      cache.set(file, key, await transformModule(source, request));
      await cache.flush();
      keys.push(key);
    }
    // Change the first version's entry: only a read of the disk can return the change.
    const entry = project.file(`custom-cache/${keys[0]}.json`);
    fs.writeFileSync(entry, fs.readFileSync(entry, 'utf8').replace('first-value', 'from-disk'));
    expect(cache.get(file, keys[0]!)?.code).toContain('from-disk');
  });

  it('lets a start from it go without the transform pipeline, which is loaded once the program runs, for the first edit', async () => {
    const project = app();
    project.write({
      'main.ts': [
        "import { createRequire } from 'node:module';",
        'const cache = createRequire(import.meta.url).cache;',
        "const loaded = () => Object.keys(cache).some((file) => file.includes('oxc-transform'));",
        "console.log('at start: ' + loaded());",
        'const deadline = Date.now() + 10_000;',
        'const poll = setInterval(() => {',
        '  if (!loaded() && Date.now() < deadline) return;',
        '  clearInterval(poll);',
        "  console.log('later: ' + loaded());",
        '}, 20);',
        '',
      ].join('\n'),
    });
    await runCli(project.root, ['main.ts']);
    const run = await runCli(project.root, ['main.ts']);
    expect(run.stdout).toBe('at start: false\nlater: true\n');
  });

  it("keeps V8's code cache of each compiled module beside its transform by the time close() resolves", async () => {
    const project = app();
    const cacheDir = project.file('custom-cache');
    const first = runner(project, { cacheDir });
    await first.import('./main.ts');
    await first.close();
    const codeCaches = fs.readdirSync(cacheDir).filter((name) => name.endsWith('.v8'));
    expect(codeCaches.map((name) => name.replace(/\.v8$/, '.json')).sort()).toEqual(
      transforms(cacheDir).sort(),
    );
  });
});

describe('pruning the cache folder', () => {
  const DAY_MS = 24 * 60 * 60 * 1000;
  const now = Date.now();

  /** A cache folder with entries of the given sizes, each last used `daysAgo` before `now`. */
  function cacheFolder(entries: Record<string, { bytes: number; daysAgo: number }>): string {
    const dir = project().file('cache');
    fs.mkdirSync(dir);
    for (const [name, { bytes, daysAgo }] of Object.entries(entries)) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, 'x'.repeat(bytes));
      const at = (now - daysAgo * DAY_MS) / 1000;
      fs.utimesSync(file, at, at);
    }
    return dir;
  }

  const limits = { used: new Set<string>(), maxBytes: 1_000_000, maxAgeMs: 30 * DAY_MS, now };

  it('removes entries no run used for longer than the age limit, and keeps the others', async () => {
    const dir = cacheFolder({
      'old.json': { bytes: 10, daysAgo: 40 },
      'recent.json': { bytes: 10, daysAgo: 3 },
    });
    const result = await pruneCacheDir(dir, limits);
    expect(fs.readdirSync(dir)).toEqual(['recent.json']);
    expect(result).toEqual({ removed: 1, keptBytes: 10 });
  });

  it('brings the folder under its size limit, least recently used entries first', async () => {
    const dir = cacheFolder({
      'a.json': { bytes: 400, daysAgo: 5 },
      'b.v8': { bytes: 400, daysAgo: 1 },
      'c.json': { bytes: 400, daysAgo: 3 },
    });
    await pruneCacheDir(dir, { ...limits, maxBytes: 900 });
    expect(fs.readdirSync(dir).sort()).toEqual(['b.v8', 'c.json']);
  });

  it('keeps the entries this process used, even old ones, and marks them as used now', async () => {
    const dir = cacheFolder({
      'used.json': { bytes: 2000, daysAgo: 45 },
      'other.json': { bytes: 10, daysAgo: 2 },
    });
    await pruneCacheDir(dir, { ...limits, used: new Set(['used.json']), maxBytes: 1000 });
    expect(fs.readdirSync(dir)).toEqual(['used.json']);
    expect(fs.statSync(path.join(dir, 'used.json')).mtimeMs).toBeGreaterThan(now - DAY_MS);
  });

  it('removes temporary files that a write abandoned over an hour ago, and not one being written', async () => {
    const dir = cacheFolder({
      'k.json.123.tmp': { bytes: 10, daysAgo: 1 },
      'k.json.456.tmp': { bytes: 10, daysAgo: 0 },
    });
    await pruneCacheDir(dir, limits);
    expect(fs.readdirSync(dir)).toEqual(['k.json.456.tmp']);
  });

  it('does nothing for a folder that does not exist', async () => {
    await expect(pruneCacheDir(project().file('nowhere'), limits)).resolves.toEqual({
      removed: 0,
      keptBytes: 0,
    });
  });
});
