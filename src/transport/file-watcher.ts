import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FolderWatch } from './folder-watch.js';

/** Options of a {@link FileWatcher}. */
export interface FileWatcherOptions {
  /**
   * Quiet time after the first event of the last file to join a burst before the burst is
   * reported as one change, in ms (1: the shortest timer; it was most of an update's latency
   * at 2). Events of one save, and of a `git checkout` (file after file, microseconds apart),
   * land in the same update; saves during an update are coalesced into the next one anyway.
   */
  readonly debounceMs?: number;
  /** Longest a burst is held back, in ms (50), however long it goes on. */
  readonly maxDelayMs?: number;
  /**
   * Keep the process alive while watching. Off by default: a program that is done (a
   * script, a server that closed) exits as under plain `node`; a server's socket keeps it.
   */
  readonly persistent?: boolean;
  /** Called with the files whose content changed (or that appeared or disappeared). */
  readonly onChange: (files: string[], firstEventAt: number) => void;
  /** Called at the first event of a file in a burst, before the burst is over. */
  readonly onActivity?: (file: string) => void;
  /** Called when a burst is over and none of its files' content changed (a save of the same text). */
  readonly onUnchanged?: (files: string[]) => void;
}

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;
/** An empty read right after a change may be a truncate-then-write caught in the middle. */
const EMPTY_READ_RETRY_MS = 30;
/**
 * Reported files are read again this much later: a save whose writes go on after its burst
 * was reported (a large file written in pieces) still ends with its last write applied.
 */
const RECHECK_AFTER_MS = 60;

/**
 * Watches a set of files and reports real changes: bursts are coalesced,
 * repeated saves of content already reported are dropped (by content hash), atomic saves
 * (write a temp file, rename it over) and truncate-then-write saves report the final
 * content, and the last write always wins. It watches the folders of the files (one
 * level), not the files, so a rename over a file or a file created later is seen.
 */
export class FileWatcher {
  readonly #options: FileWatcherOptions;
  readonly #files = new Set<string>();
  /** Each watched folder and its watch. */
  readonly #folders = new Map<string, FolderWatch>();
  /**
   * Content hash last reported per file; `null`: the file did not exist. There is no hash
   * taken when a file starts being watched: one read after an early save would take the
   * save for the baseline and lose it. Whether the first change changes anything is for
   * the engine to tell, against the version it runs.
   */
  readonly #hashes = new Map<string, string | null>();
  readonly #pending = new Set<string>();
  #firstEventAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #deadline: NodeJS.Timeout | undefined;
  readonly #rechecks = new Set<NodeJS.Timeout>();
  #closed = false;

  constructor(options: FileWatcherOptions) {
    this.#options = options;
  }

  /** Watches exactly `files` from now on (the ones no longer listed are dropped). */
  setFiles(files: Iterable<string>): void {
    if (this.#closed) return;
    const wanted = new Set<string>();
    for (const file of files) if (!file.includes(NODE_MODULES)) wanted.add(path.resolve(file));
    for (const file of this.#files) {
      if (wanted.has(file)) continue;
      this.#files.delete(file);
      this.#hashes.delete(file);
    }
    for (const file of wanted) {
      if (this.#files.has(file)) continue;
      this.#files.add(file);
    }
    const folders = new Set([...this.#files].map((file) => path.dirname(file)));
    for (const [folder, watch] of this.#folders) {
      if (folders.has(folder)) continue;
      this.#folders.delete(folder);
      watch.close();
    }
    const persistent = this.#options.persistent ?? false;
    for (const folder of folders) {
      if (this.#folders.has(folder)) continue;
      const events = {
        onEntry: (file: string) => this.#onEvent(file),
        onReset: () => this.#onFolderReset(folder),
      };
      this.#folders.set(folder, new FolderWatch(folder, events, persistent));
    }
  }

  /**
   * Resolves when every file given so far is watched (a save from now on is seen): at once,
   * since a folder's watch starts in {@link setFiles}.
   */
  async ready(): Promise<void> {}

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#deadline);
    for (const timer of this.#rechecks) clearTimeout(timer);
    for (const watch of this.#folders.values()) watch.close();
    this.#folders.clear();
  }

  /**
   * What is watched, folder by folder: the graph's folders, and in each the graph's files
   * whose events are reported.
   */
  watched(): Record<string, string[]> {
    const watched: Record<string, string[]> = {};
    for (const [folder, watch] of this.#folders) if (watch.active) watched[folder] = [];
    for (const file of this.#files) watched[path.dirname(file)]?.push(path.basename(file));
    for (const names of Object.values(watched)) names.sort();
    return watched;
  }

  #onEvent(file: string): void {
    if (this.#closed || !this.#files.has(file)) return;
    if (this.#pending.size === 0) {
      this.#firstEventAt = performance.now();
      this.#deadline = setTimeout(() => void this.#flush(), this.#options.maxDelayMs ?? 50);
    }
    // Only a file new to the burst extends it. A save gives several events for its file (a
    // truncate, each write, a rename): each would put the update off again. A write that goes
    // on after the quiet time starts a burst of its own, and the recheck reads it too.
    if (this.#pending.has(file)) return;
    this.#options.onActivity?.(file);
    this.#pending.add(file);
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#flush(), this.#options.debounceMs ?? 1);
  }

  /** Every file of `folder` is looked at again: the folder went away, or came back. */
  #onFolderReset(folder: string): void {
    for (const file of this.#files) if (path.dirname(file) === folder) this.#onEvent(file);
  }

  async #flush(): Promise<void> {
    clearTimeout(this.#timer);
    clearTimeout(this.#deadline);
    const files = [...this.#pending];
    const at = this.#firstEventAt;
    this.#pending.clear();
    await this.#report(files, at, true);
    const recheck = setTimeout(() => {
      this.#rechecks.delete(recheck);
      void this.#report(files, performance.now(), false);
    }, RECHECK_AFTER_MS);
    recheck.unref();
    this.#rechecks.add(recheck);
  }

  /** Reports the files among `files` whose content differs from what was last seen. */
  async #report(files: readonly string[], at: number, fromEvent: boolean): Promise<void> {
    const changed: string[] = [];
    await Promise.all(
      files.map(async (file) => {
        let hash = await hashOf(file);
        if (fromEvent && hash === EMPTY_HASH && this.#hashes.get(file) !== EMPTY_HASH) {
          await new Promise((resolve) => setTimeout(resolve, EMPTY_READ_RETRY_MS));
          hash = await hashOf(file);
        }
        if (!this.#files.has(file) || this.#hashes.get(file) === hash) return;
        this.#hashes.set(file, hash);
        changed.push(file);
      }),
    );
    if (this.#closed) return;
    if (changed.length > 0) this.#options.onChange(changed.sort(), at);
    else if (fromEvent) this.#options.onUnchanged?.([...files]);
  }
}

const EMPTY_HASH = createHash('sha1').digest('hex');

/**
 * The hash of a file's content, `null` when it does not exist. Read synchronously: for a
 * source file that is a few microseconds, against a thread-pool round trip on the path of
 * every update.
 */
async function hashOf(file: string): Promise<string | null> {
  try {
    return createHash('sha1').update(readFileSync(file)).digest('hex');
  } catch {
    return null;
  }
}
