import type { Socket } from 'node:net';
import { CloseSignal, Holds, type TransportChannel } from './channel.js';

/** Options of {@link socketChannel}. */
export interface SocketChannelOptions {
  /** Longest line accepted, in characters: a longer one closes the link. Unlimited by default. */
  readonly maxLineLength?: number;
  /** Longest first line accepted (a peer not yet trusted says who it is there), in characters. */
  readonly maxFirstLineLength?: number;
}

/**
 * A channel over a socket: one JSON value per line (newline-delimited JSON). A line that is
 * not JSON, or longer than allowed, closes the link: the peer does not speak the protocol.
 * The socket does not keep the process alive.
 */
export function socketChannel(socket: Socket, options: SocketChannelOptions = {}): TransportChannel {
  const closed = new CloseSignal();
  const listeners = new Set<(message: unknown) => void>();
  let maxLineLength = options.maxFirstLineLength ?? options.maxLineLength ?? Number.POSITIVE_INFINITY;
  let buffered = '';
  socket.setEncoding('utf8');
  const holds = new Holds(socket);
  socket.on('data', (chunk: string) => {
    let start = 0;
    for (let newline = chunk.indexOf('\n'); newline !== -1 && !closed.closed; ) {
      const line = buffered + chunk.slice(start, newline);
      buffered = '';
      start = newline + 1;
      if (line.trim() !== '') {
        deliver(line);
        maxLineLength = options.maxLineLength ?? Number.POSITIVE_INFINITY;
      }
      newline = chunk.indexOf('\n', start);
    }
    buffered += chunk.slice(start);
    if (buffered.length > maxLineLength) fail();
  });
  socket.on('error', () => fail());
  socket.on('close', () => closed.fire());

  function deliver(line: string): void {
    if (line.length > maxLineLength) {
      fail();
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      fail();
      return;
    }
    for (const listener of [...listeners]) listener(message);
  }

  function fail(): void {
    socket.destroy();
    closed.fire();
  }

  return {
    post(message) {
      if (!closed.closed && socket.writable) socket.write(`${JSON.stringify(message)}\n`);
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onClose: (listener) => closed.add(listener),
    hold: holds.hold,
    close() {
      socket.end();
      closed.fire();
    },
  };
}
