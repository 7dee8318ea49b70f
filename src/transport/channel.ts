import { type MessagePort, receiveMessageOnPort } from 'node:worker_threads';

/**
 * One end of a two-way message link: a MessagePort, an IPC channel, a socket. Remote
 * transports are written against this, so each of them is the same code over another link.
 * A channel never keeps its process alive on its own: what runs there decides.
 */
export interface TransportChannel {
  /** Sends a message to the other end (dropped once the channel is closed). */
  post(message: unknown): void;
  /** Calls `listener` with every message from the other end; returns the unsubscribe. */
  listen(listener: (message: unknown) => void): () => void;
  /** Calls `listener` once when the link is gone (closed on either side, or the peer ended). */
  onClose(listener: () => void): void;
  /**
   * Keeps the process alive until the returned function is called: for an answer it waits
   * for (a program that is done may still exit when nothing waits).
   */
  hold(): () => void;
  /** Closes the link. */
  close(): void;
}

/** Holds on a handle that is referenced while any is held, and unreferenced otherwise. */
export class Holds {
  readonly #handle: { ref(): void; unref(): void } | null | undefined;
  #count = 0;

  constructor(handle: { ref(): void; unref(): void } | null | undefined) {
    this.#handle = handle;
    handle?.unref();
  }

  /** Takes a hold; the returned function releases it. */
  readonly hold = (): (() => void) => {
    if (this.#count++ === 0) this.#handle?.ref();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.#count === 0) this.#handle?.unref();
    };
  };

  /** Puts the handle back as the holds say (something else referenced it). */
  reassert(): void {
    if (this.#count === 0) this.#handle?.unref();
  }
}

/** The end of a link, told once to every listener, also to those that come later. */
export class CloseSignal {
  #closed = false;
  readonly #listeners = new Set<() => void>();

  /** Whether the link is gone. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Marks the link closed and tells the listeners (once). */
  fire(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const listener of this.#listeners) listener();
    this.#listeners.clear();
  }

  /** Calls `listener` when the link goes, or now if it is gone. */
  add(listener: () => void): void {
    if (this.#closed) listener();
    else this.#listeners.add(listener);
  }
}

/** A channel over a MessagePort, which can also hand over what is queued at once. */
export interface PortChannel extends TransportChannel {
  /**
   * Delivers the messages that arrived and wait in the queue, now. A worker's `exit` event
   * may come before the last messages it posted: the host drains them first.
   */
  drain(): void;
}

/** A channel over a MessagePort (worker threads). */
export function portChannel(port: MessagePort): PortChannel {
  const closed = new CloseSignal();
  const listeners = new Set<(message: unknown) => void>();
  const deliver = (message: unknown): void => {
    for (const listener of [...listeners]) listener(message);
  };
  port.once('close', () => closed.fire());
  port.on('message', deliver);
  const holds = new Holds(port);
  return {
    post(message) {
      if (!closed.closed) port.postMessage(message);
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    drain() {
      for (let queued = receiveMessageOnPort(port); queued; queued = receiveMessageOnPort(port))
        deliver(queued.message);
    },
    onClose: (listener) => closed.add(listener),
    hold: holds.hold,
    close() {
      port.close();
      closed.fire();
    },
  };
}
