import fs from 'node:fs';
import path from 'node:path';

/** What a {@link FolderWatch} tells its owner. */
export interface FolderEvents {
  /** An entry of the folder changed, appeared, disappeared or was renamed over. */
  readonly onEntry: (file: string) => void;
  /**
   * Any entry of the folder may have changed at once: the folder was deleted or renamed away
   * (its files are gone from its path), or it appeared again (a `git checkout`, a restored
   * backup), with files that no event named.
   */
  readonly onReset: () => void;
}

/**
 * One folder watched with the operating system's own notifications (`fs.watch`: inotify,
 * FSEvents, ReadDirectoryChangesW), not recursively: each event names the entry of the folder
 * that changed, appeared, disappeared or was renamed over, and nothing more is done for it.
 *
 * The module graph's folders are watched this way rather than with chokidar, which answers
 * every event in a folder by reading the folder again (an `lstat` per entry): 2 to 3 ms of
 * the main thread per save, measured on the benchmark's app, spent while the update waits.
 *
 * A watch belongs to the folder's inode, not to its path: a folder that is deleted, or renamed
 * away, leaves it silent. So while the folder is not there, its nearest existing ancestor is
 * watched (one level, for the next name on the way down), and the folder is watched again as
 * soon as it is back.
 */
export class FolderWatch {
  readonly folder: string;
  readonly #events: FolderEvents;
  readonly #persistent: boolean;
  #watcher: fs.FSWatcher | undefined;
  /** Device and inode of the folder while it is the one watched. */
  #identity: string | undefined;
  #closed = false;

  /** @param persistent whether the watch keeps the process alive */
  constructor(folder: string, events: FolderEvents, persistent: boolean) {
    this.folder = folder;
    this.#events = events;
    this.#persistent = persistent;
    this.#attach(false);
  }

  /** Whether the folder itself is watched (it exists, and its events are reported). */
  get active(): boolean {
    return this.#identity !== undefined && !this.#closed;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#unwatch();
  }

  /**
   * Watches the folder if it exists, else waits for it. `changed`: the folder may have come or
   * gone since it was last looked at, and the owner hears of it if it did.
   */
  #attach(changed: boolean): void {
    const wasWatched = this.#identity !== undefined;
    this.#unwatch();
    if (this.#closed) return;
    const identity = identityOf(this.folder);
    if (identity !== undefined && this.#watch(this.folder, (name) => this.#onEntry(name))) {
      this.#identity = identity;
      if (changed) this.#events.onReset();
      return;
    }
    if (changed && wasWatched) this.#events.onReset();
    this.#waitForFolder();
  }

  #onEntry(name: string): void {
    // Linux names the folder itself when it is deleted or moved; then nothing more comes.
    if (name === path.basename(this.folder) && identityOf(this.folder) !== this.#identity) {
      this.#attach(true);
      return;
    }
    this.#events.onEntry(path.join(this.folder, name));
  }

  /**
   * Watches the nearest existing ancestor for the next folder on the way down. A folder made
   * between the look and the watch would not be named by any event: it is looked for again
   * once the watch is on.
   */
  #waitForFolder(): void {
    let ancestor = path.dirname(this.folder);
    while (identityOf(ancestor) === undefined && path.dirname(ancestor) !== ancestor) {
      ancestor = path.dirname(ancestor);
    }
    const next = path.relative(ancestor, this.folder).split(path.sep)[0];
    const ancestorIdentity = identityOf(ancestor);
    // The ancestor itself may go too (a whole tree checked out again): then look again.
    const onName = (name: string) => {
      if (name === next || (name === path.basename(ancestor) && identityOf(ancestor) !== ancestorIdentity))
        this.#attach(true);
    };
    if (next === undefined || !this.#watch(ancestor, onName)) return;
    if (identityOf(path.join(ancestor, next)) !== undefined) this.#attach(true);
  }

  #watch(folder: string, onName: (name: string) => void): boolean {
    try {
      const watcher = fs.watch(folder, { persistent: this.#persistent }, (_event, name) => {
        if (name && watcher === this.#watcher) onName(name.toString());
      });
      // Some platforms end a watch with an error when its folder goes: look again. A folder
      // that is still there ends its watch (as before this class looked again), not a loop.
      watcher.on('error', () => {
        if (watcher !== this.#watcher) return;
        if (this.#identity !== undefined && identityOf(this.folder) === this.#identity) this.#unwatch();
        else this.#attach(true);
      });
      this.#watcher = watcher;
      return true;
    } catch {
      return false; // gone again, or not readable: nothing in it to report
    }
  }

  #unwatch(): void {
    this.#watcher?.close();
    this.#watcher = undefined;
    this.#identity = undefined;
  }
}

/** A folder's device and inode, or undefined when there is no folder at `folder`. */
function identityOf(folder: string): string | undefined {
  try {
    const stats = fs.statSync(folder);
    return stats.isDirectory() ? `${stats.dev}:${stats.ino}` : undefined;
  } catch {
    return undefined;
  }
}
