import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freePort, startClientLoop } from '../support/http-client.js';
import { resavedFor, saveUntil } from '../support/waiting.js';
import { poll, type RunningApp, sleep, useExampleApp } from './example-app.js';

const { start } = useExampleApp();

const UPDATE_TIMEOUT_MS = 15_000;
/**
 * chokidar drops a change of a file that comes within 50 ms of the previous one (hot-node
 * then misses that save until the next one): edits made right after an update wait this long.
 */
const SAVE_GAP_MS = 100;
/**
 * The CLI does not say when its watcher is ready: a save made before it was is made again
 * (with a different trailing comment, so that the content changed) after this long.
 */
const RESAVE_AFTER_MS = 2_000;
/** Longest a transient timer (of the watcher, after a save) may live. */
const SETTLE_TIMEOUT_MS = 2_000;
/** Pace of the client loop that a restart must not fail, and how long it goes on after the restart. */
const REQUEST_EVERY_MS = 5;
const LOOP_AFTER_RESTART_MS = 300;

async function get(url: string): Promise<string> {
  const response = await fetch(url);
  return response.text();
}

async function post(url: string): Promise<number> {
  const response = await fetch(url, { method: 'POST', redirect: 'manual' });
  await response.arrayBuffer();
  return response.status;
}

/** The text of the element with this id (`<output id="pid">1234</output>`). */
function textOf(html: string, id: string): string | undefined {
  return new RegExp(`id="${id}">([^<]*)<`).exec(html)?.[1];
}

interface Status {
  readonly pid: number;
  readonly ticker: { readonly ticks: number; readonly running: number; readonly started: number };
  readonly clicks: number;
  readonly activeTimers: number;
}

async function status(app: RunningApp): Promise<Status> {
  return JSON.parse(await get(`${app.url}/api/status`)) as Status;
}

function hotUpdates(app: RunningApp): number {
  return app.stderr().match(/^\[hot-node\] hot update /gm)?.length ?? 0;
}

/** Replaces `from` by `to` in a file of the app, and saves until `applied()` says the app has it. */
async function edit(
  app: RunningApp,
  relative: string,
  from: string,
  to: string,
  applied: () => Promise<boolean>,
): Promise<void> {
  const file = app.file(relative);
  const source = fs.readFileSync(file, 'utf8');
  if (!source.includes(from)) throw new Error(`${relative} no longer contains ${JSON.stringify(from)}`);
  const edited = source.replace(from, to);
  await sleep(SAVE_GAP_MS);
  await saveUntil({
    write: (content) => fs.writeFileSync(file, content),
    content: edited,
    applied,
    describe: () => `the edit of ${relative} was not applied\n--- stderr\n${app.stderr()}`,
    timeoutMs: UPDATE_TIMEOUT_MS,
    resaveAfterMs: RESAVE_AFTER_MS,
    resaved: resavedFor(relative),
  });
}

/** The lines `listening on ...` the app wrote: one per time a version of the server listened. */
function listenings(app: RunningApp): string[] {
  return app.stdout().match(/^listening on .*$/gm) ?? [];
}

/** Resolves with the app's status once it comes from a process other than `pid`. */
function newProcess(app: RunningApp, pid: number): Promise<Status> {
  return poll(
    async () => {
      const now = await status(app);
      return now.pid === pid ? undefined : now;
    },
    () => `no new process\n--- stdout\n${app.stdout()}\n--- stderr\n${app.stderr()}`,
    UPDATE_TIMEOUT_MS,
  );
}

/** An edit that the app applied as one more hot update. */
function editApplied(app: RunningApp, relative: string, from: string, to: string): Promise<void> {
  const before = hotUpdates(app);
  return edit(app, relative, from, to, async () => hotUpdates(app) > before);
}

