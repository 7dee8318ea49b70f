import fs from 'node:fs';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { saveUntil as saveUntilApplied } from '../support/waiting.js';
import { get, type Project, poll, saveUntil, serverSource, useCli } from './helpers.js';

const { project, start } = useCli();

const pkg = '{ "type": "module" }\n';
const RELOADS = 20;
/** Clients requesting all along. */
const CLIENTS = 4;
/** From the moment the program runs its new version. */
const RELEASE_TIMEOUT_MS = 2_000;

/** Whether a connection to `port` is refused and the port can be listened on again. */
function released(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => {
      const probe = net.createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
  });
}

/**
 * Saves as editors that write a temporary file and rename it do: the program never reads a
 * half-written file (an empty server.ts would be a program that rightly stops listening).
 */
function saveAtomically(app: Project, relative: string, content: string, applied: () => Promise<boolean>) {
  let saves = 0;
  return saveUntilApplied({
    write: (text) => {
      fs.writeFileSync(app.file(`${relative}.${saves}.tmp`), text);
      fs.renameSync(app.file(`${relative}.${saves}.tmp`), app.file(relative));
      saves++;
    },
    content,
    applied,
    describe: () => `the edit of ${relative} was not applied`,
    timeoutMs: 15_000,
    resaveAfterMs: 1_500,
  });
}

describe('no refused connections', () => {
  it(`${RELOADS} full reloads of the program refuse no connection and fail no request`, async () => {
    const app = project({ 'package.json': pkg, 'server.ts': serverSource({ accept: false, body: 'v0' }) });
    const cli = start(app, ['server.ts']);
    const port = Number((await cli.waitFor(/listening (\d+)/))[1]);
    let running = true;
    const answers: Awaited<ReturnType<typeof get>>[] = [];
    // A few clients, each sending its next request as soon as the last one is answered.
    const clients = Array.from({ length: CLIENTS }, async () => {
      while (running) answers.push(await get(port));
    });
    for (let version = 1; version <= RELOADS; version++) {
      await saveAtomically(
        app,
        'server.ts',
        serverSource({ accept: false, body: `v${version}` }),
        async () => {
          const answer = await get(port);
          return 'body' in answer && answer.body === `v${version}`;
        },
      );
    }
    running = false;
    await Promise.all(clients);
    expect(answers.filter((answer) => 'error' in answer)).toEqual([]);
    expect(answers.length).toBeGreaterThan(RELOADS * CLIENTS);
    expect(cli.stderr().match(/full reload/g)?.length).toBeGreaterThanOrEqual(RELOADS);
  });

  it('releases the port when the new version of the program no longer listens', async () => {
    const app = project({ 'package.json': pkg, 'server.ts': serverSource({ accept: false }) });
    const cli = start(app, ['server.ts']);
    const port = Number((await cli.waitFor(/listening (\d+)/))[1]);
    await saveUntil(app, 'server.ts', "console.log('not listening');\n", () =>
      cli.stdout().includes('not listening'),
    );
    await poll(
      async () => (await released(port)) || undefined,
      () => `port ${port} was not released\n${cli.stderr()}`,
      RELEASE_TIMEOUT_MS,
    );
  });
});
