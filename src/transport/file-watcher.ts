import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type FSWatcher, watch } from 'chokidar';

/** Options of a {@link FileWatcher}. */
export interface FileWatcherOptions {
  /**
   * Quiet time after the last event before a burst is reported as one change, in ms. A
   * formatter's second write or a `git checkout` then lands in the same update.
   */
  readonly debounceMs?: number;
  /** Longest a burst is held back, in ms, however long it goes on. */
  readonly maxDelayMs?: number;
  /**
   * Keep the process alive while watching. Off by default: a program that is done (a
   * script, a server that closed) exits as under plain `node`; a server's socket keeps it.
   */
  readonly persistent?: boolean;
  /** Called with the files whose content changed (or that appeared or disappeared). */
  readonly onChange: (files: string[], firstEventAt: number) => void;
}

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;
/** An empty read right after a change may be a truncate-then-write caught in the middle. */
const EMPTY_READ_RETRY_MS = 30;

/**
 * Watches a set of files with chokidar and reports real changes: bursts are coalesced,
 * saves that leave the content as it was are dropped (by content hash), atomic saves
 * (write a temp file, rename it over) and truncate-then-write saves report the final
 * content. It watches the folders of the files, not the files, so a rename over a file or
 * a file created later is seen; events of other files in those folders are ignored.
 */
export class FileWatcher {
  readonly #watcher: FSWatcher;
  readonly #options: FileWatcherOptions;
  readonly #files = new Set<string>();
  readonly #folders = new Set<string>();
  /** Content hash last seen per file; `null`: the file did not exist. */
  readonly #hashes = new Map<string, string | null>();
  readonly #pending = new Set<string>();
  #firstEventAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #deadline: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: FileWatcherOptions) {
    this.#options = options;
    this.#watcher = watch([], {
      ignoreInitial: true,
      depth: 0,
      persistent: options.persistent ?? false,
      // Folders are watched for the graph's files only; never descend into packages.
      ignored: (file) => file.includes(NODE_MODULES),
    });
    this.#watcher.on('all', (_event, file) => this.#onEvent(path.resolve(file)));
    this.#watcher.on('error', () => {
      // A folder that disappeared; its files report as deleted through their parent.
    });
  }

  /** Watches exactly `files` from now on (the ones no longer listed are dropped). */
  setFiles(files: Iterable<string>): void {
    const wanted = new Set<string>();
    for (const file of files) if (!file.includes(NODE_MODULES)) wanted.add(path.resolve(file));
    for (const file of this.#files) {
      if (!wanted.has(file)) {
        this.#files.delete(file);
        this.#hashes.delete(file);
      }
    }
    for (const file of wanted) {
      if (this.#files.has(file)) continue;
      this.#files.add(file);
      void this.#remember(file);
    }
    const folders = new Set([...this.#files].map((file) => path.dirname(file)));
    const added = [...folders].filter((folder) => !this.#folders.has(folder));
    const removed = [...this.#folders].filter((folder) => !folders.has(folder));
    for (const folder of removed) this.#folders.delete(folder);
    for (const folder of added) this.#folders.add(folder);
    if (removed.length > 0) this.#watcher.unwatch(removed);
    if (added.length > 0) this.#watcher.add(added);
  }

  /** Resolves when chokidar has set up the watches it was last asked for. */
  ready(): Promise<void> {
    return new Promise((resolve) => {
      // chokidar emits 'ready' once; later additions are ready after a scan: poll its state.
      const check = (): void => {
        const watched = this.#watcher.getWatched();
        const all = [...this.#folders].every((folder) => watched[folder] !== undefined);
        if (all || this.#closed) resolve();
        else setTimeout(check, 5);
      };
      check();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#deadline);
    await this.#watcher.close();
  }

  async #remember(file: string): Promise<void> {
    if (!this.#hashes.has(file)) this.#hashes.set(file, await hashOf(file));
  }

  #onEvent(file: string): void {
    if (this.#closed || !this.#files.has(file)) return;
    if (this.#pending.size === 0) {
      this.#firstEventAt = performance.now();
      const maxDelay = this.#options.maxDelayMs ?? 100;
      this.#deadline = setTimeout(() => void this.#flush(), maxDelay);
    }
    this.#pending.add(file);
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#flush(), this.#options.debounceMs ?? 5);
  }

  async #flush(): Promise<void> {
    clearTimeout(this.#timer);
    clearTimeout(this.#deadline);
    const files = [...this.#pending];
    const at = this.#firstEventAt;
    this.#pending.clear();
    const changed: string[] = [];
    await Promise.all(
      files.map(async (file) => {
        let hash = await hashOf(file);
        if (hash === EMPTY_HASH && this.#hashes.get(file) !== EMPTY_HASH) {
          await new Promise((resolve) => setTimeout(resolve, EMPTY_READ_RETRY_MS));
          hash = await hashOf(file);
        }
        if (this.#hashes.get(file) === hash) return;
        this.#hashes.set(file, hash);
        changed.push(file);
      }),
    );
    if (changed.length > 0 && !this.#closed) this.#options.onChange(changed.sort(), at);
  }
}

const EMPTY_HASH = createHash('sha1').digest('hex');

async function hashOf(file: string): Promise<string | null> {
  try {
    return createHash('sha1')
      .update(await readFile(file))
      .digest('hex');
  } catch {
    return null;
  }
}
