import { FileWatcher, type FileWatcherOptions } from './file-watcher.js';
import type { HotPayload } from './hot-payload.js';
import type { Transport, TransportMessage } from './transport.js';

/** Options of {@link createInProcessTransport}. */
export interface InProcessTransportOptions
  extends Pick<FileWatcherOptions, 'debounceMs' | 'maxDelayMs' | 'persistent'> {
  /** Receives what the engine sends: update notices and custom events from modules. */
  readonly onPayload?: (payload: HotPayload) => void;
  /** Watch files (default). Without, changes come only from `report()`. */
  readonly watch?: boolean;
}

/** A transport in the engine's own process: a {@link FileWatcher} watches, payloads go to a callback. */
export interface InProcessTransport extends Transport {
  /** Reports changed files as the watcher would (for hosts with a watcher of their own). */
  report(files: readonly string[]): void;
  /** Delivers a custom event to the modules' `import.meta.hot.on()` listeners. */
  emit(event: string, data?: unknown): void;
  /** Resolves when the watcher watches every file it was given. */
  ready(): Promise<void>;
}

/** Creates the in-process transport: the default of `hot-node app.ts`. */
export function createInProcessTransport(options: InProcessTransportOptions = {}): InProcessTransport {
  let handler: ((message: TransportMessage) => void) | undefined;
  const deliver = (message: TransportMessage): void => handler?.(message);
  const watcher =
    options.watch === false
      ? undefined
      : new FileWatcher({
          ...(options.debounceMs !== undefined ? { debounceMs: options.debounceMs } : {}),
          ...(options.maxDelayMs !== undefined ? { maxDelayMs: options.maxDelayMs } : {}),
          ...(options.persistent !== undefined ? { persistent: options.persistent } : {}),
          onChange: (files, at) => deliver({ type: 'change', files, at }),
          onActivity: (file) => deliver({ type: 'changing', file }),
          onUnchanged: (files) => deliver({ type: 'unchanged', files }),
        });
  return {
    connect(next) {
      handler = next;
    },
    send(payload) {
      options.onPayload?.(payload);
    },
    watch(files) {
      watcher?.setFiles(files);
    },
    report(files) {
      deliver({ type: 'change', files, at: performance.now() });
    },
    emit(event, data) {
      deliver({ type: 'custom', event, data });
    },
    ready: () => watcher?.ready() ?? Promise.resolve(),
    async close() {
      handler = undefined;
      await watcher?.close();
    },
  };
}
