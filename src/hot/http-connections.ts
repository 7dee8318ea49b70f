import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';

/**
 * The connections of an HTTP server as Node keeps them, and how one is taken off its socket
 * (to go to another process) or put on a server (coming from one). Node has no public API
 * for either: this uses internals that Node 20 to 24 share (the server's connections list,
 * `socket._handle`, `server._connections`), in one place.
 */

/**
 * The OS handle of a connection (a TCP or pipe wrap) once taken off its socket: what
 * `child_process` sends to another process (as cluster does with the connections it accepts).
 */
export interface ConnectionHandle {
  close(): void;
}

interface StreamHandle extends ConnectionHandle {
  readStop(): number;
  writeQueueSize?: number;
}

/** An entry of a server's connections list: the HTTP parser of one connection. */
interface ParserEntry {
  readonly socket: net.Socket | null;
}

interface ConnectionsList {
  all(): ParserEntry[];
  idle(): ParserEntry[];
}

type Socket = net.Socket & {
  _handle: StreamHandle | null;
  _httpMessage?: http.ServerResponse | null;
  server?: net.Server | null;
  _server?: net.Server | null;
};

type CountedServer = net.Server & { _connections: number };

/** A server whose connections carry plain HTTP/1: TLS and HTTP/2 state lives in this process only. */
export function isPlainHttpServer(server: net.Server): server is http.Server {
  return server instanceof http.Server && !(server instanceof tls.Server);
}

function connectionsListOf(server: http.Server): ConnectionsList | undefined {
  // Node creates the list when the server first listens, under this symbol (Node 19+).
  const key = Object.getOwnPropertySymbols(server).find(
    (symbol) => symbol.description === 'http.server.connections',
  );
  const list = key === undefined ? undefined : (server as unknown as Record<symbol, unknown>)[key];
  return list && typeof (list as ConnectionsList).idle === 'function' ? (list as ConnectionsList) : undefined;
}

function socketsOf(entries: readonly ParserEntry[]): Socket[] {
  return entries.map((entry) => entry.socket as Socket | null).filter((socket) => socket !== null);
}

/** The open sockets of `server`'s HTTP connections (an upgraded one is no longer HTTP's: not listed). */
export function httpConnectionsOf(server: http.Server): net.Socket[] {
  return socketsOf(connectionsListOf(server)?.all() ?? []).filter((socket) => !socket.destroyed);
}

/**
 * The connections of `server` between two requests: no byte of a next request read, no
 * response being written or left to flush, not closing. Such a connection can go on in
 * another process: what the client sends next is still in the kernel.
 */
export function idleConnectionsOf(server: http.Server): net.Socket[] {
  // The parser is idle once a request was read in full: its response must be done too.
  return socketsOf(connectionsListOf(server)?.idle() ?? []).filter(
    (socket) =>
      !socket.destroyed &&
      socket.writable &&
      !socket._httpMessage &&
      socket.writableLength === 0 &&
      (socket._handle?.writeQueueSize ?? 0) === 0,
  );
}

/** The response `socket` is writing, if any. */
export function responseOf(socket: net.Socket): http.ServerResponse | undefined {
  return (socket as Socket)._httpMessage ?? undefined;
}

/**
 * Takes the OS handle off an idle `socket`: reading stops first, so that what the client
 * sends from now on stays in the kernel for whoever gets the handle. For its server the
 * socket then closes (its count, its 'close'), without closing the connection.
 */
export function detachHandle(socket: net.Socket): ConnectionHandle | undefined {
  const internal = socket as Socket;
  const handle = internal._handle;
  if (!handle || typeof handle.readStop !== 'function') return undefined;
  handle.readStop();
  internal._handle = null;
  socket.destroy();
  return handle;
}

/** Makes `handle` a connection of `server`, as if `server` had accepted it. */
export function attachHandle(server: net.Server, handle: ConnectionHandle): net.Socket {
  const socket = new net.Socket({
    handle,
    readable: true,
    writable: true,
  } as net.SocketConstructorOpts) as Socket;
  // As net does for a connection it accepts: the server counts it, and its close() waits for it.
  socket.server = server;
  socket._server = server;
  (server as CountedServer)._connections++;
  server.emit('connection', socket);
  return socket;
}