describe('the SSR example under hot-node', () => {
  it('serves an edit of the home route in place: same process, counter kept', async () => {
    const app = await start();
    const home = await get(`${app.url}/`);
    expect(textOf(home, 'headline')).toBe('Hello from a hot server');
    // The program runs in a worker under hot-node's supervisor: its pid is the one to keep.
    const pid = textOf(home, 'pid');
    expect(await post(`${app.url}/counter`)).toBe(303);
    expect(await post(`${app.url}/counter`)).toBe(303);

    await edit(
      app,
      'src/routes/home.tsx',
      "'Hello from a hot server'",
      "'Edited while it runs'",
      async () => textOf(await get(`${app.url}/`), 'headline') === 'Edited while it runs',
    );

    expect(textOf(await get(`${app.url}/`), 'pid')).toBe(pid);
    expect(textOf(await get(`${app.url}/counter`), 'clicks')).toBe('2');
    expect(app.stderr()).toMatch(/hot update \S+src\/routes\/home\.tsx \(1 module,/);
    expect(app.stdout().match(/^listening on /gm)).toHaveLength(1);
  });

  it('keeps the state of the store through an edit of the store itself (import.meta.hot.data)', async () => {
    const app = await start();
    await post(`${app.url}/counter`);
    await post(`${app.url}/counter`);

    await editApplied(app, 'src/data/store.ts', 'state.clicks += 1;', 'state.clicks += 10;');
    await post(`${app.url}/counter`);

    expect(textOf(await get(`${app.url}/counter`), 'clicks')).toBe('12');
  });

  it('runs exactly one ticker interval after edits of the ticker (dispose stops the old one)', async () => {
    const app = await start();
    const before = await status(app);
    const updatesBefore = hotUpdates(app);

    await editApplied(app, 'src/lib/ticker.ts', 'const TICK_MS = 1000;', 'const TICK_MS = 900;');
    await editApplied(app, 'src/lib/ticker.ts', 'const TICK_MS = 900;', 'const TICK_MS = 800;');

    const after = await status(app);
    expect(after.ticker.started).toBe(1 + hotUpdates(app) - updatesBefore);
    expect(after.ticker.running).toBe(1);
    // Node's own count: the file watcher's short timers come and go (they may be in either
    // count), a leaked interval stays: the count settles at or below where it was.
    await poll(
      async () => ((await status(app)).activeTimers <= before.activeTimers ? true : undefined),
      () => `active timers: ${before.activeTimers} before the edits, now ${after.activeTimers}`,
      SETTLE_TIMEOUT_MS,
    );
  });

  it('re-runs an edited server.tsx in place, listening again on the same port', async () => {
    const app = await start();
    const pid = textOf(await get(`${app.url}/`), 'pid');

    await editApplied(
      app,
      'src/server.tsx',
      "const HOST = '127.0.0.1';",
      "const HOST = '127.0.0.1'; // edited",
    );
    // The new version listens asynchronously, after the update.
    await poll(
      async () => (listenings(app).length >= 2 ? true : undefined),
      () => `the server did not listen again\n--- stdout\n${app.stdout()}\n--- stderr\n${app.stderr()}`,
      UPDATE_TIMEOUT_MS,
    );

    expect(new Set(listenings(app))).toEqual(new Set([`listening on ${app.url}`]));
    expect(app.stdout()).toContain(`closed ${app.url}\n`);
    expect(textOf(await get(`${app.url}/`), 'pid')).toBe(pid);
  });

  it('applies an edit of its .env file in the same process: the site name changes, the counter is kept', async () => {
    const app = await start();
    const before = await get(`${app.url}/counter`);
    expect(textOf(before, 'site-name')).toBe('hot-node SSR');
    await post(`${app.url}/counter`);
    await post(`${app.url}/counter`);

    await edit(
      app,
      '.env',
      'SITE_NAME=hot-node SSR',
      'SITE_NAME=Edited in .env',
      async () => textOf(await get(`${app.url}/counter`), 'site-name') === 'Edited in .env',
    );

    const after = await get(`${app.url}/counter`);
    expect(textOf(after, 'pid')).toBe(textOf(before, 'pid'));
    expect(textOf(after, 'clicks')).toBe('2');
    // The log line comes once the update is done: the page may have the new name a moment before.
    await poll(
      async () => (/ SITE_NAME changed \(\d+ modules re-run\)$/m.test(app.stderr()) ? true : undefined),
      () => `no env update on stderr\n--- stderr\n${app.stderr()}`,
      UPDATE_TIMEOUT_MS,
    );
  });

  it('reports a syntax error in a route with file:line:column and a code frame, serves the previous page, then the fix', async () => {
    const app = await start();
    const pid = textOf(await get(`${app.url}/`), 'pid');
    const lines = fs.readFileSync(app.file('src/routes/home.tsx'), 'utf8').split('\n');
    const line = lines.findIndex((text) => text.startsWith('const headline = ')) + 1;
    // The second `=`.
    const column = 'const headline = '.length + 1;
    const broken = "const headline = = 'Broken';";

    await edit(app, 'src/routes/home.tsx', "const headline = 'Hello from a hot server';", broken, async () =>
      app.stderr().includes(`src/routes/home.tsx:${line}:${column}\n`),
    );
    // The frame: the line with a `>` before its number, then a caret under the column.
    await poll(
      async () =>
        new RegExp(`^> +${line} \\| ${broken}\n +\\| {${column}}\\^$`, 'm').test(app.stderr()) || undefined,
      () => `no code frame on stderr\n--- stderr\n${app.stderr()}`,
      UPDATE_TIMEOUT_MS,
    );
    const during = await get(`${app.url}/`);
    expect(textOf(during, 'headline')).toBe('Hello from a hot server');
    expect(textOf(during, 'pid')).toBe(pid);

    await edit(
      app,
      'src/routes/home.tsx',
      broken,
      "const headline = 'Fixed';",
      async () => textOf(await get(`${app.url}/`), 'headline') === 'Fixed',
    );
    expect(textOf(await get(`${app.url}/`), 'pid')).toBe(pid);
  });

  it('starts a new process on rs + Enter', async () => {
    // A new process listens where the program says: a fixed port, as a real server's.
    const port = await freePort();
    const app = await start({ args: ['--stdin-commands'], stdin: 'pipe', env: { PORT: String(port) } });
    const { pid } = await status(app);

    app.enter('rs');

    await newProcess(app, pid);
    expect(app.stderr()).toMatch(/^\[hot-node\] restart: rs$/m);
  });

  it('restarts on an edit of its package.json without failing a request of a client on new connections', async () => {
    const port = await freePort();
    const app = await start({ env: { PORT: String(port) } });
    const { pid } = await status(app);
    const loop = startClientLoop(port, { everyMs: REQUEST_EVERY_MS, path: '/about' });
    await sleep(LOOP_AFTER_RESTART_MS);

    await edit(app, 'package.json', '"private": true', '"private": true,\n  "version": "1.0.1"', async () => {
      return (await status(app)).pid !== pid;
    });
    // The old process hands over, then runs its dispose handlers: its server closes.
    await poll(
      async () => (app.stdout().includes(`closed ${app.url}\n`) ? true : undefined),
      () => `the old process did not close its server\n--- stdout\n${app.stdout()}`,
      UPDATE_TIMEOUT_MS,
    );
    await sleep(LOOP_AFTER_RESTART_MS);
    const { ok, failed } = await loop.stop();

    expect(failed).toEqual([]);
    // The loop really ran through the restart (fewer requests complete on a loaded machine).
    expect(ok).toBeGreaterThan(20);
    expect(app.stderr()).toMatch(/^\[hot-node\] restart: .*package\.json changed$/m);
  });

  it('ends on Ctrl-C (SIGINT)', async () => {
    const app = await start();
    const exit = await app.stop('SIGINT');
    expect(exit.signal === 'SIGINT' || exit.code === 130).toBe(true);
  });

  it('closes its server on Ctrl-C: the dispose handlers run', async () => {
    const app = await start();
    await app.stop('SIGINT');
    expect(app.stdout()).toContain(`closed ${app.url}\n`);
  });
});
