import type { SendHandle } from 'node:child_process';
import type { Worker } from 'node:cluster';
import type { ConnectionHandle } from '../hot/http-connections.js';
import type { ConnectionMessage } from './supervisor-messages.js';

/**
 * Passes a connection that a retiring worker released on to `target`, the worker that
 * serves now; with none (or one that is gone), the connection is closed, as the retiring
 * worker would have. The supervisor's copy of the handle is closed once it was written to
 * the channel: the kernel then holds the connection for the target.
 */
export function forwardConnection(
  message: ConnectionMessage,
  handle: unknown,
  target: Worker | undefined,
): void {
  if (!isHandle(handle)) return;
  if (!target || target.isDead() || !target.isConnected()) {
    handle.close();
    return;
  }
  try {
    target.send(message, handle as unknown as SendHandle, () => handle.close());
  } catch {
    handle.close();
  }
}

function isHandle(value: unknown): value is ConnectionHandle {
  return typeof (value as ConnectionHandle | null)?.close === 'function';
}
