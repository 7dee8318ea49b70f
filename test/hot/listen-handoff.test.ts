import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { poll } from '../support/waiting.js';
import { collectUpdates, freePort, lines, sleep, useHotFixtures } from './helpers.js';

const { project, engine, log } = useHotFixtures();

/** Full reloads the client loop runs through. */
const RELOADS = 20;
/** Clients requesting all along. */
const CLIENTS = 4;
const PAUSE_BETWEEN_SAVES_MS = 20;

/** What a GET answered: its body, or the error's code. */
type Answer = { body: string; reusedSocket: boolean } | { error: string };

const agents: http.Agent[] = [];
const servers: net.Server[] = [];
afterEach(async () => {
  for (const agent of agents.splice(0)) agent.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

function get(port: number, agent: http.Agent | false = false): Promise<Answer> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/', agent }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ body, reusedSocket: request.reusedSocket }));
      response.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
  });
}

function body(answer: Answer): string {
  return 'body' in answer ? answer.body : `error ${answer.error}`;
}

/** A server module: answers `text` on `port`, closes in dispose, and (unless `accept`) takes no update itself. */
function server(port: number, text: string, options: { accept?: boolean; startAfterMs?: number } = {}) {
  return lines(
    "import http from 'node:http';",
    options.startAfterMs
      ? `await new Promise((resolve) => setTimeout(resolve, ${options.startAfterMs}));`
      : '',
    `const server = http.createServer((request, response) => response.end('${text}'));`,
    `server.on('close', () => globalThis.__log.push('close ${text}'));`,
    `await new Promise((resolve, reject) => { server.once('error', reject); server.listen(${port}, '127.0.0.1', resolve); });`,
    options.accept ? 'import.meta.hot.accept();' : '',
    'import.meta.hot.dispose(() => new Promise((resolve) => server.close(resolve)));',
  );
}

/** Resolves when `port` refuses connections. */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

/** Listens on `port` from the test: proves the port is free. */
function listenOn(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(port, '127.0.0.1', () => {
      servers.push(probe);
      resolve();
    });
  });
}

