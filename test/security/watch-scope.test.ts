import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HotEngine } from '../../src/hot/hot-engine.js';
import type { UpdateReport } from '../../src/hot/update-report.js';
import { FileWatcher } from '../../src/transport/file-watcher.js';
import type { Transport, TransportMessage } from '../../src/transport/transport.js';
import { capturingLogger, lines } from '../hot/helpers.js';
import { poll, sleep } from '../support/waiting.js';

/**
 * What the watcher may watch: the files of the module graph and their folders. Not packages
 * (node_modules), not the rest of the disk, not what a symbolic link in the project points to;
 * a file of the graph that lives outside the project (imported through `../` or a link) is
 * the one exception, since its edits must be seen. Checked at three levels: the files the
 * engine asks its transport to watch, what chokidar watches (`getWatched()`), and, on Linux,
 * the inodes the process holds inotify watches on.
 */

interface WatchedEngine {
  readonly engine: HotEngine;
  readonly watcher: FileWatcher;
  /** The file lists the engine gave its transport, in order. */
  readonly requests: string[][];
  /** Update reports, as the engine emits them. */
  readonly updates: UpdateReport[];
}

const dirs: string[] = [];
const engines: HotEngine[] = [];

afterEach(async () => {
  delete (globalThis as { __secret?: string }).__secret;
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
});

/** A temporary folder (its real path) with `files` in it. */
function folder(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hot-node-security-')));
  dirs.push(dir);
  for (const [relative, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), content);
  }
  return dir;
}

/** An engine whose transport is the real FileWatcher, with what the engine asked it to watch. */
function watchedEngine(root: string): WatchedEngine {
  const requests: string[][] = [];
  const updates: UpdateReport[] = [];
  let deliver: (message: TransportMessage) => void = () => {};
  const watcher = new FileWatcher({ onChange: (files, at) => deliver({ type: 'change', files, at }) });
  const transport: Transport = {
    connect: (handler) => {
      deliver = handler;
    },
    send: () => {},
    watch: (files) => {
      const list = [...files].sort();
      requests.push(list);
      watcher.setFiles(list);
    },
    ready: () => watcher.ready(),
    close: () => watcher.close(),
  };
  const engine = new HotEngine({ root, cacheDir: false, logger: capturingLogger(), transport });
  engine.on('update', (report) => updates.push(report));
  engines.push(engine);
  return { engine, watcher, requests, updates };
}

/** Every path watched: the folders, and the graph's files in them. */
function watchedPaths(watcher: FileWatcher): string[] {
  return Object.entries(watcher.watched())
    .flatMap(([dir, names]) => names.map((name) => path.join(dir, name)))
    .sort();
}

/** The inodes this process holds inotify watches on (Linux), or undefined elsewhere. */
function inotifyInodes(): Set<number> | undefined {
  if (process.platform !== 'linux') return undefined;
  const inodes = new Set<number>();
  for (const fd of fs.readdirSync('/proc/self/fdinfo')) {
    let info = '';
    try {
      info = fs.readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8');
    } catch {
      continue; // closed meanwhile
    }
    for (const match of info.matchAll(/inotify wd:\w+ ino:(\w+)/g))
      inodes.add(Number.parseInt(match[1]!, 16));
  }
  return inodes;
}

const inode = (file: string): number => fs.statSync(file).ino;

const PACKAGE = {
  'node_modules/pkg/package.json': JSON.stringify({ name: 'pkg', type: 'module', exports: './index.js' }),
  'node_modules/pkg/index.js': "export { helper } from './helper.js';\n",
  'node_modules/pkg/helper.js': 'export const helper = 1;\n',
  // No `exports`: any file of it can be imported, or looked for.
  'node_modules/loose/package.json': JSON.stringify({ name: 'loose', type: 'module' }),
};

