import fs from 'node:fs';
import path from 'node:path';

/**
 * One folder watched with the operating system's own notifications (`fs.watch`: inotify,
 * FSEvents, ReadDirectoryChangesW), not recursively: each event names the entry of the folder
 * that changed, appeared, disappeared or was renamed over, and nothing more is done for it.
 *
 * The module graph's folders are watched this way rather than with chokidar, which answers
 * every event in a folder by reading the folder again (an `lstat` per entry): 2 to 3 ms of
 * the main thread per save, measured on the benchmark's app, spent while the update waits.
 */
export class FolderWatch {
  readonly folder: string;
  readonly #watcher: fs.FSWatcher | undefined;
  #closed = false;

  /**
   * @param onEntry called with the absolute path of the entry an event names
   * @param persistent whether the watch keeps the process alive
   */
  constructor(folder: string, onEntry: (file: string) => void, persistent: boolean) {
    this.folder = folder;
    try {
      this.#watcher = fs.watch(folder, { persistent }, (_event, name) => {
        if (name) onEntry(path.join(folder, name.toString()));
      });
      // A folder that is deleted ends its watch; its files were reported by then.
      this.#watcher.on('error', () => this.close());
    } catch {
      // Not there (yet): nothing in it to report.
      this.#watcher = undefined;
    }
  }

  /** Whether the folder is watched (it existed when the watch started, and still does). */
  get active(): boolean {
    return this.#watcher !== undefined && !this.#closed;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#watcher?.close();
  }
}
