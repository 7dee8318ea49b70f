import cluster from 'node:cluster';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

/**
 * Listening sockets that survive an update: while an update runs (between `open()` and
 * `settle()`), a listening server that closes (a dispose handler) keeps its socket open, and
 * the next server that listens on the same address takes that socket, with the connections
 * that arrived in between. Clients never see a refused connection. What no server takes by
 * the end of the update is closed for real. Outside updates, `close()` is Node's own, but for
 * one thing: the connections the old server had are the new one's (their requests go to it),
 * so its `close()` waits for them and its `closeAllConnections()` / `closeIdleConnections()`
 * close them too.
 *
 * It works on `net.Server`, so on every server built on it (HTTP, HTTPS, TLS, plain TCP), on
 * TCP ports and pipes, in a plain process and in a cluster worker (where `listen()` would ask
 * the primary for a socket, the held one is taken without asking).
 */

/** How long `settle()` waits for `listen()` calls still resolving their address. */
const PENDING_LISTEN_TIMEOUT_MS = 1_000;

/** What one holder of the handoff (an engine's update gate) controls. */
export interface ListenHandoff {
  /** An update starts: listening servers that close from now on keep their socket. */
  open(): void;
  /**
   * The update ended: waits (a little, bounded) for `listen()` calls still in progress, then
   * closes the sockets no server took. Says what was handed over and what was closed.
   */
  settle(): Promise<HandoffSummary>;
  /** This holder is done: the hooks go when the last holder releases them. */
  release(): void;
}

/** What `settle()` did. */
export interface HandoffSummary {
  /** Addresses (`host:port`, or a pipe's path) a new server took. */
  readonly handedOver: readonly string[];
  /** Addresses closed because no server listens there any more. */
  readonly closed: readonly string[];
  /**
   * Servers whose socket was taken, that were asked to close all their connections: the
   * responses their old code still writes (event streams, long polls) are to be ended.
   */
  readonly endResponsesOf: readonly net.Server[];
}

/** A listening handle (a TCP or pipe wrap) as `net` uses it. */
interface ListenHandle {
  onconnection: (this: ListenHandle, status: number, client?: ClientHandle) => void;
  close(): void;
  ref?(): void;
}

interface ClientHandle {
  close(): void;
}

/** The internals of `net.Server` the handoff uses (they have been there since Node's early days). */
interface ServerInternals {
  _handle: ListenHandle | null;
  _connections: number;
  _listeningId?: number;
  _emitCloseIfDrained(): void;
}

type Server = net.Server & ServerInternals;

/** The methods of `net.Server.prototype` the handoff wraps. */
interface ServerMethods {
  listen(this: Server, ...args: unknown[]): Server;
  close(this: Server, callback?: unknown): Server;
  _listen2: Listen2;
}

type Listen2 = (
  this: Server,
  address: string | null,
  port: number | null,
  addressType: number | null,
  backlog?: number,
  fd?: number,
  flags?: number,
) => void;

type GetServer = (
  server: Server,
  options: { address: string | null; port: number | null; addressType: number | null; fd?: number },
  callback: (errno: number, handle: ListenHandle) => void,
) => void;

/** Where a server asked to listen, as `net` passes it down (a host name is already looked up). */
interface ListenAddress {
  readonly address: string | null;
  readonly port: number | null;
  readonly addressType: number | null;
  readonly fd: number | undefined;
}

/** A socket whose server closed during an update, waiting for a server to take it. */
interface HeldSocket {
  readonly server: Server;
  readonly handle: ListenHandle;
  readonly label: string;
  /** Connections accepted while nobody served the address: handed to the next server. */
  readonly arrived: Array<{ readonly status: number; readonly client: ClientHandle | undefined }>;
}

/** Where each server listens (asked for, port 0 replaced by the port it got). */
const addresses = new WeakMap<net.Server, ListenAddress>();
/** A server whose socket another server took: its connections' requests go to that one. */
const successors = new WeakMap<net.Server, net.Server>();
/**
 * The servers that a server succeeded (directly or not) and that still had connections when
 * last looked at. Those without connections are dropped: an old server keeps its module's
 * code alive.
 */
