import { attachHandle, type ConnectionHandle, isPlainHttpServer } from './http-connections.js';
import { addressKeyOf, listeningServers } from './listening-servers.js';

/**
 * Gives a connection that another process released (see `releaseConnections`) to this
 * process's HTTP server listening at `address`: the client's next request is read and
 * served here. With no such server, the connection is closed, as the other process would
 * have. Says whether a server took it.
 */
export function adoptConnection(handle: ConnectionHandle, address: string): boolean {
  const server = listeningServers().find(
    (candidate) => isPlainHttpServer(candidate) && addressKeyOf(candidate) === address,
  );
  if (!server) {
    handle.close();
    return false;
  }
  attachHandle(server, handle);
  return true;
}
