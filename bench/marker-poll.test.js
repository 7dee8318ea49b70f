import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { MarkerPoller } from './marker-poll.js';

/** @type {(() => Promise<void>)[]} */
const cleanups = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/**
 * A server whose page says `v<n>`, n growing by one per request.
 * @returns {Promise<number>} its port
 */
async function countingServer() {
  let n = 0;
  const server = createServer((_req, res) => {
    res.setHeader('x-process-id', 'p1');
    res.setHeader('x-module-instance', 'm1');
    res.end(`<!--v${n++}-->`);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/** @param {number} port */
function poller(port) {
  const p = new MarkerPoller(port);
  cleanups.push(async () => p.close());
  return p;
}

describe('MarkerPoller', () => {
  it('requests again until the page carries the marker', async () => {
    const result = await poller(await countingServer()).until('/', '<!--v5-->', 5000);
    expect(result).toMatchObject({ ok: true, requests: 6 });
  });

  it("reports the app's process id and module instance", async () => {
    const result = await poller(await countingServer()).until('/', '<!--v0-->', 5000);
    expect(result).toMatchObject({ processId: 'p1', moduleInstance: 'm1' });
  });

  it('gives up after the timeout', async () => {
    const result = await poller(await countingServer()).until('/', 'never', 100);
    expect(result.ok).toBe(false);
  });

  it('keeps trying while nothing listens', async () => {
    const port = await countingServer();
    await cleanups.shift()?.(); // the port is free again: connections are refused
    const result = await poller(port).until('/', 'x', 100);
    expect(result).toMatchObject({ ok: false });
    expect(result.requests).toBeGreaterThan(1);
  });
});
