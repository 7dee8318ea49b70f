import os from 'node:os';

/**
 * Messages between the supervisor (cluster primary, runs no user code) and the worker
 * that runs the program.
 */

/** From the worker. */
export type WorkerMessage =
  /** The entry ran (`ok`) or failed to load (the worker waits for a fix). */
  | { readonly type: 'hot-node:started'; readonly ok: boolean }
  /** Start a new process for the program, then stop this one. */
  | { readonly type: 'hot-node:restart'; readonly reason: string };

/** From the supervisor. */
export type SupervisorMessage =
  /** The supervisor received this signal: handle it as if it came to the worker. */
  | { readonly type: 'hot-node:signal'; readonly signal: StopSignal }
  /** A new process took over: run the dispose handlers and exit. */
  | { readonly type: 'hot-node:shutdown' };

/**
 * Both ways, with the connection's OS handle: a retiring worker releases a connection of its
 * server listening at `address` (an `addressKeyOf` key), and the supervisor passes it on to
 * the worker that serves now, for its server listening there.
 */
export interface ConnectionMessage {
  readonly type: 'hot-node:connection';
  readonly address: string;
}

/** The signals that stop the program. */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/** The exit code a shell reports for a process ended by `signal`. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (os.constants.signals[signal] ?? 0);
}

export function isWorkerMessage(value: unknown): value is WorkerMessage {
  const type = (value as { type?: unknown } | null)?.type;
  return type === 'hot-node:started' || type === 'hot-node:restart';
}

export function isSupervisorMessage(value: unknown): value is SupervisorMessage {
  const type = (value as { type?: unknown } | null)?.type;
  return type === 'hot-node:signal' || type === 'hot-node:shutdown';
}

export function isConnectionMessage(value: unknown): value is ConnectionMessage {
  const message = value as { type?: unknown; address?: unknown } | null;
  return message?.type === 'hot-node:connection' && typeof message.address === 'string';
}
