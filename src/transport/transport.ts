import type { HotPayload } from './hot-payload.js';

/** What a transport tells the hot engine. */
export type TransportMessage =
  /** Files changed (or appeared, or were deleted). `at` is the performance.now() of the first event. */
  | { readonly type: 'change'; readonly files: readonly string[]; readonly at: number }
  /**
   * A file is being written: its change will follow once the burst is over. The engine may
   * start transforming it meanwhile.
   */
  | { readonly type: 'changing'; readonly file: string }
  /** The burst that `changing` announced is over, and left these files' content as it was. */
  | { readonly type: 'unchanged'; readonly files: readonly string[] }
  /** A custom event from the other side, for `import.meta.hot.on()` listeners. */
  | { readonly type: 'custom'; readonly event: string; readonly data?: unknown };

/**
 * How a hot engine hears about changes and talks to whoever hosts it. It knows nothing of
 * the module graph: the engine tells it which files matter, it reports when they change.
 */
export interface Transport {
  /** Starts delivering messages to the engine. */
  connect(handler: (message: TransportMessage) => void): void;
  /** A payload from the engine: an update notice, or a custom event a module sent. */
  send(payload: HotPayload): void;
  /**
   * The files that make up the running program, and files whose appearance matters (an
   * import that failed to resolve). A watching transport watches exactly these.
   */
  watch(files: Iterable<string>): void;
  /** Resolves when the transport watches everything it was given (changes from then on are seen). */
  ready?(): Promise<void>;
  /** Stops watching and releases every handle, so the process can exit. */
  close(): Promise<void>;
}