describe('listening sockets across updates', () => {
  it(`${RELOADS} full reloads of a server module, saved and watched, refuse no connection and fail no request`, async () => {
    const port = await freePort();
    const app = project({ 'server.ts': server(port, 'v0') });
    const { engine: hot } = engine(app, { watch: true });
    await hot.import('./server.ts');
    await hot.ready();
    const updates = collectUpdates(hot);
    let running = true;
    const answers: Answer[] = [];
    // A few clients, each sending its next request as soon as the last one is answered.
    const clients = Array.from({ length: CLIENTS }, async () => {
      while (running) answers.push(await get(port));
    });
    for (let version = 1; version <= RELOADS; version++) {
      await sleep(PAUSE_BETWEEN_SAVES_MS);
      // As editors that rename a temporary file over it: no update sees the file half-written.
      fs.writeFileSync(app.file('server.tmp'), server(port, `v${version}`));
      fs.renameSync(app.file('server.tmp'), app.file('server.ts'));
      const report = await updates.next();
      expect(report.outcome).toBe('full-reload');
      expect(report.errors).toEqual([]);
    }
    running = false;
    await Promise.all(clients);
    const failures = answers.filter((answer) => 'error' in answer);
    expect(failures).toEqual([]);
    // The clients really ran through the reloads.
    expect(answers.length).toBeGreaterThan(RELOADS * CLIENTS);
    expect(body(await get(port))).toBe(`v${RELOADS}`);
  });

  it('a connection that arrives while the new version starts is answered by the new server', async () => {
    const port = await freePort();
    const app = project({ 'server.ts': server(port, 'one') });
    const { engine: hot, edit } = engine(app);
    await hot.import('./server.ts');
    const update = edit({ 'server.ts': server(port, 'two', { startAfterMs: 300 }) });
    await poll(
      () => log().includes('close one') || undefined,
      () => 'the old server did not close',
      5_000,
    );
    const answer = get(port);
    expect((await update).outcome).toBe('full-reload');
    expect(body(await answer)).toBe('two');
  });

  it('a self-accepting server module hands its socket over in a hot update', async () => {
    const port = await freePort();
    const app = project({ 'server.ts': server(port, 'one', { accept: true }) });
    const { engine: hot, edit } = engine(app);
    await hot.import('./server.ts');
    const update = edit({ 'server.ts': server(port, 'two', { accept: true, startAfterMs: 300 }) });
    await poll(
      () => log().includes('close one') || undefined,
      () => 'the old server did not close',
      5_000,
    );
    const answer = get(port);
    expect((await update).outcome).toBe('hot-update');
    expect(body(await answer)).toBe('two');
  });

  it('a keep-alive connection opened before a reload is served by the new code after it', async () => {
    const port = await freePort();
    const app = project({ 'server.ts': server(port, 'one') });
    const { engine: hot, edit } = engine(app);
    await hot.import('./server.ts');
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(agent);
    expect(await get(port, agent)).toEqual({ body: 'one', reusedSocket: false });
    expect((await edit({ 'server.ts': server(port, 'two') })).outcome).toBe('full-reload');
    expect(await get(port, agent)).toEqual({ body: 'two', reusedSocket: true });
  });

  it("the old server emits 'close' once, though a connection it had outlives the update", async () => {
    const port = await freePort();
    const app = project({ 'server.ts': server(port, 'one') });
    const { engine: hot, edit } = engine(app);
    await hot.import('./server.ts');
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(agent);
    await get(port, agent);
    await edit({ 'server.ts': server(port, 'two') });
    expect(log()).toEqual(['close one']);
    agent.destroy();
    await sleep(200);
    expect(log()).toEqual(['close one']);
  });

  it("closeAllConnections() in a dispose handler ends the old code's event streams, not the requests waiting for the update", async () => {
    const port = await freePort();
    const source = (text: string): string =>
      lines(
        "import http from 'node:http';",
        'const server = http.createServer((request, response) => {',
        `  if (request.url !== '/events') return response.end('${text}');`,
        "  response.writeHead(200, { 'content-type': 'text/event-stream' });",
        `  response.write('data: ${text}\\n\\n');`,
        '});',
        `await new Promise((resolve) => server.listen(${port}, '127.0.0.1', resolve));`,
        'import.meta.hot.dispose(async () => {',
        `  globalThis.__log.push('disposing ${text}');`,
        '  await new Promise((resolve) => setTimeout(resolve, 300));',
        '  server.closeAllConnections();',
        '  await new Promise((resolve) => server.close(resolve));',
        '});',
      );
    const app = project({ 'server.ts': source('one') });
    const { engine: hot, edit } = engine(app);
    await hot.import('./server.ts');
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(agent);
    expect(await get(port, agent)).toEqual({ body: 'one', reusedSocket: false });
    const events = http.get({ host: '127.0.0.1', port, path: '/events', agent: false });
    const streamEnded = new Promise<void>((resolve) => {
      events.on('response', (response) => response.resume().on('close', resolve));
      events.on('error', () => resolve());
    });
    await new Promise((resolve) => events.once('response', resolve));
    const update = edit({ 'server.ts': source('two') });
    await poll(
      () => log().includes('disposing one') || undefined,
      () => 'the old version was not disposed',
      5_000,
    );
    // Sent on the old server's connection while it is being disposed: it waits for the update.
    const answer = get(port, agent);
    expect((await update).outcome).toBe('full-reload');
    expect(await answer).toEqual({ body: 'two', reusedSocket: true });
    await streamEnded;
  });

  it('releases the port when the new version listens elsewhere', async () => {
    const [first, second] = [await freePort(), await freePort()];
    const app = project({ 'server.ts': server(first, 'one') });
    const { engine: hot, edit } = engine(app);
    await hot.import('./server.ts');
    expect((await edit({ 'server.ts': server(second, 'two') })).outcome).toBe('full-reload');
    expect(await refused(first)).toBe(true);
    await listenOn(first);
    expect(body(await get(second))).toBe('two');
  });

  it('a new version that listens on port 0 gets a new port, and the old one is released', async () => {
    const source = (text: string): string =>
      lines(
        "import http from 'node:http';",
        `const server = http.createServer((request, response) => response.end('${text}'));`,
        "await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));",
        'globalThis.__port = server.address().port;',
        'import.meta.hot.dispose(() => new Promise((resolve) => server.close(resolve)));',
      );
    const app = project({ 'server.ts': source('one') });
    const { engine: hot, edit } = engine(app);
    await hot.import('./server.ts');
    const state = globalThis as { __port?: number };
    const first = state.__port!;
    await edit({ 'server.ts': source('two') });
    expect(state.__port).not.toBe(first);
    expect(await refused(first)).toBe(true);
    expect(body(await get(state.__port!))).toBe('two');
  });

  it('outside updates close() is native: the port is free when its callback runs', async () => {
    const port = await freePort();
    const app = project({ 'server.ts': server(port, 'one') });
    const { engine: hot } = engine(app);
    await hot.import('./server.ts');
    const own = http.createServer((_request, response) => response.end('own'));
    const ownPort = await freePort();
    await new Promise<void>((resolve) => own.listen(ownPort, '127.0.0.1', resolve));
    await new Promise((resolve) => own.close(resolve));
    await listenOn(ownPort);
    await hot.close();
    expect(log()).toEqual(['close one']);
    await listenOn(port);
  });
});
