import type { HotLogger } from './hot-logger.js';
import { acquireListenHandoff } from './listen-handoff.js';
import { acquireRequestGate } from './request-gate.js';

/**
 * What a {@link HotEngine} calls around each update that changes the running program, so
 * that what serves the program (its HTTP servers) never sees it half-replaced. A save that
 * changes nothing calls none of them. Per update, in this order:
 *
 * 1. `begin()` once, when a file of the program starts being saved, or else when the
 *    update starts applying (before the changed files are transformed, so a request that
 *    arrives after the save gets the new code); a save that changes nothing ends with
 *    `end()` alone;
 * 2. `beforeDispose()` right before the old code is told to go (the first dispose handler,
 *    or `vite:beforeUpdate` / `vite:beforeFullReload` listeners); it may be called again in
 *    the same update and should then resolve at once;
 * 3. `end()` once, when the update is over: applied, failed and rolled back, or reloaded.
 *
 * The engine awaits `beforeDispose()` and `end()`; a gate must not throw.
 */
export interface UpdateGate {
  begin(): void;
  beforeDispose(): Promise<void>;
  end(): Promise<void>;
}

/** The default gate, which also gives its hooks back. */
export interface ServerGate extends UpdateGate {
  /** Releases the hooks on `node:http`, `node:https` and `node:net` (when no other gate uses them). */
  close(): void;
}

/** Options of {@link createServerGate}. */
export interface ServerGateOptions {
  /** Where "waited too long" messages go (at debug level, shown by `--verbose`). */
  logger?: HotLogger;
  /** How long requests in flight may take before the old code is disposed anyway. Default 5 s. */
  drainTimeoutMs?: number;
  /**
   * How long requests may wait for an update before they are let through anyway (a module
   * that requests its own server while it loads would wait forever otherwise). Default 10 s.
   */
  holdTimeoutMs?: number;
}

const DRAIN_TIMEOUT_MS = 5_000;
const HOLD_TIMEOUT_MS = 10_000;

/**
 * The gate of servers in this process, what a {@link HotEngine} with HMR uses by default:
 *
 * - HTTP(S) requests (`node:http`, `node:https`, and what is built on them: Express, Hono's
 *   node-server, ...) that arrive during an update wait for it and are served by the new code;
 * - requests in flight when an update starts are answered by the old code before its dispose
 *   handlers run (at most `drainTimeoutMs`; event streams are not waited for);
 * - a listening server that closes during the update (in a dispose handler) keeps its socket
 *   open, and the server that listens on the same address next takes it, with the connections
 *   that arrived meanwhile and the ones the old server had: clients see no refused connection.
 *   What no server listens on again by the end of the update is closed for real. Outside
 *   updates, `close()` is Node's own.
 *
 * The hooks are process-wide (shared by every gate of the process); outside updates a request
 * costs one wrapper call, a set entry and a 'close' listener.
 */
export function createServerGate(options: ServerGateOptions = {}): ServerGate {
  const drainTimeoutMs = options.drainTimeoutMs ?? DRAIN_TIMEOUT_MS;
  const holdTimeoutMs = options.holdTimeoutMs ?? HOLD_TIMEOUT_MS;
  const debug = (message: string): void => options.logger?.debug(message);
  const requests = acquireRequestGate();
  const listeners = acquireListenHandoff();
  let updating = false;
  let drained = false;
  let overdue: NodeJS.Timeout | undefined;
  return {
    begin() {
      if (updating) return;
      updating = true;
      drained = false;
      requests.hold();
      listeners.open();
      overdue = setTimeout(() => {
        debug(`requests waited ${holdTimeoutMs} ms for the update: let through before it ended`);
        requests.release();
      }, holdTimeoutMs);
      overdue.unref();
    },
    async beforeDispose() {
      if (!updating || drained) return;
      drained = true;
      const open = await requests.drain(drainTimeoutMs);
      if (open > 0) {
        debug(
          `${open} request${open === 1 ? '' : 's'} still in flight after ${drainTimeoutMs} ms: disposing the old code anyway`,
        );
      }
    },
    async end() {
      if (!updating) return;
      updating = false;
      clearTimeout(overdue);
      const { handedOver, closed, endResponsesOf } = await listeners.settle();
      if (handedOver.length > 0) debug(`listening socket handed to the new server: ${handedOver.join(', ')}`);
      if (closed.length > 0) debug(`closed (nothing listens there again): ${closed.join(', ')}`);
      requests.endResponsesOf(endResponsesOf);
      requests.release();
    },
    close() {
      clearTimeout(overdue);
      requests.dispose();
      listeners.release();
    },
  };
}
