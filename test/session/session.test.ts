import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SessionLaunch } from '../../src/hot/hot-session.js';
import { lines } from '../hot/helpers.js';
import {
  freePort,
  get,
  logText,
  type SessionProject,
  serving,
  useSessions,
  WAIT_MS,
  waitFor,
} from './helpers.js';

const { project, session, spawnNode } = useSessions();

/** A server whose handler accepts its updates, keeps a hit count in `import.meta.hot.data`, and closes in dispose. */
function serverApp(port: number, handler = handlerSource('v1')): Record<string, string> {
  return {
    'port.ts': `export const port: number = ${port};\n`,
    'server.ts': lines(
      "import { writeFileSync } from 'node:fs';",
      "import http from 'node:http';",
      "import { handle } from './handler.ts';",
      "import { port } from './port.ts';",
      'let current = handle;',
      'let greeting: unknown = null;',
      "import.meta.hot?.accept('./handler.ts', (mod) => { if (mod) current = mod.handle; });",
      "import.meta.hot?.on('greeting', (data: unknown) => { greeting = data; });",
      'const server = http.createServer((request, response) => {',
      "  if (request.url === '/ping') response.end('pong');",
      "  else if (request.url === '/greeting') response.end(JSON.stringify(greeting));",
      '  else response.end(current());',
      '});',
      "server.listen(port, '127.0.0.1', () => import.meta.hot?.send('listening', { port }));",
      'import.meta.hot?.dispose(async () => {',
      '  await new Promise((resolve) => server.close(resolve));',
      "  writeFileSync(new URL('./disposed.txt', import.meta.url), 'server');",
      '});',
    ),
    'handler.ts': handler,
  };
}

function handlerSource(version: string): string {
  return lines(
    'const data: { hits?: number } = import.meta.hot?.data ?? {};',
    'export function handle(): string {',
    '  data.hits = (data.hits ?? 0) + 1;',
    `  return '${version} ' + data.hits;`,
    '}',
  );
}

const LAUNCHES: SessionLaunch[] = ['in-process', 'worker', 'child-process'];

