import type { ChildProcess } from 'node:child_process';
import { CloseSignal, Holds, type TransportChannel } from './channel.js';

/** What a channel needs of an IPC endpoint: a child process seen from its parent, or `process` in the child. */
interface IpcEndpoint {
  send?(message: unknown, callback?: (error: Error | null) => void): boolean;
  readonly connected: boolean;
  disconnect?(): void;
  readonly channel?: { ref(): void; unref(): void } | null | undefined;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
  once(event: 'disconnect', listener: () => void): unknown;
}

/** A channel over the IPC channel of a forked child, from the parent's side. */
export function childChannel(child: ChildProcess): TransportChannel {
  return ipcChannel(child, false);
}

/**
 * A channel over this process's IPC channel to its parent. The channel does not keep the
 * process alive: a program that is done exits, as under plain `node`.
 */
export function parentChannel(): TransportChannel {
  if (!process.send) throw new Error('hot-node: this process has no IPC channel to its parent');
  return ipcChannel(process, true);
}

function ipcChannel(endpoint: IpcEndpoint, unref: boolean): TransportChannel {
  const closed = new CloseSignal();
  if (!endpoint.connected) closed.fire();
  endpoint.once('disconnect', () => closed.fire());
  // The parent's end stays referenced: the child process keeps the parent alive anyway.
  const holds = unref ? new Holds(endpoint.channel) : undefined;
  /** Messages handed to the channel and not written yet: closing waits for them. */
  let unsent = 0;
  let closing = false;
  const disconnect = (): void => {
    if (endpoint.connected) endpoint.disconnect?.();
    closed.fire();
  };
  return {
    post(message) {
      if (closing || closed.closed || !endpoint.connected) return;
      unsent++;
      // A peer that is going away fails the send asynchronously: its disconnect says so.
      endpoint.send?.(message, () => {
        if (--unsent === 0 && closing) disconnect();
      });
    },
    listen(listener) {
      endpoint.on('message', listener);
      // Listening for messages references the channel again.
      holds?.reassert();
      return () => endpoint.off('message', listener);
    },
    onClose: (listener) => closed.add(listener),
    hold: holds?.hold ?? (() => () => {}),
    close() {
      closing = true;
      if (unsent === 0) disconnect();
    },
  };
}
