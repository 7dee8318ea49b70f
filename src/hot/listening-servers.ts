import diagnosticsChannel from 'node:diagnostics_channel';
import type net from 'node:net';

/**
 * The servers of this process that listen, known from Node's `net.server.listen` tracing
 * channel: no hook on `net`, and every way a server comes to listen (a port, a pipe, a socket
 * from the cluster primary, one handed over in a reload) goes through it.
 */

const servers = new Set<net.Server>();
let watching = false;

/** Starts noting the servers that listen; call it before they do (again: nothing happens). */
export function watchListeningServers(): void {
  if (watching) return;
  watching = true;
  diagnosticsChannel.tracingChannel<unknown, { server: net.Server }>('net.server.listen').subscribe({
    start() {},
    end() {},
    asyncStart() {},
    asyncEnd({ server }) {
      prune();
      servers.add(server);
    },
    error() {},
  });
}

/** The servers of this process that listen now (those that listened since {@link watchListeningServers}). */
export function listeningServers(): net.Server[] {
  prune();
  return [...servers];
}

/**
 * Where `server` listens, as one string that another process's server listening there too
 * gives as well (`IPv4 127.0.0.1:3000`, or a pipe's path); `undefined` when it does not listen.
 */
export function addressKeyOf(server: net.Server): string | undefined {
  const address = server.address();
  if (typeof address === 'string') return address;
  return address ? `${address.family} ${address.address}:${address.port}` : undefined;
}

/** A closed server goes: it would keep its module's code alive. */
function prune(): void {
  for (const server of servers) if (!server.listening) servers.delete(server);
}
