import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createServerGate } from '../../src/hot/update-gate.js';
import type { UpdateReport } from '../../src/hot/update-report.js';
import { poll, sleep } from '../support/waiting.js';
import { capturingLogger, freePort, lines, useHotFixtures } from './helpers.js';

const { project, engine, log } = useHotFixtures();
const repositoryModules = fileURLToPath(new URL('../../node_modules', import.meta.url));
const WAIT_MS = 5_000;

/** What a GET answered: its body, or the error's code. */
type Answer = { body: string } | { error: string };

const openRequests: http.ClientRequest[] = [];
afterEach(() => {
  for (const request of openRequests.splice(0)) request.destroy();
});

/** GET `path` on a new connection (or through `agent`). */
function get(port: number, options: { path?: string; secure?: boolean } = {}): Promise<Answer> {
  return new Promise((resolve) => {
    const client = options.secure ? https : http;
    const request = client.get(
      { host: '127.0.0.1', port, path: options.path ?? '/', agent: false, rejectUnauthorized: false },
      (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ body }));
        response.on('error', (error: NodeJS.ErrnoException) =>
          resolve({ error: error.code ?? error.message }),
        );
      },
    );
    openRequests.push(request);
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
  });
}

/** A server on `port` that answers `handler` and imports content.ts, which sets `__content`. */
function server(port: number, handler = '(request, response) => response.end(String(globalThis.__content))') {
  return lines(
    "import http from 'node:http';",
    "import './content.ts';",
    `const server = http.createServer(${handler});`,
    `await new Promise((resolve, reject) => { server.once('error', reject); server.listen(${port}, '127.0.0.1', resolve); });`,
    'import.meta.hot.dispose(() => new Promise((resolve) => server.close(resolve)));',
  );
}

/** content.ts: sets `__content`, takes its own updates, logs its disposal. */
function content(text: string): string {
  return lines(
    `globalThis.__content = '${text}';`,
    `import.meta.hot.dispose(() => globalThis.__log.push('${text} disposed'));`,
    'import.meta.hot.accept();',
  );
}

/** A version of content.ts whose top level takes 300 ms. */
function slowContent(text: string): string {
  return lines(
    `globalThis.__log.push('${text} starts');`,
    'await new Promise((resolve) => setTimeout(resolve, 300));',
    `globalThis.__content = '${text}';`,
    'import.meta.hot.accept();',
  );
}

/** A handler that takes 300 ms and logs when it got the request and when it answered. */
const SLOW_HANDLER = lines(
  '(request, response) => {',
  "  globalThis.__log.push('received');",
  '  setTimeout(() => {',
  "    globalThis.__log.push('answered');",
  '    response.end(String(globalThis.__content));',
  '  }, 300);',
  '}',
);

function until(what: string, probe: () => boolean): Promise<true> {
  return poll(
    () => probe() || undefined,
    () => `${what} did not happen; log: ${log().join(', ')}`,
    WAIT_MS,
  );
}

