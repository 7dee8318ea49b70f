/**
 * The messages of a remote transport: between the host, which watches the files, and the
 * app, which runs a hot engine in another thread, another process or another program.
 *
 * Where Vite's {@link HotPayload} shapes fit, they are used as they are: the app sends its
 * engine's payloads (`update`, `full-reload`, `prune`, `error`, and `custom` events of
 * `import.meta.hot.send()`), the host sends `connected` and `custom` events. The few
 * messages Vite has no shape for are hot-node's own, all named `hot-node:*`, and all here.
 * Every message is plain data: it crosses a MessagePort, an IPC channel or a socket as
 * newline-delimited JSON.
 */
import type { HotPayload } from './hot-payload.js';

/** From the host to the app. */
export type HostMessage =
  /** The host accepted the app (over a socket: its token was right). */
  | Extract<HotPayload, { type: 'connected' }>
  /** A custom event for the app's `import.meta.hot.on()` listeners. */
  | Extract<HotPayload, { type: 'custom' }>
  /**
   * Files changed. `at` is when the first event of the burst happened, in milliseconds since
   * the Unix epoch (`performance.timeOrigin + performance.now()`): comparable across threads
   * and processes, where `performance.now()` is not.
   */
  | { readonly type: 'hot-node:change'; readonly files: readonly string[]; readonly at: number }
  /** A file is being written: its change follows once the burst is over. */
  | { readonly type: 'hot-node:changing'; readonly file: string }
  /** The burst announced by `hot-node:changing` is over, and left these files as they were. */
  | { readonly type: 'hot-node:unchanged'; readonly files: readonly string[] }
  /** The answer to the app's `hot-node:ready` of the same `id`: the host watches what it was given. */
  | { readonly type: 'hot-node:ready'; readonly id: number };

/** From the app to the host. */
export type AppMessage =
  /** What the app's hot engine sends: update notices and custom events. */
  | HotPayload
  /** The first message over a socket: the session's token, which the host checks before anything else. */
  | { readonly type: 'hot-node:hello'; readonly token: string }
  /** The files the app's program is made of: the host watches exactly these for it. */
  | { readonly type: 'hot-node:watch'; readonly files: readonly string[] }
  /** Asks to be told (with the same `id`) when the host watches every file given so far. */
  | { readonly type: 'hot-node:ready'; readonly id: number };

const HOST_TYPES = new Set([
  'connected',
  'custom',
  'hot-node:change',
  'hot-node:changing',
  'hot-node:unchanged',
  'hot-node:ready',
]);
const APP_TYPES = new Set([
  'connected',
  'update',
  'full-reload',
  'prune',
  'custom',
  'error',
  'hot-node:hello',
  'hot-node:watch',
  'hot-node:ready',
]);

/** Whether `message` has the type of a message the host sends (its fields are trusted: the peer is). */
export function isHostMessage(message: unknown): message is HostMessage {
  return hasType(message, HOST_TYPES);
}

/** Whether `message` has the type of a message an app sends. */
export function isAppMessage(message: unknown): message is AppMessage {
  return hasType(message, APP_TYPES);
}

function hasType(message: unknown, types: ReadonlySet<string>): boolean {
  if (typeof message !== 'object' || message === null) return false;
  const type = (message as { type?: unknown }).type;
  return typeof type === 'string' && types.has(type);
}

/** `performance.now()` of this thread as the epoch time of {@link HostMessage}'s `at`. */
export function toEpochTime(now: number): number {
  return performance.timeOrigin + now;
}

/** An epoch time from another thread or process as this thread's `performance.now()` scale. */
export function fromEpochTime(epoch: number): number {
  return epoch - performance.timeOrigin;
}
