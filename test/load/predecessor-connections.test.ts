import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, lines, sleep, useHotFixtures } from '../hot/helpers.js';
import { poll } from '../support/waiting.js';

// The load test's restart found these: after an update handed a listening socket over, the
// keep-alive connections the old server had accepted were left out of the new server's
// close(), closeAllConnections() and 'close' event, and went on being served.

const { project, engine, log } = useHotFixtures();

const agents: http.Agent[] = [];
afterEach(() => {
  for (const agent of agents.splice(0)) agent.destroy();
});

type Answer = { body: string; reusedSocket: boolean } | { error: string };

function get(port: number, agent: http.Agent): Promise<Answer> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/', agent }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ body, reusedSocket: request.reusedSocket }));
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
  });
}

function keepAliveAgent(): http.Agent {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  agents.push(agent);
  return agent;
}

/** A server module answering `text` (after `delayMs`), whose dispose handler is `dispose`. */
function server(port: number, text: string, dispose: string, delayMs = 0): string {
  return lines(
    "import http from 'node:http';",
    'const server = http.createServer((request, response) => {',
    `  setTimeout(() => response.end('${text}', () => globalThis.__log.push('answered ${text}')), ${delayMs});`,
    '});',
    `await new Promise((resolve) => server.listen(${port}, '127.0.0.1', resolve));`,
    `import.meta.hot.dispose(async () => { ${dispose} });`,
  );
}

const CLOSE_ALL = 'server.closeAllConnections(); await new Promise((resolve) => server.close(resolve));';
const closeAndLog = (text: string): string =>
  `await new Promise((resolve) => server.close(resolve)); globalThis.__log.push('closed ${text}');`;
/** How long the client may take to see that the server closed its connection. */
const SEEN_CLOSED_MS = 2_000;

describe('connections of a server whose socket another took', () => {
  it("the new server's closeAllConnections() closes them", async () => {
    const port = await freePort();
    const app = project({ 'server.ts': server(port, 'one', CLOSE_ALL) });
    const { engine: hot, edit } = engine(app);
    await hot.import('./server.ts');
    const agent = keepAliveAgent();
    expect(await get(port, agent)).toEqual({ body: 'one', reusedSocket: false });
    expect((await edit({ 'server.ts': server(port, 'two', CLOSE_ALL) })).outcome).toBe('full-reload');
    expect(await get(port, agent)).toEqual({ body: 'two', reusedSocket: true });
    await hot.close();
    // The connection is gone with the server: the next request needs a new one, and nothing listens.
    await poll(
      () => Object.keys(agent.freeSockets).length === 0 || undefined,
      () => 'the keep-alive connection outlived the server',
      SEEN_CLOSED_MS,
    );
    expect(await get(port, agent)).toEqual({ error: 'ECONNREFUSED' });
  });

  it("the new server's 'close' waits for a response still being written on one", async () => {
    const port = await freePort();
    const app = project({ 'server.ts': server(port, 'one', closeAndLog('one')) });
    const { engine: hot, edit } = engine(app);
    await hot.import('./server.ts');
    const agent = keepAliveAgent();
    await get(port, agent);
    await edit({ 'server.ts': server(port, 'two', closeAndLog('two'), 300) });
    // On the connection the first server accepted, answered by the second one's code.
    const answer = get(port, agent);
    await sleep(100);
    const closing = hot.close();
    expect(await answer).toEqual({ body: 'two', reusedSocket: true });
    // As Node's close(): the connection, kept alive by the client, is waited for until it ends.
    expect(log()).not.toContain('closed two');
    agent.destroy();
    await closing;
    expect(log().at(-1)).toBe('closed two');
  });
});
