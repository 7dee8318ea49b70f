import type { TransportChannel } from './channel.js';
import { FileWatcher, type FileWatcherOptions } from './file-watcher.js';
import type { HotPayload } from './hot-payload.js';
import { type HostMessage, isAppMessage, toEpochTime } from './remote-messages.js';

/** Options of a {@link TransportHost}. */
export interface TransportHostOptions
  extends Pick<FileWatcherOptions, 'debounceMs' | 'maxDelayMs' | 'persistent'> {
  /** Called with every change the watcher reports, whether an app is connected or not. */
  readonly onChange?: (files: readonly string[]) => void;
}

/** The host's side of one connected app. */
export interface HostConnection {
  /** Sends a custom event to the app's `import.meta.hot.on()` listeners. */
  emit(event: string, data?: unknown): void;
  /** Stops serving the app (the channel is left to its owner). Its files stay watched until another app names its own. */
  close(): void;
}

/**
 * The host's side of remote transports: one file watcher for every app connected to it
 * (each over its own channel). It watches the files the apps name, tells each app of the
 * changes to its files, answers their `ready()`, and hands their payloads to the host.
 *
 * The watcher outlives the apps: when an app goes away (a restart, a crash), its files stay
 * watched until a connected app names its own, and a change made meanwhile is held for the
 * next app until it has named its files (it may have read the file before the save).
 */
export class TransportHost {
  readonly #watcher: FileWatcher;
  readonly #onChange: TransportHostOptions['onChange'];
  readonly #connections = new Set<Connection>();
  /** Changes seen while no connected app had named its files: the next app to name them gets them. */
  readonly #unclaimed = new Set<string>();
  #unclaimedAt = 0;
  #closed = false;

  constructor(options: TransportHostOptions = {}) {
    this.#onChange = options.onChange;
    this.#watcher = new FileWatcher({
      ...(options.debounceMs !== undefined ? { debounceMs: options.debounceMs } : {}),
      ...(options.maxDelayMs !== undefined ? { maxDelayMs: options.maxDelayMs } : {}),
      ...(options.persistent !== undefined ? { persistent: options.persistent } : {}),
      onChange: (files, at) => this.#changed(files, at),
      onActivity: (file) => {
        for (const connection of this.#connections) connection.changing(file);
      },
      onUnchanged: (files) => {
        for (const connection of this.#connections) connection.unchanged(files);
      },
    });
  }

  /**
   * Serves the app at the other end of `channel`: its payloads (update notices, custom
   * events) go to `onPayload`.
   */
  connect(channel: TransportChannel, onPayload: (payload: HotPayload) => void): HostConnection {
    if (this.#closed) throw new Error('hot-node: the transport host was closed');
    const connection = new Connection(channel, onPayload, {
      watch: () => {
        this.#unclaimed.clear();
        this.#watchUnion();
      },
      ready: () => this.#watcher.ready(),
      detach: (closed) => {
        this.#connections.delete(closed);
        this.#watchUnion();
      },
    });
    if (this.#unclaimed.size > 0) connection.changed([...this.#unclaimed], this.#unclaimedAt);
    this.#connections.add(connection);
    channel.post({ type: 'connected' } satisfies HostMessage);
    return connection;
  }

  /** Resolves when the watcher watches every file named so far. */
  ready(): Promise<void> {
    return this.#watcher.ready();
  }

  /** Stops serving every app and closes the watcher. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const connection of [...this.#connections]) connection.close();
    await this.#watcher.close();
  }

  #changed(files: string[], at: number): void {
    this.#onChange?.(files);
    if (![...this.#connections].some((connection) => connection.files !== undefined)) {
      if (this.#unclaimed.size === 0) this.#unclaimedAt = at;
      for (const file of files) this.#unclaimed.add(file);
    }
    for (const connection of this.#connections) connection.changed(files, at);
  }

  /** Every connected app's files; none named yet: the files watched stay as they are. */
  #watchUnion(): void {
    const named = [...this.#connections].filter((connection) => connection.files !== undefined);
    if (named.length === 0 || this.#closed) return;
    const files = new Set<string>();
    for (const connection of named) for (const file of connection.files!) files.add(file);
    this.#watcher.setFiles(files);
  }
}

interface ConnectionHost {
  watch(): void;
  ready(): Promise<void>;
  detach(connection: Connection): void;
}

class Connection implements HostConnection {
  /** The files the app named; undefined until it named any. */
  files: ReadonlySet<string> | undefined;
  readonly #channel: TransportChannel;
  readonly #host: ConnectionHost;
  readonly #stopListening: () => void;
  /** Changes seen before the app named its files. */
  readonly #held = new Set<string>();
  #heldAt = 0;
  #closed = false;

  constructor(channel: TransportChannel, onPayload: (payload: HotPayload) => void, host: ConnectionHost) {
    this.#channel = channel;
    this.#host = host;
    this.#stopListening = channel.listen((message) => {
      if (this.#closed || !isAppMessage(message)) return;
      switch (message.type) {
        case 'hot-node:watch':
          this.#named(message.files);
          break;
        case 'hot-node:ready': {
          const { id } = message;
          void host.ready().then(() => this.#post({ type: 'hot-node:ready', id }));
          break;
        }
        case 'hot-node:hello':
          break;
        default:
          onPayload(message);
      }
    });
    channel.onClose(() => this.close());
  }

  emit(event: string, data?: unknown): void {
    this.#post({ type: 'custom', event, data });
  }

  changed(files: readonly string[], at: number): void {
    if (!this.files) {
      if (this.#held.size === 0) this.#heldAt = at;
      for (const file of files) this.#held.add(file);
      return;
    }
    const own = files.filter((file) => this.files!.has(file));
    if (own.length > 0) this.#post({ type: 'hot-node:change', files: own, at: toEpochTime(at) });
  }

  changing(file: string): void {
    if (this.files?.has(file)) this.#post({ type: 'hot-node:changing', file });
  }

  unchanged(files: readonly string[]): void {
    const own = files.filter((file) => this.files?.has(file));
    if (own.length > 0) this.#post({ type: 'hot-node:unchanged', files: own });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopListening();
    this.#host.detach(this);
  }

  #named(files: readonly string[]): void {
    const first = this.files === undefined;
    this.files = new Set(files);
    this.#host.watch();
    if (!first || this.#held.size === 0) return;
    const held = [...this.#held];
    this.#held.clear();
    this.changed(held, this.#heldAt);
  }

  #post(message: HostMessage): void {
    if (!this.#closed) this.#channel.post(message);
  }
}
