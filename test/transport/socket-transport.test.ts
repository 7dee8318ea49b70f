import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HotPayload } from '../../src/transport/hot-payload.js';
import type { RemoteTransport } from '../../src/transport/remote-transport.js';
import {
  connectToHost,
  listenForApps,
  SESSION_ENV,
  type SocketHost,
  type SocketHostOptions,
} from '../../src/transport/socket-transport.js';
import type { TransportMessage } from '../../src/transport/transport.js';
import { poll, sleep } from '../support/waiting.js';

const hosts: SocketHost[] = [];
const apps: RemoteTransport[] = [];
const sockets: net.Socket[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(apps.splice(0).map((app) => app.close()));
  await Promise.all(hosts.splice(0).map((host) => host.close()));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
});

/** A host that records the apps it accepted and the payloads they sent. */
async function listen(options: SocketHostOptions = {}) {
  const payloads: HotPayload[] = [];
  let accepted = 0;
  const host = await listenForApps({
    ...options,
    onApp: () => accepted++,
    onPayload: (payload) => payloads.push(payload),
  });
  hosts.push(host);
  return { host, payloads, accepted: () => accepted };
}

async function join(...args: Parameters<typeof connectToHost>): Promise<RemoteTransport> {
  const app = await connectToHost(...args);
  apps.push(app);
  return app;
}

/** A peer that speaks raw lines: resolves `closed` with how long after connecting the host closed it. */
function rawPeer(port: number, host = '127.0.0.1') {
  const socket = net.connect({ host, port });
  sockets.push(socket);
  const connectedAt = Date.now();
  let received = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
  const connected = new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  const closed = new Promise<number>((resolve) =>
    socket.once('close', () => resolve(Date.now() - connectedAt)),
  );
  return { socket, connected, closed, received: () => received };
}

const waitFor = <T>(probe: () => T | undefined, describe: string): Promise<T> =>
  poll(probe, () => describe, 5_000);

describe('a socket host', () => {
  it('accepts an app with the right token and takes its payloads', async () => {
    const { host, payloads, accepted } = await listen();
    const app = await join(host.address);
    app.send({ type: 'custom', event: 'hello', data: { n: 1 } });
    await waitFor(() => (payloads.length > 0 ? true : undefined), 'no payload');
    expect(payloads).toEqual([{ type: 'custom', event: 'hello', data: { n: 1 } }]);
    expect(accepted()).toBe(1);
  });

  it(`lets an app connect with the address in ${SESSION_ENV}`, async () => {
    const { host, accepted } = await listen();
    const before = process.env[SESSION_ENV];
    process.env[SESSION_ENV] = host.sessionVariable;
    try {
      await join();
    } finally {
      if (before === undefined) delete process.env[SESSION_ENV];
      else process.env[SESSION_ENV] = before;
    }
    expect(accepted()).toBe(1);
  });

  it('tells an app of changes to the files it watches, and sends it custom events', async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hot-node-socket-')));
    dirs.push(dir);
    const file = path.join(dir, 'watched.ts');
    fs.writeFileSync(file, 'export const a = 1;\n');
    const { host } = await listen();
    const app = await join(host.address);
    const messages: TransportMessage[] = [];
    app.connect((message) => messages.push(message));
    app.watch([file]);
    await app.ready();
    fs.writeFileSync(file, 'export const a = 2;\n');
    host.emit('greeting', 'hi');
    await waitFor(() => (messages.some((m) => m.type === 'change') ? true : undefined), 'no change');
    expect(messages.find((m) => m.type === 'change')).toMatchObject({ files: [file] });
    await waitFor(() => (messages.some((m) => m.type === 'custom') ? true : undefined), 'no custom');
    expect(messages.find((m) => m.type === 'custom')).toEqual({
      type: 'custom',
      event: 'greeting',
      data: 'hi',
    });
  });

  it('disconnects a peer with a wrong token and acts on nothing it sent', async () => {
    const { host, payloads, accepted } = await listen();
    const peer = rawPeer(host.address.port);
    await peer.connected;
    const wrong = 'f'.repeat(host.address.token.length);
    peer.socket.write(
      `${JSON.stringify({ type: 'hot-node:hello', token: wrong })}\n${JSON.stringify({ type: 'custom', event: 'x' })}\n`,
    );
    await peer.closed;
    expect(accepted()).toBe(0);
    expect(payloads).toEqual([]);
    expect(peer.received()).toBe('');
  });

  it('disconnects a peer whose first message carries no token', async () => {
    const { host, payloads, accepted } = await listen();
    const peer = rawPeer(host.address.port);
    await peer.connected;
    peer.socket.write(`${JSON.stringify({ type: 'custom', event: 'x' })}\n`);
    await peer.closed;
    expect(accepted()).toBe(0);
    expect(payloads).toEqual([]);
  });

  it('disconnects a peer that says nothing for 2 s', async () => {
    const { host } = await listen();
    const peer = rawPeer(host.address.port);
    await peer.connected;
    const closedAfter = await peer.closed;
    expect(closedAfter).toBeGreaterThanOrEqual(1_900);
    expect(closedAfter).toBeLessThan(4_000);
  });

  it('makes a random token per host', async () => {
    const [first, second] = await Promise.all([listen(), listen()]);
    expect(first.host.address.token).toMatch(/^[0-9a-f]{64}$/);
    expect(second.host.address.token).not.toBe(first.host.address.token);
  });

  it('listens on 127.0.0.1 only', async () => {
    const { host } = await listen();
    expect(host.address.host).toBe('127.0.0.1');
    // Linux routes all of 127.0.0.0/8 to the loopback: a socket bound to any address would take this.
    const elsewhere = rawPeer(host.address.port, '127.0.0.2');
    await expect(elsewhere.connected).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await rawPeer(host.address.port).connected;
  });

  it('makes connectToHost() reject a wrong token', async () => {
    const { host, accepted } = await listen();
    await expect(connectToHost({ ...host.address, token: 'nope' })).rejects.toThrow(/closed the connection/);
    await sleep(50);
    expect(accepted()).toBe(0);
  });
});
