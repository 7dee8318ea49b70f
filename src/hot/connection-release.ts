import diagnosticsChannel from 'node:diagnostics_channel';
import type http from 'node:http';
import type net from 'node:net';
import {
  type ConnectionHandle,
  detachHandle,
  httpConnectionsOf,
  idleConnectionsOf,
  isPlainHttpServer,
  responseOf,
} from './http-connections.js';
import { predecessorsOf } from './listen-handoff.js';
import { addressKeyOf, listeningServers } from './listening-servers.js';
import { isEventStream } from './request-gate.js';

/**
 * Sends a connection taken off this process to the process that now serves `address` (an
 * {@link addressKeyOf} key); resolves with whether it went. The handle is closed here after.
 */
export type ConnectionSender = (handle: ConnectionHandle, address: string) => Promise<boolean>;

/** What {@link releaseConnections} started. */
export interface ConnectionRelease {
  /**
   * Resolves once the released servers have no connection left but event streams (which
   * never end) and every connection sent went: the process can exit without dropping one.
   * A released server the program left listening stops accepting (what it would accept
   * now, the exit would drop).
   */
  drained(): Promise<void>;
}

/**
 * How often connections are looked at again, for what no event announces (a request body
 * read to its end after its response, bytes of a response still to flush).
 */
const SWEEP_INTERVAL_MS = 10;

/**
 * This process is about to exit and another one serves the same addresses: the HTTP
 * connections of its servers go on there instead of being closed, so a keep-alive client's
 * next request is served by the new process on the same connection, instead of being
 * reset. From now on, for every plain HTTP server listening (and the servers it succeeded
 * in updates, whose connections are its own):
 *
 * - a connection between requests is sent with `send` right away;
 * - a connection with a request under way finishes it here, and is sent once its response
 *   is written (pipelined requests first, all of them);
 * - `closeIdleConnections()` (which `close()` calls) and `closeAllConnections()` send the
 *   connections between requests, and let the responses under way finish, rather than
 *   close them; `closeAllConnections()` still ends event streams.
 *
 * What cannot go (TLS, HTTP/2, upgraded connections, a send that fails) is closed as
 * before.
 */
export function releaseConnections(send: ConnectionSender): ConnectionRelease {
  const addresses = releasedServers();
  let sending = 0;
  let onDrained: (() => void) | undefined;

  const handOver = (socket: net.Socket, address: string): void => {
    const handle = detachHandle(socket);
    if (!handle) return;
    sending++;
    void send(handle, address)
      .catch(() => false)
      .then(() => {
        // Sent or not, this process's copy goes: the connection lives on in the other one, or ends.
        handle.close();
        sending--;
        check();
      });
  };
  const sweep = (server: http.Server): void => {
    const address = addresses.get(server);
    if (address === undefined) return;
    for (const socket of idleConnectionsOf(server)) handOver(socket, address);
  };
  const sweepAll = (): void => {
    for (const server of addresses.keys()) sweep(server);
    check();
  };
  const waitedFor = (): number => {
    let count = 0;
    for (const server of addresses.keys()) {
      for (const socket of httpConnectionsOf(server)) {
        const response = responseOf(socket);
        if (!response || !isEventStream(response)) count++;
      }
    }
    return count;
  };
  const check = (): void => {
    if (!onDrained || sending > 0 || waitedFor() > 0) return;
    clearInterval(timer);
    diagnosticsChannel.unsubscribe('http.server.response.finish', onResponseFinish);
    onDrained();
  };
  // Published before Node lets go of the finished response: the socket is free a tick later.
  const onResponseFinish = (message: unknown): void => {
    const server = (message as { server?: http.Server }).server;
    if (server && addresses.has(server)) process.nextTick(sweep, server);
  };

  for (const server of addresses.keys()) {
    // Own properties: Node's close() calls them on the server, the prototype's stay as they are.
    server.closeIdleConnections = () => sweep(server);
    server.closeAllConnections = () => {
      sweep(server);
      for (const socket of httpConnectionsOf(server)) {
        const response = responseOf(socket);
        if (response && isEventStream(response)) socket.destroy();
      }
    };
  }
  diagnosticsChannel.subscribe('http.server.response.finish', onResponseFinish);
  const timer = setInterval(sweepAll, SWEEP_INTERVAL_MS);
  timer.unref();
  sweepAll();

  return {
    drained() {
      for (const server of addresses.keys()) if (server.listening) server.close();
      return new Promise((resolve) => {
        onDrained = resolve;
        sweepAll();
      });
    },
  };
}

/** The plain HTTP servers listening, and those they succeeded, with where their connections go. */
function releasedServers(): Map<http.Server, string> {
  const addresses = new Map<http.Server, string>();
  for (const server of listeningServers()) {
    const address = addressKeyOf(server);
    if (address === undefined || !isPlainHttpServer(server)) continue;
    for (const each of [server, ...predecessorsOf(server)]) {
      if (isPlainHttpServer(each)) addresses.set(each, address);
    }
  }
  return addresses;
}
