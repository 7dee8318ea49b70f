import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pruneCacheDir } from './cache-pruning.js';
import type { TransformedModule, TransformRequest } from './transform-module.js';

/** Changes whenever the transform's output for the same input changes. */
const FORMAT_VERSION = 'hot-node-transform-2';
/**
 * Results wait this long before they are written, in batches: the writes (serializing,
 * four file-system calls each) then never compete with an update or a start for the thread.
 */
const WRITE_DELAY_MS = 100;
/**
 * The folder is kept in bounds once per process, this long after the cache was first used:
 * never while a program starts or an update runs.
 */
const PRUNE_DELAY_MS = 10_000;
/** Entries no run has used for this long are removed. */
const MAX_UNUSED_MS = 30 * 24 * 60 * 60 * 1000;

/** Bounds of a disk cache. */
export interface TransformCacheLimits {
  /** Size the folder is brought back under, least recently used entries first (256 MiB). */
  readonly maxBytes?: number;
}

/** Caches with results still to write: written synchronously if the process exits first. */
const withUnwritten = new Set<TransformCache>();
let exitHook = false;

/**
 * Transform results by content, in memory and on disk.
 *
 * In memory only the latest result per file is kept, so a file edited a thousand times
 * does not keep a thousand transforms. On disk results are keyed by everything that
 * affects them (file, options, source, esbuild version), so a second cold start, and a
 * file switched back to earlier content, skip transforming.
 */
export class TransformCache {
  readonly #dir: string | undefined;
  readonly #latest = new Map<string, { key: string; value: TransformedModule }>();
  #dirReady: Promise<unknown> | undefined;
  /** Results not on disk yet: written after the current work, never on an update's path. */
  readonly #unwritten = new Map<string, TransformedModule>();
  #flushing: Promise<void> | undefined;
  #writeTimer: NodeJS.Timeout | undefined;
  readonly #codeCacheWrites = new Set<Promise<void>>();
  #listing: Set<string> | undefined;
  /** Names in the folder that this process read before the prune: the prune keeps them. */
  readonly #used = new Set<string>();
  #pruned = false;
  readonly #maxBytes: number;
  #pruneTimer: NodeJS.Timeout | undefined;

  /**
   * @param dir Directory of the disk cache; `undefined` keeps results in memory only.
   * @param limits Bounds of the folder, which is pruned in the background once per process.
   */
  constructor(dir: string | undefined, limits: TransformCacheLimits = {}) {
    this.#dir = dir;
    this.#maxBytes = limits.maxBytes ?? 256 * 1024 * 1024;
  }

  /** The key of a transform of `source` under `request`. */
  key(source: string, request: TransformRequest, toolVersion: string): string {
    return createHash('sha1')
      .update(FORMAT_VERSION)
      .update('\0')
      .update(toolVersion)
      .update('\0')
      .update(request.file)
      .update('\0')
      .update(request.language)
      .update('\0')
      .update(request.format)
      .update('\0')
      .update(request.tsconfigRaw ? JSON.stringify(request.tsconfigRaw) : '')
      .update('\0')
      .update(source)
      .digest('hex');
  }

