import cluster from 'node:cluster';
import diagnosticsChannel from 'node:diagnostics_channel';
import { isSupervisorMessage, type SupervisorMessage, type WorkerMessage } from './supervisor-messages.js';

/** The worker's side of the channel to its supervisor. */
export interface SupervisorLink {
  send(message: WorkerMessage): void;
  onMessage(listener: (message: SupervisorMessage) => void): void;
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