describe.each(LAUNCHES)('a session launched %s', (launch) => {
  async function started(handler?: string) {
    const port = await freePort();
    const app = project(serverApp(port, handler));
    const under = session(app, { entry: 'server.ts', launch });
    await under.session.start();
    await serving(port);
    return { app, port, ...under };
  }

  it('starts the app, which serves', async () => {
    const { port, session: hot } = await started();
    expect(hot.state).toBe('running');
    expect(await get(port)).toBe('v1 1');
  });

  it('applies an edit in place, keeping the state in import.meta.hot.data', async () => {
    const { app, port, nextReport } = await started();
    expect(await get(port)).toBe('v1 1');
    app.write({ 'handler.ts': handlerSource('v2') });
    await nextReport();
    expect(await get(port)).toBe('v2 2');
  });

  it('gives the host the report of each update', async () => {
    const { app, nextReport } = await started();
    app.write({ 'handler.ts': handlerSource('v2') });
    const report = await nextReport();
    expect(report).toMatchObject({
      outcome: 'hot-update',
      changedFiles: [app.file('handler.ts')],
      boundaries: [
        {
          boundary: pathToFileURL(app.file('server.ts')).href,
          acceptedVia: pathToFileURL(app.file('handler.ts')).href,
        },
      ],
      errors: [],
    });
    expect(report.timings.done).toBeGreaterThan(0);
  });

  it("passes the app engine's log lines to the session's logger", async () => {
    const { app, nextReport, logger } = await started();
    app.write({ 'handler.ts': handlerSource('v2') });
    await nextReport();
    await waitFor(
      () =>
        logger.calls.some((call) => call.level === 'info' && call.message.startsWith('hot update '))
          ? true
          : undefined,
      () => `no update line; log:\n${logText(logger)}`,
    );
  });

  it('reports a syntax error located in the source, keeps serving, and applies the fix', async () => {
    const { app, port, nextReport } = await started();
    app.write({ 'handler.ts': 'export function handle( {\n' });
    const failed = await nextReport();
    expect(failed.outcome).toBe('failed');
    const error = failed.errors[0]?.error as SyntaxError & { loc?: { file: string }; frame?: string };
    expect(error).toBeInstanceOf(SyntaxError);
    expect(error.loc?.file).toBe(app.file('handler.ts'));
    expect(error.frame).toContain('export function handle( {');
    expect(await get(port)).toBe('v1 1');
    app.write({ 'handler.ts': handlerSource('v2') });
    expect((await nextReport()).outcome).toBe('hot-update');
    expect(await get(port)).toBe('v2 2');
  });

  it('rejects start() with the located error, and starts the app with the fix', async () => {
    const port = await freePort();
    const app = project(serverApp(port, 'export function handle( {\n'));
    const { session: hot, nextReport, logger } = session(app, { entry: 'server.ts', launch });
    const error = (await hot.start().then(
      () => undefined,
      (reason: unknown) => reason,
    )) as SyntaxError & { loc?: { file: string } };
    expect(error, logText(logger)).toBeInstanceOf(SyntaxError);
    expect(error.loc?.file, error.stack).toBe(app.file('handler.ts'));
    expect(hot.state).toBe('running');
    app.write({ 'handler.ts': handlerSource('v2') });
    expect((await nextReport()).outcome).toBe('full-reload');
    await serving(port);
    expect(await get(port)).toBe('v2 1');
  });

  it('restart() runs the dispose handlers and starts the app again', async () => {
    const { app, port, session: hot } = await started();
    await hot.restart('test');
    expect(app.read('disposed.txt')).toBe('server');
    await serving(port);
    expect(await get(port)).toMatch(/^v1 \d+$/);
    expect(hot.state).toBe('running');
  });

  it("delivers the app's import.meta.hot.send() to session.on() listeners", async () => {
    const port = await freePort();
    const { session: hot, received } = session(project(serverApp(port)), { entry: 'server.ts', launch });
    const listening = received('listening');
    await hot.start();
    await waitFor(
      () => (listening.length > 0 ? true : undefined),
      () => 'no listening event',
    );
    expect(listening).toEqual([{ port }]);
  });

  it("delivers session.send() to the app's import.meta.hot.on() listeners", async () => {
    const { port, session: hot } = await started();
    hot.send('greeting', { text: 'hello' });
    await waitFor(
      async () => ((await get(port, '/greeting')) === '{"text":"hello"}' ? true : undefined),
      () => 'the app did not receive the greeting',
    );
  });

  it('lets a CommonJS module require() a TypeScript file', async () => {
    const app = project({
      'entry.ts': lines(
        "import legacy from './legacy.cjs';",
        "import.meta.hot?.send('value', legacy.value);",
      ),
      'legacy.cjs': "module.exports = { value: require('./util.ts').triple(14) };\n",
      'util.ts': 'export const triple = (n: number): number => n * 3;\n',
    });
    const { session: hot, received } = session(app, { entry: 'entry.ts', launch });
    const values = received('value');
    await hot.start();
    await waitFor(
      () => (values.length > 0 ? true : undefined),
      () => 'no value event',
    );
    expect(values).toEqual([42]);
  });

  it('close() runs the dispose handlers and leaves nothing that keeps the host alive', async () => {
    const port = await freePort();
    const app = project(serverApp(port));
    const sessionModule = new URL('../../dist/hot/hot-session.js', import.meta.url).href;
    const host = spawnNode(
      lines(
        `import { createSession } from ${JSON.stringify(sessionModule)};`,
        'const quiet = () => {};',
        'const logger = { info: quiet, warn: console.error, error: console.error, debug: quiet };',
        `const session = createSession({ entry: 'server.ts', root: process.cwd(), launch: '${launch}', cacheDir: false, logger });`,
        'await session.start();',
        'await session.close();',
        "console.log('closed at ' + Date.now());",
      ),
      app.root,
    );
    const exit = await Promise.race([host.exited, timeout(WAIT_MS)]);
    const exitedAt = Date.now();
    expect(exit, host.output()).toEqual({ code: 0, signal: null });
    const closedAt = Number(/closed at (\d+)/.exec(host.output())?.[1]);
    expect(exitedAt - closedAt).toBeLessThan(2_000);
    expect(app.read('disposed.txt')).toBe('server');
  });
});