const predecessors = new WeakMap<net.Server, Server[]>();
/** Servers whose 'close' waits for the connections of the servers they succeeded. */
const closingAfterPredecessors = new WeakSet<net.Server>();
const held = new Map<string, HeldSocket>();
const heldServers = new WeakSet<net.Server>();
/** Addresses handed over since the last `settle()`. */
let handedOver: string[] = [];
/** Servers that took a held socket in a cluster worker, until their `_listen2`. */
const adopting = new WeakMap<net.Server, HeldSocket>();
/** Servers whose `listen()` was called during an update and did not reach a socket yet. */
const pendingListens = new Set<net.Server>();
let onListenSettled: (() => void) | undefined;
/** HTTP servers whose connections were to be closed (`closeIdleConnections`, ...) during an update. */
const deferredConnectionCloses = new Map<http.Server, Set<'idle' | 'all'>>();
let openUpdates = 0;
let holders = 0;
let unhook: (() => void) | undefined;

/**
 * The server that now serves what `server` served: itself, or the server that took its
 * listening socket during an update (and so on, over several updates).
 */
export function currentServer(server: net.Server): net.Server {
  let current = server;
  for (let next = successors.get(current); next; next = successors.get(current)) current = next;
  return current;
}

/**
 * The servers `server` succeeded in updates that still have connections: Node counts those
 * connections on them, but their requests are `server`'s.
 */
export function predecessorsOf(server: net.Server): readonly net.Server[] {
  return lineageOf(server);
}

const NOTHING_DONE: HandoffSummary = { handedOver: [], closed: [], endResponsesOf: [] };

/** Takes a share of the hooks on `net.Server` (installed with the first share). */
export function acquireListenHandoff(): ListenHandoff {
  if (holders++ === 0) unhook = install();
  let opened = false;
  let released = false;
  return {
    open() {
      if (opened || released) return;
      opened = true;
      openUpdates++;
    },
    async settle() {
      if (!opened) return NOTHING_DONE;
      opened = false;
      if (--openUpdates > 0) return NOTHING_DONE;
      await listensSettled(PENDING_LISTEN_TIMEOUT_MS);
      // Another update may have started meanwhile: what is held is its to hand over.
      if (openUpdates > 0) return NOTHING_DONE;
      return closeUnclaimed();
    },
    release() {
      if (released) return;
      released = true;
      if (opened) {
        opened = false;
        if (--openUpdates === 0) closeUnclaimed();
      }
      if (--holders === 0) {
        unhook?.();
        unhook = undefined;
      }
    },
  };
}

function keyOf(address: ListenAddress): string | undefined {
  // listen(handle) has no address to listen on again.
  if (address.address === null && address.port === -1) return undefined;
  return `${address.addressType}|${address.address ?? ''}|${address.port}|${address.fd ?? ''}`;
}

function labelOf(address: ListenAddress): string {
  if (address.port === -1 || address.port === null) return address.address ?? `fd ${address.fd}`;
  return `${address.address ?? '*'}:${address.port}`;
}

/**
 * The servers `server` succeeded, directly or not, that still have connections. Those stay
 * theirs for Node (counted on them, tracked by them), but their requests are `server`'s: so
 * are closing them and waiting for them to end.
 */
function lineageOf(server: net.Server): Server[] {
  const known = predecessors.get(server);
  if (!known) return [];
  const open = known.filter((predecessor) => predecessor._connections > 0);
  if (open.length === 0) predecessors.delete(server);
  else if (open.length < known.length) predecessors.set(server, open);
  return open;
}

/** Takes the socket held for `address`, if any. */
function take(address: ListenAddress): HeldSocket | undefined {
  const key = keyOf(address);
  const socket = key === undefined ? undefined : held.get(key);
  if (socket) held.delete(key!);
  return socket;
}

function settleListen(server: net.Server): void {
  if (pendingListens.delete(server) && pendingListens.size === 0) onListenSettled?.();
}

function listensSettled(timeoutMs: number): Promise<void> {
  if (pendingListens.size === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      onListenSettled = undefined;
      pendingListens.clear();
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    onListenSettled = done;
  });
}

