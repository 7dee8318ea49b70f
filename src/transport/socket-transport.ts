import { randomBytes, timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import type { HotPayload } from './hot-payload.js';
import type { AppMessage } from './remote-messages.js';
import { createRemoteTransport, type RemoteTransport } from './remote-transport.js';
import { socketChannel } from './socket-channel.js';
import { type HostConnection, TransportHost, type TransportHostOptions } from './transport-host.js';

/** The environment variable that tells an app where its session's host listens: `host:port:token`. */
export const SESSION_ENV = 'HOT_NODE_SESSION';

/** Where an app finds its host, and the secret that lets it in. */
export interface SessionAddress {
  readonly host: string;
  readonly port: number;
  readonly token: string;
}

/** Options of {@link listenForApps}. */
export interface SocketHostOptions extends TransportHostOptions {
  /** TCP port on 127.0.0.1; 0 (the default) takes a free one. */
  readonly port?: number;
  /** How long a new peer has to send the token, in ms (2000). */
  readonly authTimeoutMs?: number;
  /** An app connected and gave the right token. */
  readonly onApp?: (app: HostConnection) => void;
  /** A payload from a connected app: update notices and custom events of `import.meta.hot.send()`. */
  readonly onPayload?: (payload: HotPayload, app: HostConnection) => void;
}

/** The host's end of socket transports, listening for apps. */
export interface SocketHost {
  /** Where it listens, and the token an app must send. */
  readonly address: SessionAddress;
  /** The value of {@link SESSION_ENV} for an app of this host. */
  readonly sessionVariable: string;
  /** Sends a custom event to every connected app. */
  emit(event: string, data?: unknown): void;
  /** Resolves when the watcher watches every file the apps named. */
  ready(): Promise<void>;
  /** Disconnects every app, stops listening and stops watching. */
  close(): Promise<void>;
}

/** The first line of a peer is a hello with a 64-character token: anything much longer is not one. */
const MAX_HELLO_LENGTH = 1024;

/**
 * Listens on 127.0.0.1 for apps started by someone else: an app connects with the address
 * and token of {@link SocketHost.address} (for example from {@link SESSION_ENV}), then its
 * hot engine is served as over any remote transport (newline-delimited JSON). The first
 * message of a peer must carry the token; a peer that sends a wrong one, or nothing within
 * `authTimeoutMs`, is disconnected and nothing it sent is acted on. Neither the server nor
 * its connections keep the process alive unless `persistent` is set.
 */
export async function listenForApps(options: SocketHostOptions = {}): Promise<SocketHost> {
  const token = randomBytes(32).toString('hex');
  const expected = Buffer.from(token);
  const host = new TransportHost(options);
  const apps = new Set<HostConnection>();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    const channel = socketChannel(socket, { maxFirstLineLength: MAX_HELLO_LENGTH });
    const timer = setTimeout(() => socket.destroy(), options.authTimeoutMs ?? 2_000);
    timer.unref();
    channel.onClose(() => clearTimeout(timer));
    const stopListening = channel.listen((message) => {
      stopListening();
      clearTimeout(timer);
      if (!carriesToken(message, expected)) {
        socket.destroy();
        return;
      }
      const app = host.connect(channel, (payload) => options.onPayload?.(payload, app));
      apps.add(app);
      channel.onClose(() => apps.delete(app));
      options.onApp?.(app);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: options.port ?? 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  if (!options.persistent) server.unref();
  const address: SessionAddress = {
    host: '127.0.0.1',
    port: (server.address() as net.AddressInfo).port,
    token,
  };
  return {
    address,
    sessionVariable: formatSessionAddress(address),
    emit(event, data) {
      for (const app of apps) app.emit(event, data);
    },
    ready: () => host.ready(),
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await host.close();
      await closed;
    },
  };
}

/** Whether `message` is a hello with the expected token (compared in constant time). */
function carriesToken(message: unknown, expected: Buffer): boolean {
  const hello = message as Partial<Extract<AppMessage, { type: 'hot-node:hello' }>> | null;
  if (typeof hello !== 'object' || hello === null || hello.type !== 'hot-node:hello') return false;
  if (typeof hello.token !== 'string') return false;
  const given = Buffer.from(hello.token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Options of {@link connectToHost}: the address, or `$HOT_NODE_SESSION` for what is left out. */
export interface ConnectOptions extends Partial<SessionAddress> {
  /** How long to wait for the host to accept, in ms (5000). */
  readonly timeoutMs?: number;
}

/**
 * Connects an app to its session's host and resolves with the app's end of the transport
 * once the host accepted the token. Rejects when the host cannot be reached, refuses the
 * token, or does not answer within `timeoutMs`.
 */
export function connectToHost(options: ConnectOptions = {}): Promise<RemoteTransport> {
  const fromEnv = process.env[SESSION_ENV] ? parseSessionAddress(process.env[SESSION_ENV]) : undefined;
  const address = {
    host: options.host ?? fromEnv?.host ?? '127.0.0.1',
    port: options.port ?? fromEnv?.port,
    token: options.token ?? fromEnv?.token,
  };
  if (address.port === undefined || address.token === undefined) {
    return Promise.reject(
      new Error(`hot-node: no session to connect to (set ${SESSION_ENV} or give port and token)`),
    );
  }
  const { host, port, token } = address;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const channel = socketChannel(socket);
    const transport = createRemoteTransport(channel);
    // The app waits for the host's answer: the socket keeps it alive until then.
    const release = channel.hold();
    const fail = (reason: string): void => {
      clearTimeout(timer);
      release();
      socket.destroy();
      reject(new Error(`hot-node: could not join the session at ${host}:${port}: ${reason}`));
    };
    const timer = setTimeout(() => fail('no answer'), options.timeoutMs ?? 5_000);
    socket.once('error', (error) => fail(error.message));
    channel.onClose(() => fail('the host closed the connection (wrong token?)'));
    socket.once('connect', () => channel.post({ type: 'hot-node:hello', token } satisfies AppMessage));
    const stopListening = channel.listen((message) => {
      if ((message as { type?: unknown } | null)?.type !== 'connected') return;
      stopListening();
      clearTimeout(timer);
      release();
      resolve(transport);
    });
  });
}

/** The text of {@link SESSION_ENV} for `address`. */
export function formatSessionAddress(address: SessionAddress): string {
  return `${address.host}:${address.port}:${address.token}`;
}

/** Reads a {@link SESSION_ENV} value (`host:port:token`). */
export function parseSessionAddress(text: string): SessionAddress {
  const match = /^(.+):(\d+):([^:]+)$/.exec(text.trim());
  if (!match)
    throw new Error(`hot-node: ${SESSION_ENV} must be host:port:token, not ${JSON.stringify(text)}`);
  return { host: match[1]!, port: Number(match[2]), token: match[3]! };
}