  get(file: string, key: string): TransformedModule | undefined {
    const latest = this.#latest.get(file);
    if (latest?.key === key) return latest.value;
    // The listing is the folder as it was when first asked; results written since are not
    // added to it (it would grow by a name on every save). A file with a result in memory
    // may have earlier versions among them, so for it the disk is asked (an `existsSync` per
    // edit, cheaper than a failed read's exception), while a cold start's misses ask it nothing.
    if (!this.#dir || !(latest ? existsSync(this.#entry(key)) : this.#onDisk().has(`${key}.json`)))
      return undefined;
    let text: string;
    try {
      text = readFileSync(this.#entry(key), 'utf8');
    } catch {
      return undefined;
    }
    this.#use(`${key}.json`);
    try {
      const value = JSON.parse(text) as TransformedModule;
      this.#latest.set(file, { key, value });
      return value;
    } catch {
      return undefined; // A torn or foreign file: transform again and overwrite it.
    }
  }

  set(file: string, key: string, value: TransformedModule): void {
    this.#latest.set(file, { key, value });
    if (!this.#dir) return;
    this.#schedulePrune();
    this.#unwritten.set(key, value);
    this.#scheduleWrite();
  }

  /** Resolves when every result so far is on disk. */
  async flush(): Promise<void> {
    clearTimeout(this.#writeTimer);
    this.#writeTimer = undefined;
    if (this.#unwritten.size > 0) this.#flushing ??= this.#flush();
    while (this.#flushing) await this.#flushing;
    await Promise.all([...this.#codeCacheWrites]);
  }

  /** Writes what is left ({@link flush}) and cancels the prune of the folder not yet begun. */
  async close(): Promise<void> {
    clearTimeout(this.#pruneTimer);
    await this.flush();
  }

  /** Writes what is left now, synchronously: the process is exiting. */
  writeUnwrittenSync(): void {
    const dir = this.#dir;
    if (!dir || this.#unwritten.size === 0) return;
    // The folder was made when the first result came (see `#scheduleWrite`); one deleted
    // since, with the project around it perhaps, is not made again by a process that exits.
    if (!existsSync(dir)) return;
    try {
      for (const [key, value] of this.#unwritten) {
        const target = join(dir, `${key}.json`);
        writeFileSync(`${target}.${process.pid}.tmp`, JSON.stringify(value));
        renameSync(`${target}.${process.pid}.tmp`, target);
      }
    } catch {
      // A read-only or full disk only costs speed.
    }
    this.#unwritten.clear();
  }

  #scheduleWrite(): void {
    this.#dirReady ??= mkdir(this.#dir!, { recursive: true }).catch(() => {});
    withUnwritten.add(this);
    if (!exitHook) {
      exitHook = true;
      process.once('exit', () => {
        for (const cache of withUnwritten) cache.writeUnwrittenSync();
      });
    }
    if (this.#writeTimer || this.#flushing) return;
    this.#writeTimer = setTimeout(() => {
      this.#writeTimer = undefined;
      this.#flushing ??= this.#flush();
    }, WRITE_DELAY_MS);
    this.#writeTimer.unref();
  }

  async #flush(): Promise<void> {
    const dir = this.#dir!;
    const batch = [...this.#unwritten];
    this.#unwritten.clear();
    try {
      this.#dirReady ??= mkdir(dir, { recursive: true });
      await this.#dirReady;
      await Promise.all(
        batch.map(async ([key, value]) => {
          // Write then rename: a concurrent reader never sees half a file.
          const target = join(dir, `${key}.json`);
          const temporary = `${target}.${process.pid}.tmp`;
          await writeFile(temporary, JSON.stringify(value));
          await rename(temporary, target);
        }),
      );
    } catch {
      // A read-only or full disk only costs speed.
    } finally {
      this.#flushing = undefined;
      if (this.#unwritten.size > 0) this.#scheduleWrite();
      else withUnwritten.delete(this);
    }
  }

  /** V8's code cache for the compiled code of a transform, from an earlier run. */
  readCodeCache(key: string): Buffer | undefined {
    if (!this.#dir || !this.#onDisk().has(`${key}.v8`)) return undefined;
    this.#use(`${key}.v8`);
    try {
      return readFileSync(join(this.#dir, `${key}.v8`));
    } catch {
      return undefined;
    }
  }

  /** Stores V8's code cache of a transform's compiled code, off the current work. */
  writeCodeCache(key: string, data: Buffer): void {
    if (!this.#dir) return;
    const dir = this.#dir;
    this.#schedulePrune();
    const write = async (): Promise<void> => {
      this.#dirReady ??= mkdir(dir, { recursive: true });
      await this.#dirReady;
      const target = join(dir, `${key}.v8`);
      const temporary = `${target}.${process.pid}.tmp`;
      await writeFile(temporary, data);
      await rename(temporary, target);
      // Unlike transforms, listed: a code cache is written for a file's first version only, so
      // these names are bounded by the files, and a full reload then finds them.
      this.#listing?.add(`${key}.v8`);
    };
    const done = write().catch(() => {
      // Only speed is lost.
    });
    this.#codeCacheWrites.add(done);
    void done.finally(() => this.#codeCacheWrites.delete(done));
  }

  /**
   * The names in the cache folder, listed once: a cold start then asks the disk nothing
   * for its misses (each failed read is an exception).
   */
  #onDisk(): Set<string> {
    if (!this.#listing) {
      try {
        this.#listing = new Set(readdirSync(this.#dir!));
      } catch {
        this.#listing = new Set();
      }
    }
    return this.#listing;
  }

  /**
   * Notes an entry read from the folder, which the prune keeps. Only until the prune: a process
   * that runs for days reads earlier versions of edited files, and the set would keep growing.
   */
  #use(name: string): void {
    if (this.#pruned) return;
    this.#used.add(name);
    this.#schedulePrune();
  }

  #entry(key: string): string {
    return join(this.#dir!, `${key}.json`);
  }

  /** Plans the prune of the folder, at the cache's first use. */
  #schedulePrune(): void {
    if (this.#pruneTimer) return;
    const dir = this.#dir!;
    this.#pruneTimer = setTimeout(() => {
      this.#pruned = true;
      void pruneCacheDir(dir, {
        used: this.#used,
        maxBytes: this.#maxBytes,
        maxAgeMs: MAX_UNUSED_MS,
      }).finally(() => this.#used.clear());
    }, PRUNE_DELAY_MS);
    this.#pruneTimer.unref();
  }

  /** Forgets the in-memory result of a file (deleted or no longer in the graph). */
  forget(file: string): void {
    this.#latest.delete(file);
  }
}