/** The update is over: sockets no server took are closed, and so are the connections asked to be. */
function closeUnclaimed(): HandoffSummary {
  const closed: string[] = [];
  for (const socket of held.values()) {
    for (const { client } of socket.arrived) client?.close();
    socket.handle.close();
    heldServers.delete(socket.server);
    closed.push(socket.label);
  }
  held.clear();
  const endResponsesOf: net.Server[] = [];
  for (const [server, kinds] of deferredConnectionCloses) {
    // Connections of a server that another one succeeded are that one's now, but for the
    // responses the old code still writes.
    const servers = [server, ...(lineageOf(server) as unknown as http.Server[])];
    if (successors.has(server)) {
      if (kinds.has('all')) endResponsesOf.push(...servers);
    } else {
      for (const each of servers) (kinds.has('all') ? nativeCloseAll : nativeCloseIdle)?.call(each);
    }
  }
  deferredConnectionCloses.clear();
  const summary = { handedOver, closed, endResponsesOf };
  handedOver = [];
  return summary;
}

let nativeCloseIdle: ((this: http.Server) => void) | undefined;
let nativeCloseAll: ((this: http.Server) => void) | undefined;

/** A listening server closes during an update: it looks closed, its socket waits for a taker. */
function hold(server: Server, callback: unknown): boolean {
  const handle = server._handle;
  const asked = addresses.get(server);
  if (!handle || !asked || typeof server._emitCloseIfDrained !== 'function') return false;
  const bound = server.address();
  const address =
    asked.port === 0 && bound && typeof bound === 'object' ? { ...asked, port: bound.port } : asked;
  const key = keyOf(address);
  if (key === undefined || held.has(key)) return false;
  const socket: HeldSocket = { server, handle, label: labelOf(address), arrived: [] };
  handle.onconnection = (status, client) => {
    socket.arrived.push({ status, client });
  };
  held.set(key, socket);
  heldServers.add(server);
  // As Node's close(): a listen() still looking up its host is cancelled.
  if (typeof server._listeningId === 'number') server._listeningId++;
  if (typeof callback === 'function') server.once('close', callback as () => void);
  server._handle = null;
  if (server._connections > 0) swallowDrainedClose(server);
  process.nextTick(() => server.emit('close'));
  return true;
}

/**
 * The server emitted 'close' when it let go of its socket; Node would emit it again when its
 * last connection ends (those connections now belong to the next server): that one is skipped.
 */
function swallowDrainedClose(server: Server): void {
  Object.defineProperty(server, '_emitCloseIfDrained', {
    configurable: true,
    writable: true,
    value(this: Server) {
      if (this._handle || this._connections) return;
      delete (this as Partial<ServerInternals>)._emitCloseIfDrained;
      const current = currentServer(this);
      if (closingAfterPredecessors.has(current)) (current as Server)._emitCloseIfDrained();
    },
  });
}

/**
 * `server` closes outside an update: Node emits its 'close' once its own connections ended;
 * those of the servers it succeeded are its connections too, so 'close' waits for them.
 */
function closeAfterPredecessors(server: Server): void {
  if (!lineageOf(server).some((predecessor) => predecessor._connections > 0)) return;
  closingAfterPredecessors.add(server);
  Object.defineProperty(server, '_emitCloseIfDrained', {
    configurable: true,
    writable: true,
    value(this: Server) {
      if (this._handle || this._connections) return;
      if (lineageOf(this).some((predecessor) => predecessor._connections > 0)) return;
      closingAfterPredecessors.delete(this);
      delete (this as Partial<ServerInternals>)._emitCloseIfDrained;
      this._emitCloseIfDrained();
    },
  });
}

function stopSwallowingDrainedClose(server: Server): void {
  if (Object.hasOwn(server, '_emitCloseIfDrained'))
    delete (server as Partial<ServerInternals>)._emitCloseIfDrained;
}

/** `server` listens on a held socket: it takes it, and the connections that arrived meanwhile. */
function adopt(server: Server, socket: HeldSocket, listen: () => void): void {
  if (!server._handle) server._handle = socket.handle;
  heldServers.delete(socket.server);
  socket.handle.ref?.();
  listen();
  if (server._handle !== socket.handle) {
    // Listening failed (Node closed the handle and emits the error): the waiting connections go too.
    for (const { client } of socket.arrived) client?.close();
    return;
  }
  handedOver.push(socket.label);
  if (socket.server !== server) {
    successors.set(socket.server, server);
    const lineage = [...lineageOf(server), socket.server, ...lineageOf(socket.server)];
    predecessors.set(
      server,
      lineage.filter((predecessor) => predecessor !== server && predecessor._connections > 0),
    );
  }
  const handle = socket.handle;
  // After 'listening' (queued by listen), as a connection coming in now would be.
  process.nextTick(() => {
    for (const { status, client } of socket.arrived) handle.onconnection(status, client);
  });
}

