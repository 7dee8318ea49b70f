import type { TransportChannel } from './channel.js';
import type { HotPayload } from './hot-payload.js';
import { type AppMessage, fromEpochTime, isHostMessage } from './remote-messages.js';
import type { Transport, TransportMessage } from './transport.js';

/** The app's end of a remote transport: a {@link Transport} whose watcher is the host's. */
export interface RemoteTransport extends Transport {
  /** Resolves when the host watches every file given so far (at once when the link is gone). */
  ready(): Promise<void>;
  /** Calls `listener` once when the link to the host is gone. */
  onClose(listener: () => void): void;
  /** Keeps the process alive until the returned function is called (the link alone does not). */
  hold(): () => void;
}

/**
 * Creates the app's end of a transport over `channel`: the engine's payloads go to the
 * host, the files it names are watched by the host, and the host's changes and custom
 * events come back as {@link TransportMessage}s. Messages that arrive before `connect()`
 * are dropped: the engine connects when it is created, before it loads anything.
 */
export function createRemoteTransport(channel: TransportChannel): RemoteTransport {
  let handler: ((message: TransportMessage) => void) | undefined;
  let nextReadyId = 0;
  const waiting = new Map<number, () => void>();
  const post = (message: AppMessage): void => channel.post(message);

  const stopListening = channel.listen((message) => {
    if (!isHostMessage(message)) return;
    switch (message.type) {
      case 'hot-node:change':
        handler?.({ type: 'change', files: message.files, at: fromEpochTime(message.at) });
        break;
      case 'hot-node:changing':
        handler?.({ type: 'changing', file: message.file });
        break;
      case 'hot-node:unchanged':
        handler?.({ type: 'unchanged', files: message.files });
        break;
      case 'custom':
        handler?.({ type: 'custom', event: message.event, data: message.data });
        break;
      case 'hot-node:ready':
        waiting.get(message.id)?.();
        waiting.delete(message.id);
        break;
      case 'connected':
        break;
    }
  });
  const releaseWaiters = (): void => {
    for (const resolve of waiting.values()) resolve();
    waiting.clear();
  };
  channel.onClose(releaseWaiters);

  return {
    connect(next) {
      handler = next;
    },
    send(payload: HotPayload) {
      post(payload);
    },
    watch(files) {
      post({ type: 'hot-node:watch', files: [...files] });
    },
    ready() {
      const id = ++nextReadyId;
      // A program that is done must not exit before the host answered.
      const release = channel.hold();
      const answered = new Promise<void>((resolve) => waiting.set(id, resolve)).finally(release);
      post({ type: 'hot-node:ready', id });
      // A closed link never answers.
      channel.onClose(releaseWaiters);
      return answered;
    },
    onClose: (listener) => channel.onClose(listener),
    hold: () => channel.hold(),
    async close() {
      handler = undefined;
      stopListening();
      releaseWaiters();
      channel.close();
    },
  };
}
