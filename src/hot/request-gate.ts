import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import { currentServer } from './listen-handoff.js';

/**
 * HTTP requests and updates, kept apart: every request that an `http.Server` or
 * `https.Server` of this process dispatches is counted until its response is done; while an
 * update holds the gate, new requests wait, and they are dispatched when it opens, to the
 * server that serves their address by then (the one that took the listening socket of a
 * server that closed in the update). The hook is one wrapper of the servers' `emit`: for a
 * request outside updates it adds a response to a set and a 'close' listener.
 */

/** What one holder of the gate (an engine's update gate) controls. */
export interface RequestGate {
  /** New requests wait from now on (until every holder released it). */
  hold(): void;
  /**
   * Resolves when the requests dispatched before `hold()` are answered (event streams, which
   * never end, are not waited for), or after `timeoutMs`, with how many were still open.
   */
  drain(timeoutMs: number): Promise<number>;
  /** Ends the responses that `servers`' code is still writing (an update closed all their connections). */
  endResponsesOf(servers: readonly net.Server[]): void;
  /** This holder no longer holds: waiting requests go once no holder does. */
  release(): void;
  /** This holder is done: the hooks go when the last holder disposed of them. */
  dispose(): void;
}

type Emit = (this: net.Server, event: string | symbol, ...args: unknown[]) => boolean;

interface WaitingRequest {
  readonly server: net.Server;
  readonly request: http.IncomingMessage;
  readonly response: http.ServerResponse;
}

const inFlight = new Set<http.ServerResponse>();
const waiting: WaitingRequest[] = [];
const drainChecks = new Set<() => void>();
let holds = 0;
let holders = 0;
let nativeHttpEmit: Emit | undefined;
let nativeHttpsEmit: Emit | undefined;
let unhook: (() => void) | undefined;

/** Takes a share of the hooks on `http.Server` and `https.Server` (installed with the first share). */
export function acquireRequestGate(): RequestGate {
  if (holders++ === 0) unhook = install();
  let holding = false;
  let disposed = false;
  const gate: RequestGate = {
    hold() {
      if (holding || disposed) return;
      holding = true;
      holds++;
    },
    drain(timeoutMs) {
      if (openResponses() === 0) return Promise.resolve(0);
      return new Promise((resolve) => {
        const finish = (): void => {
          clearTimeout(timer);
          drainChecks.delete(check);
          resolve(openResponses());
        };
        const check = (): void => {
          if (openResponses() === 0) finish();
        };
        const timer = setTimeout(finish, timeoutMs);
        drainChecks.add(check);
      });
    },
    endResponsesOf(servers) {
      if (servers.length === 0) return;
      const ending = new Set(servers);
      for (const response of inFlight) {
        const socket = response.socket as (net.Socket & { server?: net.Server }) | null;
        if (socket?.server && ending.has(socket.server)) socket.destroy();
      }
    },
    release() {
      if (!holding) return;
      holding = false;
      if (--holds === 0) dispatchWaiting();
    },
    dispose() {
      if (disposed) return;
      gate.release();
      disposed = true;
      if (--holders === 0) {
        unhook?.();
        unhook = undefined;
      }
    },
  };
  return gate;
}

/** Responses in flight that an update waits for: all but event streams, which stay open. */
function openResponses(): number {
  let count = 0;
  for (const response of inFlight) if (!isEventStream(response)) count++;
  return count;
}

/** Whether `response` is an event stream (`text/event-stream`), which stays open for good. */
export function isEventStream(response: http.ServerResponse): boolean {
  const type = response.getHeader('content-type');
  if (typeof type === 'string') return type.startsWith('text/event-stream');
  // writeHead(status, headers) sends headers that getHeader() does not see.
  const sent = (response as { _header?: unknown })._header;
  return typeof sent === 'string' && /^content-type:\s*text\/event-stream/im.test(sent);
}

function onResponseClose(this: http.ServerResponse): void {
  inFlight.delete(this);
  if (drainChecks.size > 0) for (const check of drainChecks) check();
}

/** Hands a request to the server that now serves its address, with the `emit` it had before the hook. */
function dispatch(
  server: net.Server,
  request: http.IncomingMessage,
  response: http.ServerResponse,
  native: Emit,
): boolean {
  const target = currentServer(server);
  inFlight.add(response);
  response.on('close', onResponseClose);
  const emit =
    target === server ? native : target instanceof https.Server ? nativeHttpsEmit! : nativeHttpEmit!;
  return emit.call(target, 'request', request, response);
}

function dispatchWaiting(): void {
  for (const { server, request, response } of waiting.splice(0)) {
    try {
      dispatch(
        server,
        request,
        response,
        server instanceof https.Server ? nativeHttpsEmit! : nativeHttpEmit!,
      );
    } catch (error) {
      // As when Node dispatches it: a handler that throws is the process's uncaught exception.
      process.nextTick(() => {
        throw error;
      });
    }
  }
}

function install(): () => void {
  const undo: Array<() => void> = [];
  for (const proto of [http.Server.prototype, https.Server.prototype] as unknown as Array<{ emit: Emit }>) {
    const native = proto.emit;
    if (proto === (http.Server.prototype as unknown)) nativeHttpEmit = native;
    else nativeHttpsEmit = native;
    const own = Object.hasOwn(proto, 'emit');
    const gated = function (
      this: net.Server,
      event: string | symbol,
      request: http.IncomingMessage,
      response: http.ServerResponse,
    ): boolean {
      // biome-ignore lint/complexity/noArguments: passes any event's arguments on without copying them.
      if (event !== 'request') return Reflect.apply(native, this, arguments);
      if (holds > 0) {
        waiting.push({ server: this, request, response });
        return true;
      }
      return dispatch(this, request, response, native);
    };
    proto.emit = gated as Emit;
    undo.push(() => {
      // Someone wrapped ours since: it stays, and lets everything through once no update holds.
      if (proto.emit !== gated) return;
      if (own) proto.emit = native;
      else delete (proto as Partial<{ emit: Emit }>).emit;
    });
  }
  return () => {
    for (const restore of undo) restore();
  };
}
