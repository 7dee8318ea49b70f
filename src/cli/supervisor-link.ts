import type { SendHandle } from 'node:child_process';
import cluster from 'node:cluster';
import diagnosticsChannel from 'node:diagnostics_channel';
import type { ConnectionHandle } from '../hot/http-connections.js';
import {
  type ConnectionMessage,
  isConnectionMessage,
  isSupervisorMessage,
  type SupervisorMessage,
  type WorkerMessage,
} from './supervisor-messages.js';

/** The worker's side of the channel to its supervisor. */
export interface SupervisorLink {
  send(message: WorkerMessage): void;
  onMessage(listener: (message: SupervisorMessage) => void): void;
  /**
   * Sends a connection of this retiring worker's server at `address` to the supervisor, for
   * the worker that serves now. Resolves with whether it was written to the channel (the
   * caller then closes its copy of the handle).
   */
  sendConnection(handle: ConnectionHandle, address: string): Promise<boolean>;
  /** Calls `listener` with each connection that a retiring worker released to this one. */
  onConnection(listener: (handle: ConnectionHandle, address: string) => void): void;
}

/** The link to the supervisor when this process is its cluster worker, else `undefined`. */
export function connectToSupervisor(): SupervisorLink | undefined {
  if (!cluster.isWorker || !process.send) return undefined;
  // A program that is done exits, as under node: the channel does not keep it alive...
  process.channel?.unref();
  keepChannelWhileListening();
  return {
    send(message) {
      process.send?.(message);
    },
    onMessage(listener) {
      process.on('message', (message: unknown) => {
        if (isSupervisorMessage(message)) listener(message);
      });
      // Listening for messages referenced the channel again.
      process.channel?.unref();
    },
    sendConnection(handle, address) {
      return new Promise((resolve) => {
        if (!process.connected || !process.send) return resolve(false);
        const message: ConnectionMessage = { type: 'hot-node:connection', address };
        // A raw TCP or pipe handle, as cluster sends its connections (child_process's 'net.Native').
        process.send(message, handle as unknown as SendHandle, (error: Error | null) => resolve(!error));
      });
    },
    onConnection(listener) {
      process.on('message', (message: unknown, handle: unknown) => {
        if (isConnectionMessage(message) && handle) listener(handle as ConnectionHandle, message.address);
      });
      process.channel?.unref();
    },
  };
}

/**
 * ...except while a server of the worker waits for the primary's answer to `listen()`: then
 * the channel may be all there is (a server that closed and listens again in a reload).
 */
function keepChannelWhileListening(): void {
  const pending = new Set<object>();
  const settle = (context: object): void => {
    if (pending.delete(context) && pending.size === 0) process.channel?.unref();
  };
  diagnosticsChannel.tracingChannel('net.server.listen').subscribe({
    start() {},
    end() {},
    asyncStart(context: object) {
      if (pending.size === 0) process.channel?.ref();
      pending.add(context);
    },
    asyncEnd: settle,
    error: settle,
  });
}