describe('requests during updates', () => {
  it('a request that arrives during an update waits for it and is answered by the new code', async () => {
    const port = await freePort();
    const app = project({ 'server.ts': server(port), 'content.ts': content('one') });
    const { engine: hot, edit } = engine(app);
    await hot.import('./server.ts');
    expect(await get(port)).toEqual({ body: 'one' });
    const update = edit({ 'content.ts': slowContent('two') });
    await until('the new version started', () => log().includes('two starts'));
    const answer = get(port);
    expect((await update).outcome).toBe('hot-update');
    expect(await answer).toEqual({ body: 'two' });
  });

  it('a request sent while a save settles waits for its update and is answered by the new code', async () => {
    const port = await freePort();
    const app = project({ 'server.ts': server(port), 'content.ts': content('one') });
    // The watcher reports the save 400 ms after it: the request goes in the middle.
    const { engine: hot } = engine(app, { watch: true, watchQuietMs: 400 });
    await hot.import('./server.ts');
    await hot.ready();
    const updated = new Promise<UpdateReport>((resolve) => hot.on('update', resolve));
    app.write({ 'content.ts': content('two') });
    await sleep(200);
    const answer = get(port);
    expect((await updated).outcome).toBe('hot-update');
    expect(await answer).toEqual({ body: 'two' });
  });

  it('a save that changes nothing lets the requests it held go at once, to the code running', async () => {
    const port = await freePort();
    const app = project({ 'server.ts': server(port), 'content.ts': content('one') });
    const { engine: hot } = engine(app, { watch: true, watchQuietMs: 200 });
    await hot.import('./server.ts');
    await hot.ready();
    const reports: UpdateReport[] = [];
    hot.on('update', (report) => reports.push(report));
    app.write({ 'content.ts': content('one') });
    await sleep(100);
    const sent = Date.now();
    expect(await get(port)).toEqual({ body: 'one' });
    // Held until the watcher found the content unchanged (about 100 ms on), not for the 500 ms cap.
    expect(Date.now() - sent).toBeLessThan(300);
    expect(reports).toEqual([]);
  });

  it('a request in flight is answered by the old code before its dispose handlers run', async () => {
    const port = await freePort();
    const app = project({ 'server.ts': server(port, SLOW_HANDLER), 'content.ts': content('one') });
    const { engine: hot, edit } = engine(app);
    await hot.import('./server.ts');
    const answer = get(port);
    await until('the request reached the handler', () => log().includes('received'));
    const report = await edit({ 'content.ts': content('two') });
    expect(report.outcome).toBe('hot-update');
    expect(await answer).toEqual({ body: 'one' });
    expect(log()).toEqual(['received', 'answered', 'one disposed']);
  });

  it('a save that changes nothing does not wait for requests in flight', async () => {
    const port = await freePort();
    const app = project({ 'server.ts': server(port, SLOW_HANDLER), 'content.ts': content('one') });
    const { engine: hot } = engine(app);
    await hot.import('./server.ts');
    const answer = get(port);
    await until('the request reached the handler', () => log().includes('received'));
    const report = await hot.update([app.file('content.ts')]);
    expect(report.outcome).toBe('no-change');
    expect(log()).toEqual(['received']);
    expect(await answer).toEqual({ body: 'one' });
  });

  it('disposes anyway when a request in flight takes longer than the drain timeout, and says so', async () => {
    const port = await freePort();
    const hanging =
      '(request, response) => { globalThis.__log.push("received"); globalThis.__hanging = response; }';
    const app = project({ 'server.ts': server(port, hanging), 'content.ts': content('one') });
    const gateLogger = capturingLogger();
    const gate = createServerGate({ logger: gateLogger, drainTimeoutMs: 200 });
    const { engine: hot, edit } = engine(app, { updateGate: gate });
    try {
      await hot.import('./server.ts');
      void get(port);
      await until('the request reached the handler', () => log().includes('received'));
      const started = Date.now();
      const report = await edit({ 'content.ts': content('two') });
      expect(report.outcome).toBe('hot-update');
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(log()).toEqual(['received', 'one disposed']);
      expect(gateLogger.calls).toContainEqual({
        level: 'debug',
        message: '1 request still in flight after 200 ms: disposing the old code anyway',
      });
    } finally {
      (globalThis as { __hanging?: http.ServerResponse }).__hanging?.end();
      gate.close();
    }
  });

  it('lets requests through after holdTimeoutMs, so a module that requests its own server while it loads does not hang', async () => {
    const port = await freePort();
    const selfRequesting = lines(
      "import http from 'node:http';",
      'const body = await new Promise((resolve, reject) => {',
      `  http.get({ host: '127.0.0.1', port: ${port}, agent: false }, (response) => {`,
      "    let text = '';",
      "    response.on('data', (chunk) => (text += chunk)).on('end', () => resolve(text));",
      "  }).on('error', reject);",
      '});',
      "globalThis.__log.push('got ' + body);",
      "globalThis.__content = 'two';",
      'import.meta.hot.accept();',
    );
    const app = project({ 'server.ts': server(port), 'content.ts': content('one') });
    const gateLogger = capturingLogger();
    const gate = createServerGate({ logger: gateLogger, holdTimeoutMs: 300 });
    const { engine: hot, edit } = engine(app, { updateGate: gate });
    try {
      await hot.import('./server.ts');
      const report = await edit({ 'content.ts': selfRequesting });
      expect(report.outcome).toBe('hot-update');
      expect(log()).toEqual(['one disposed', 'got one']);
      expect(gateLogger.calls).toContainEqual({
        level: 'debug',
        message: 'requests waited 300 ms for the update: let through before it ended',
      });
      expect(await get(port)).toEqual({ body: 'two' });
    } finally {
      gate.close();
    }
  });

  it('an open event stream does not hold up updates', async () => {
    const port = await freePort();
    const stream = lines(
      '(request, response) => {',
      "  if (request.url !== '/events') return response.end(String(globalThis.__content));",
      "  response.writeHead(200, { 'content-type': 'text/event-stream' });",
      "  response.write('data: hello\\n\\n');",
      '}',
    );
    const app = project({ 'server.ts': server(port, stream), 'content.ts': content('one') });
    const { engine: hot, edit } = engine(app);
    await hot.import('./server.ts');
    const events = http.get({ host: '127.0.0.1', port, path: '/events', agent: false });
    openRequests.push(events);
    await new Promise((resolve) => events.once('response', resolve));
    const started = Date.now();
    const report = await edit({ 'content.ts': content('two') });
    expect(report.outcome).toBe('hot-update');
    // The drain timeout is 5 s: the stream was not waited for.
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await get(port)).toEqual({ body: 'two' });
  });

  it('holds nothing with updateGate: false (a request during an update gets the old code)', async () => {
    const port = await freePort();
    const app = project({ 'server.ts': server(port), 'content.ts': content('one') });
    const { engine: hot, edit } = engine(app, { updateGate: false });
    await hot.import('./server.ts');
    const update = edit({ 'content.ts': slowContent('two') });
    await until('the new version started', () => log().includes('two starts'));
    expect(await get(port)).toEqual({ body: 'one' });
    await update;
  });

  it('holds requests to an HTTPS server during an update', async () => {
    const port = await freePort();
    const app = project({ 'content.ts': content('one') });
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-keyout',
        app.file('key.pem'),
        '-out',
        app.file('cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    app.write({
      'server.ts': lines(
        "import fs from 'node:fs';",
        "import https from 'node:https';",
        "import './content.ts';",
        'const options = {',
        "  key: fs.readFileSync(new URL('./key.pem', import.meta.url)),",
        "  cert: fs.readFileSync(new URL('./cert.pem', import.meta.url)),",
        '};',
        'const server = https.createServer(options, (request, response) => response.end(String(globalThis.__content)));',
        `await new Promise((resolve) => server.listen(${port}, '127.0.0.1', resolve));`,
        'import.meta.hot.dispose(() => new Promise((resolve) => server.close(resolve)));',
      ),
    });
    const { engine: hot, edit } = engine(app);
    await hot.import('./server.ts');
    expect(await get(port, { secure: true })).toEqual({ body: 'one' });
    const update = edit({ 'content.ts': slowContent('two') });
    await until('the new version started', () => log().includes('two starts'));
    const answer = get(port, { secure: true });
    await update;
    expect(await answer).toEqual({ body: 'two' });
  });

  it("holds requests to Hono's node-server during an update", async () => {
    const port = await freePort();
    const app = project({
      'content.ts': content('one'),
      'server.ts': lines(
        "import { serve } from '@hono/node-server';",
        "import { Hono } from 'hono';",
        "import './content.ts';",
        'const app = new Hono();',
        "app.get('/', (c) => c.text(String(globalThis.__content)));",
        `const server = serve({ fetch: app.fetch, port: ${port}, hostname: '127.0.0.1' });`,
        "await new Promise((resolve) => server.once('listening', resolve));",
        'import.meta.hot.dispose(() => new Promise((resolve) => server.close(resolve)));',
      ),
    });
    fs.symlinkSync(repositoryModules, path.join(app.root, 'node_modules'), 'junction');
    const { engine: hot, edit } = engine(app);
    await hot.import('./server.ts');
    expect(await get(port)).toEqual({ body: 'one' });
    const update = edit({ 'content.ts': slowContent('two') });
    await until('the new version started', () => log().includes('two starts'));
    const answer = get(port);
    await update;
    expect(await answer).toEqual({ body: 'two' });
  });
});