function install(): () => void {
  const proto = net.Server.prototype as unknown as ServerMethods;
  const undo: Array<() => void> = [];

  const listen = proto.listen;
  undo.push(
    patch(proto, 'listen', function (this: Server, ...args: unknown[]) {
      if (openUpdates > 0) pendingListens.add(this);
      try {
        return listen.apply(this, args);
      } catch (error) {
        settleListen(this);
        throw error;
      }
    }),
  );

  const listen2 = proto._listen2;
  undo.push(
    patch(proto, '_listen2', function (this: Server, address, port, addressType, backlog, fd, flags) {
      const asked: ListenAddress = { address, port, addressType, fd };
      const run = (): void => listen2.call(this, address, port, addressType, backlog, fd, flags);
      stopSwallowingDrainedClose(this);
      if (keyOf(asked) !== undefined) addresses.set(this, asked);
      const socket = adopting.get(this) ?? (this._handle ? undefined : take(asked));
      adopting.delete(this);
      if (socket) adopt(this, socket, run);
      else run();
      settleListen(this);
    } as Listen2),
  );

  const close = proto.close;
  undo.push(
    patch(proto, 'close', function (this: Server, callback?: unknown) {
      settleListen(this);
      stopSwallowingDrainedClose(this);
      if (openUpdates > 0 && hold(this, callback)) return this;
      closeAfterPredecessors(this);
      return close.call(this, callback);
    }),
  );

  // In a cluster worker listen() asks the primary for the socket: a held one is taken here instead.
  const workerCluster = cluster as unknown as { isWorker: boolean; _getServer?: GetServer };
  const getServer = workerCluster.isWorker ? workerCluster._getServer : undefined;
  if (getServer) {
    undo.push(
      patch(workerCluster, '_getServer', function (this: unknown, server, options, callback) {
        const socket = held.size > 0 ? take({ ...options, fd: options.fd }) : undefined;
        if (!socket) return getServer.call(this, server, options, callback);
        adopting.set(server, socket);
        process.nextTick(callback, 0, socket.handle);
      } as GetServer),
    );
  }

  // An HTTP server's close() first closes its idle connections: during an update they stay, for
  // the server that takes the socket (or are closed when none does).
  const httpProto = http.Server.prototype as http.Server;
  nativeCloseIdle = httpProto.closeIdleConnections;
  nativeCloseAll = httpProto.closeAllConnections;
  for (const [kind, name] of [
    ['idle', 'closeIdleConnections'],
    ['all', 'closeAllConnections'],
  ] as const) {
    const native = httpProto[name];
    const deferring = function (this: http.Server): void {
      if (openUpdates === 0 || !(this.listening || heldServers.has(this))) {
        native.call(this);
        // The connections of the servers this one succeeded are its connections too.
        for (const predecessor of lineageOf(this)) native.call(predecessor as unknown as http.Server);
        return;
      }
      const kinds = deferredConnectionCloses.get(this) ?? new Set();
      kinds.add(kind);
      deferredConnectionCloses.set(this, kinds);
    };
    undo.push(patch(httpProto, name, deferring));
    // https.Server has its own copies of these methods.
    if ((https.Server.prototype as https.Server)[name] === native)
      undo.push(patch(https.Server.prototype as https.Server, name, deferring));
  }

  return () => {
    for (const restore of undo.reverse()) restore();
    nativeCloseIdle = undefined;
    nativeCloseAll = undefined;
  };
}

/**
 * Replaces `target[name]`, and returns what puts the previous one back (unless someone
 * replaced ours since: then ours stays, and does what the previous one did once unhooked).
 */
function patch<T extends object, K extends keyof T>(target: T, name: K, replacement: T[K]): () => void {
  const own = Object.hasOwn(target, name);
  const previous = target[name];
  target[name] = replacement;
  return () => {
    if (target[name] !== replacement) return;
    if (own) target[name] = previous;
    else delete target[name];
  };
}
