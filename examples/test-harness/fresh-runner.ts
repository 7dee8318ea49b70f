import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRunner, type HotEngine, type HotLogger } from 'hot-node';
import { afterEach } from 'vitest';

/** A copy of `src/` in a temp folder, and a runner over it that no watcher drives. */
export interface FreshRunner {
  readonly runner: HotEngine;
  /** hot-node's messages (one line per update), kept off the test output. */
  readonly messages: string[];
  /** The absolute path of a file of the copy (`src/tax.ts`). */
  file(relative: string): string;
  /** The module id (file URL) of a file of the copy, as reports name modules. */
  url(relative: string): string;
  /** Replaces `from` by `to` in a file of the copy and returns the file's path, for `update()`. */
  edit(relative: string, from: string, to: string): string;
}

const sourceDir = fileURLToPath(new URL('./src', import.meta.url));

/**
 * Gives each test its own copy of the code under test and its own runner: modules load
 * fresh, in their own globals (`isolated: true`), and are released when the test ends.
 * Call once at the top of a test file; call the returned function in each test.
 */
export function freshRunners(): () => FreshRunner {
  const open: Array<{ runner: HotEngine; root: string }> = [];
  afterEach(async () => {
    for (const { runner, root } of open.splice(0)) {
      await runner.close();
      fs.rmSync(root, { recursive: true, force: true, maxRetries: 5 });
    }
  });
  return () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hot-node-harness-')));
    fs.cpSync(sourceDir, path.join(root, 'src'), { recursive: true });
    fs.writeFileSync(path.join(root, 'package.json'), '{ "type": "module" }');
    const messages: string[] = [];
    const logger: HotLogger = {
      info: (message) => messages.push(message),
      warn: (message) => messages.push(message),
      error: (message) => messages.push(message),
      debug: () => {},
    };
    // watch: false: the test says when files changed, with update(); cacheDir: false: nothing on disk.
    const runner = createRunner({ root, watch: false, isolated: true, cacheDir: false, logger });
    open.push({ runner, root });
    const file = (relative: string): string => path.join(root, relative);
    return {
      runner,
      messages,
      file,
      url: (relative) => pathToFileURL(file(relative)).href,
      edit(relative, from, to) {
        const source = fs.readFileSync(file(relative), 'utf8');
        if (!source.includes(from)) throw new Error(`${relative} does not contain ${JSON.stringify(from)}`);
        fs.writeFileSync(file(relative), source.replace(from, to));
        return file(relative);
      },
    };
  };
}
