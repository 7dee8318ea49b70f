import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { portChannel } from '../../src/transport/channel.js';
import type { HotPayload } from '../../src/transport/hot-payload.js';
import { createRemoteTransport, type RemoteTransport } from '../../src/transport/remote-transport.js';
import type { TransportMessage } from '../../src/transport/transport.js';
import { TransportHost } from '../../src/transport/transport-host.js';
import { poll } from '../support/waiting.js';

const hosts: TransportHost[] = [];
const apps: RemoteTransport[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
  await Promise.all(hosts.splice(0).map((host) => host.close()));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
});

function folder(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hot-node-remote-')));
  dirs.push(dir);
  return dir;
}

function transportHost(): TransportHost {
  const host = new TransportHost();
  hosts.push(host);
  return host;
}

/** An app's end connected to `host` over a MessageChannel, recording what it is told. */
function connectApp(host: TransportHost) {
  const { port1, port2 } = new MessageChannel();
  const payloads: HotPayload[] = [];
  const connection = host.connect(portChannel(port1), (payload) => payloads.push(payload));
  const app = createRemoteTransport(portChannel(port2));
  apps.push(app);
  const messages: TransportMessage[] = [];
  app.connect((message) => messages.push(message));
  return { app, connection, messages, payloads };
}

const changesOf = (messages: TransportMessage[]) =>
  messages.filter((m): m is Extract<TransportMessage, { type: 'change' }> => m.type === 'change');

const waitFor = <T>(probe: () => T | undefined, describe: string): Promise<T> =>
  poll(probe, () => describe, 5_000);

describe('a remote transport', () => {
  it('tells the app of a change to a file it watches, once the host watches it', async () => {
    const file = path.join(folder(), 'a.ts');
    fs.writeFileSync(file, '1');
    const { app, messages } = connectApp(transportHost());
    app.watch([file]);
    await app.ready();
    fs.writeFileSync(file, '2');
    const [change] = await waitFor(() => {
      const changes = changesOf(messages);
      return changes.length > 0 ? changes : undefined;
    }, 'no change');
    expect(change!.files).toEqual([file]);
    // The time of the file event, on this thread's clock.
    expect(change!.at).toBeLessThanOrEqual(performance.now());
    expect(change!.at).toBeGreaterThan(performance.now() - 5_000);
  });

  it('leaves out the files an app does not watch', async () => {
    const dir = folder();
    const [mine, theirs] = [path.join(dir, 'mine.ts'), path.join(dir, 'theirs.ts')];
    for (const file of [mine, theirs]) fs.writeFileSync(file, '1');
    const host = transportHost();
    const first = connectApp(host);
    const second = connectApp(host);
    first.app.watch([mine]);
    second.app.watch([theirs]);
    await Promise.all([first.app.ready(), second.app.ready()]);
    fs.writeFileSync(theirs, '2');
    await waitFor(() => (changesOf(second.messages).length > 0 ? true : undefined), 'no change');
    fs.writeFileSync(mine, '2');
    await waitFor(() => (changesOf(first.messages).length > 0 ? true : undefined), 'no change');
    expect(changesOf(first.messages).flatMap((change) => change.files)).toEqual([mine]);
    expect(changesOf(second.messages).flatMap((change) => change.files)).toEqual([theirs]);
  });

  it('holds a change made between two apps for the next one, until it names its files', async () => {
    const file = path.join(folder(), 'a.ts');
    fs.writeFileSync(file, '1');
    const host = transportHost();
    const before = connectApp(host);
    before.app.watch([file]);
    await before.app.ready();
    before.connection.close();
    fs.writeFileSync(file, '2');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = connectApp(host);
    expect(changesOf(after.messages)).toEqual([]);
    after.app.watch([file]);
    await waitFor(() => (changesOf(after.messages).length > 0 ? true : undefined), 'no held change');
    expect(changesOf(after.messages)[0]!.files).toEqual([file]);
  });

  it('carries payloads to the host and custom events to the app', async () => {
    const { app, connection, messages, payloads } = connectApp(transportHost());
    app.send({ type: 'custom', event: 'from-app', data: [1] });
    connection.emit('from-host', { ok: true });
    await waitFor(() => (payloads.length > 0 && messages.length > 0 ? true : undefined), 'nothing crossed');
    expect(payloads).toEqual([{ type: 'custom', event: 'from-app', data: [1] }]);
    expect(messages).toEqual([{ type: 'custom', event: 'from-host', data: { ok: true } }]);
  });
});
