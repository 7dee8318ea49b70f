import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type GroupProcess, killGroup, spawnInGroup } from '../support/process-group.js';
import { poll, saveUntil } from '../support/waiting.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const exampleDir = path.join(repoRoot, 'examples/hono-app');
/**
 * Copies live inside the repository: `hono` resolves from its node_modules and `hot-node`
 * from its own package.json (the built dist/); git ignores `.tmp/`.
 */
const copiesDir = path.join(repoRoot, 'examples/.tmp');

const START_TIMEOUT_MS = 15_000;
const UPDATE_TIMEOUT_MS = 15_000;
/** The host does not say when its watcher is ready: a save made before it was is made again after this long. */
const RESAVE_AFTER_MS = 2_000;

interface Status {
  readonly pid: number;
  readonly visits: number;
}

/** A copy of the recipe, running `node dev.mjs`. */
interface RunningRecipe {
  readonly url: string;
  readonly pid: number;
  file(relative: string): string;
  stderr(): string;
}

const started: GroupProcess[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const recipe of started.splice(0)) await killGroup(recipe);
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  try {
    fs.rmdirSync(copiesDir);
  } catch {
    // Not empty (another example's copy is in use) or already gone.
  }
});

async function start(): Promise<RunningRecipe> {
  fs.mkdirSync(copiesDir, { recursive: true });
  const dir = fs.mkdtempSync(path.join(copiesDir, 'hono-app-'));
  dirs.push(dir);
  fs.cpSync(exampleDir, dir, { recursive: true });
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hot-node-hono-cache-'));
  dirs.push(cacheDir);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    HOT_NODE_CACHE_DIR: cacheDir,
  };
  delete env.NODE_OPTIONS;
  const recipe = spawnInGroup(process.execPath, [path.join(dir, 'dev.mjs')], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { child, exited } = recipe;
  started.push(recipe);
  let stdout = '';
  let stderr = '';
  let ended = false;
  void exited.then(() => (ended = true));
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const url = await poll(
    () => (ended ? null : /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1]),
    () => `the recipe did not start\n--- stdout\n${stdout}\n--- stderr\n${stderr}`,
    START_TIMEOUT_MS,
  );
  return { url, pid: child.pid!, file: (relative) => path.join(dir, relative), stderr: () => stderr };
}

async function text(url: string): Promise<string> {
  return (await fetch(url)).text();
}

async function status(app: RunningRecipe): Promise<Status> {
  return (await (await fetch(`${app.url}/api/status`)).json()) as Status;
}

/** Replaces `from` by `to` in a file of the copy, saving until `applied()` says the server has it. */
async function edit(
  app: RunningRecipe,
  relative: string,
  from: string,
  to: string,
  applied: () => Promise<boolean>,
): Promise<void> {
  const file = app.file(relative);
  const source = fs.readFileSync(file, 'utf8');
  if (!source.includes(from)) throw new Error(`${relative} does not contain ${JSON.stringify(from)}`);
  await saveUntil({
    write: (content) => fs.writeFileSync(file, content),
    content: source.replace(from, to),
    applied,
    describe: () => `the edit of ${relative} was not applied\n--- stderr\n${app.stderr()}`,
    timeoutMs: UPDATE_TIMEOUT_MS,
    resaveAfterMs: RESAVE_AFTER_MS,
  });
}

describe('the Hono recipe (examples/hono-app)', () => {
  it('serves an edited route in place: the new response, from the same process', async () => {
    const app = await start();
    expect(await text(`${app.url}/`)).toBe('Hello from Hono (visit 1)');
    expect((await status(app)).pid).toBe(app.pid);

    await edit(app, 'src/routes/home.ts', 'Hello from Hono', 'Edited while it runs', async () =>
      (await text(`${app.url}/`)).startsWith('Edited while it runs'),
    );

    expect((await status(app)).pid).toBe(app.pid);
    expect(app.stderr()).toMatch(/hot update \S*src\/routes\/home\.ts \(2 modules,/);
  });

  it('keeps the state of a module the edit did not reach (the visit counter)', async () => {
    const app = await start();
    await text(`${app.url}/`);
    await text(`${app.url}/`);

    await edit(
      app,
      'src/routes/api.ts',
      'c.json({ pid: process.pid, visits: visitCount() })',
      'c.json({ pid: process.pid, visits: visitCount(), edited: true })',
      async () => 'edited' in (await status(app)),
    );

    expect((await status(app)).visits).toBe(2);
  });
});