describe.each(['worker', 'child-process'] as const)('an app launched %s that ends by itself', (launch) => {
  it('is reported, and started again by the next change', async () => {
    const app: SessionProject = project({
      'entry.ts': lines(
        "import { code } from './code.ts';",
        "import.meta.hot?.on('quit', () => process.exit(code));",
        "import.meta.hot?.send('up', code);",
        'setInterval(() => {}, 1000);',
      ),
      'code.ts': 'export const code = 3;\n',
    });
    const { session: hot, received, logger } = session(app, { entry: 'entry.ts', launch });
    const exits: unknown[] = [];
    hot.on('exit', (exit) => exits.push(exit));
    const up = received('up');
    await hot.start();
    hot.send('quit');
    await waitFor(
      () => (exits.length > 0 ? true : undefined),
      () => `no exit event; log:\n${logText(logger)}`,
    );
    expect(exits).toEqual([{ code: 3, signal: null }]);
    app.write({ 'code.ts': 'export const code = 4;\n' });
    await waitFor(
      () => (up.length > 1 ? true : undefined),
      () => `the app did not start again; log:\n${logText(logger)}`,
    );
    expect(up).toEqual([3, 4]);
  });
});

describe.each(['worker', 'child-process'] as const)('restart() of an app launched %s', (launch) => {
  it('ends the app after disposeTimeoutMs when its dispose handlers hang', async () => {
    const app = project({
      'entry.ts': lines(
        "import.meta.hot?.send('up', process.pid);",
        'import.meta.hot?.dispose(() => new Promise(() => {}));',
        'setInterval(() => {}, 1000);',
      ),
    });
    const { session: hot, received } = session(app, { entry: 'entry.ts', launch, disposeTimeoutMs: 300 });
    const up = received('up');
    await hot.start();
    const started = Date.now();
    await hot.restart('test');
    expect(Date.now() - started).toBeLessThan(WAIT_MS / 2);
    await waitFor(
      () => (up.length > 1 ? true : undefined),
      () => 'the app did not start again',
    );
    if (launch === 'child-process') expect(up[1]).not.toBe(up[0]);
  });
});

describe.each(['worker', 'child-process'] as const)('restart() during a start in %s', (launch) => {
  it('ends the app whose entry hangs, and starts it again', async () => {
    const app = project({
      'entry.ts': lines(
        "import { existsSync, writeFileSync } from 'node:fs';",
        "const marker = new URL('./hung.txt', import.meta.url);",
        'setInterval(() => {}, 1000);',
        'if (!existsSync(marker)) {',
        "  writeFileSync(marker, 'once');",
        '  await new Promise(() => {});',
        '}',
      ),
    });
    const { session: hot, logger } = session(app, { entry: 'entry.ts', launch, disposeTimeoutMs: 300 });
    const start = hot.start();
    start.catch(() => {});
    await waitFor(
      () => (app.read('hung.txt') ? true : undefined),
      () => `the entry did not run; log:\n${logText(logger)}`,
    );
    await hot.restart('hung');
    await expect(start).rejects.toThrow(/ended/);
  });
});

describe('a session', () => {
  it('tells state listeners when it runs and when it is closed', async () => {
    const app = project({ 'entry.ts': 'export {};\n' });
    const { session: hot } = session(app, { entry: 'entry.ts' });
    const states: string[] = [];
    hot.on('state', (state) => states.push(state));
    expect(hot.state).toBe('created');
    await hot.start();
    await hot.close();
    expect(states).toEqual(['running', 'closed']);
  });

  it('refuses to send an event named like its own (hot-node:*)', async () => {
    const { session: hot } = session(project({ 'entry.ts': 'export {};\n' }), { entry: 'entry.ts' });
    expect(() => hot.send('hot-node:shutdown')).toThrow(TypeError);
  });
});

function timeout(ms: number): Promise<'timeout'> {
  return new Promise((resolve) => setTimeout(() => resolve('timeout'), ms).unref());
}