describe('the watcher stays inside the program', () => {
  it('is asked to watch the files of the graph only: no package, nothing outside the root', async () => {
    const root = folder({
      'package.json': '{ "type": "module" }',
      ...PACKAGE,
      'src/main.ts': lines(
        "import { helper } from 'pkg';",
        "import { util } from './util.ts';",
        'console.log(helper, util);',
      ),
      'src/util.ts': 'export const util = 1;\n',
    });
    const { engine, requests } = watchedEngine(root);
    await engine.import('./src/main.ts');
    await engine.ready();
    expect(requests.at(-1)).toEqual([path.join(root, 'src/main.ts'), path.join(root, 'src/util.ts')]);

    // A failed update widens the list (files the attempt read, files an import looked for in
    // vain): still nothing of a package, even the file a package import looked for.
    fs.writeFileSync(path.join(root, 'src/util.ts'), "import 'loose/missing.js';\nexport const util = 2;\n");
    expect((await engine.update([path.join(root, 'src/util.ts')])).outcome).toBe('failed');
    const asked = requests.flat();
    expect(asked.filter((file) => file.includes('node_modules'))).toEqual([]);
    expect(asked.filter((file) => !file.startsWith(`${root}${path.sep}`))).toEqual([]);
  });

  it('watches the folders of the graph and reports only the files of the graph in them', async () => {
    const root = folder({
      'package.json': '{ "type": "module" }',
      '.env': 'SECRET=1\n',
      ...PACKAGE,
      'main.js': lines(
        "import { helper } from 'pkg';",
        "import { util } from './lib/util.js';",
        'console.log(helper, util);',
      ),
      'lib/util.js': 'export const util = 1;\n',
      'lib/unused.js': 'export const unused = 1;\n',
    });
    const { engine, watcher } = watchedEngine(root);
    await engine.import('./main.js');
    await engine.ready();
    const graph = [path.join(root, 'main.js'), path.join(root, 'lib/util.js')];
    const allowed = new Set([...graph, root, path.join(root, 'lib')]);
    expect(watchedPaths(watcher).filter((watched) => !allowed.has(watched))).toEqual([]);
    expect(watchedPaths(watcher)).toEqual(expect.arrayContaining(graph));

    const inodes = inotifyInodes();
    if (inodes) {
      // One watch per folder of the graph (its events name the entry), none on anything else.
      for (const dir of ['.', 'lib']) expect(inodes.has(inode(path.join(root, dir))), dir).toBe(true);
      for (const file of [
        '.env',
        'package.json',
        'node_modules',
        'node_modules/pkg',
        'node_modules/pkg/index.js',
        'lib/unused.js',
      ]) {
        expect(inodes.has(inode(path.join(root, file))), file).toBe(false);
      }
    }
    // An edit of a file outside the graph, in a folder of the graph, is not reported.
    const reported: string[][] = [];
    engine.on('update', (report) => reported.push([...report.changedFiles]));
    fs.writeFileSync(path.join(root, '.env'), 'SECRET=2\n');
    fs.writeFileSync(path.join(root, 'lib/unused.js'), 'export const unused = 2;\n');
    await sleep(300);
    expect(reported).toEqual([]);
  });

  it('does not follow a symbolic link out of the root, until the graph imports through it', async () => {
    const outside = folder({ 'secret.js': "export const secret = 'outside';\n", 'deep/other.js': '' });
    const root = folder({
      'package.json': '{ "type": "module" }',
      'main.js': lines("globalThis.__secret = 'none';", 'import.meta.hot.accept();'),
    });
    fs.symlinkSync(outside, path.join(root, 'linked-folder'), 'dir');
    fs.symlinkSync(path.join(outside, 'secret.js'), path.join(root, 'linked.js'), 'file');
    const { engine, watcher, updates } = watchedEngine(root);
    await engine.import('./main.js');
    await engine.ready();
    const isOutside = (watched: string): boolean =>
      watched.startsWith(outside) || watched.includes('linked-folder') || watched.endsWith('linked.js');
    expect(watchedPaths(watcher).filter(isOutside)).toEqual([]);
    const inodes = inotifyInodes();
    if (inodes) {
      for (const file of ['secret.js', 'deep', 'deep/other.js', '.']) {
        expect(inodes.has(inode(path.join(outside, file))), file).toBe(false);
      }
    }

    // Now a module of the graph lives out there: it is watched, and its edits are applied.
    fs.writeFileSync(
      path.join(root, 'main.js'),
      lines(
        "import { secret } from './linked.js';",
        'globalThis.__secret = secret;',
        'import.meta.hot.accept();',
      ),
    );
    expect((await engine.update([path.join(root, 'main.js')])).outcome).toBe('hot-update');
    await engine.ready();
    expect(watchedPaths(watcher)).toContain(path.join(outside, 'secret.js'));
    expect(inotifyInodes()?.has(inode(outside)) ?? true).toBe(true);
    const before = updates.length;
    fs.writeFileSync(path.join(outside, 'secret.js'), "export const secret = 'edited outside';\n");
    await poll(
      () =>
        updates.length > before && (globalThis as { __secret?: string }).__secret === 'edited outside'
          ? true
          : undefined,
      () => `the edit outside the root was not applied: ${JSON.stringify(updates.slice(before))}`,
      5_000,
    );
  });
});
