import { readdir, stat, unlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';

/** How a transform cache folder is kept in bounds. */
export interface PruneOptions {
  /** Entries this process read: never removed, and marked as used (what it wrote is new anyway). */
  readonly used: ReadonlySet<string>;
  /** The folder is brought back under this many bytes, least recently used entries first. */
  readonly maxBytes: number;
  /** Entries unused for longer than this are removed, whatever the size. */
  readonly maxAgeMs: number;
  readonly now?: number;
}

/** What a prune did. */
export interface PruneResult {
  readonly removed: number;
  /** Bytes of the entries left. */
  readonly keptBytes: number;
}

/** Used entries are marked (their mtime set to now) at most this often, not at every start. */
const MARK_USED_AFTER_MS = 24 * 60 * 60 * 1000;
/** A write's temporary file this old belongs to a process that died mid-write. */
const ABANDONED_TEMPORARY_MS = 60 * 60 * 1000;
/** File-system calls in flight at once: pruning runs in the background, never in a burst. */
const CONCURRENCY = 16;

interface Entry {
  readonly name: string;
  readonly bytes: number;
  mtimeMs: number;
}

/**
 * Removes from a transform cache folder what no run has used for a long time, and then the
 * least recently used entries while the folder is over its size: every save writes an entry,
 * and without this the folder would only grow. An entry's mtime tells when a run last used it
 * (reads mark it, once a day at most). Another process may be reading an entry removed here:
 * it then transforms the file again, which only costs time.
 */
export async function pruneCacheDir(dir: string, options: PruneOptions): Promise<PruneResult> {
  const now = options.now ?? Date.now();
  const entries = await listEntries(dir);
  const doomed: string[] = [];
  const kept: Entry[] = [];
  const toMark: Entry[] = [];
  for (const entry of entries) {
    if (entry.name.endsWith('.tmp')) {
      if (now - entry.mtimeMs > ABANDONED_TEMPORARY_MS) doomed.push(entry.name);
    } else if (options.used.has(entry.name)) {
      if (now - entry.mtimeMs > MARK_USED_AFTER_MS) toMark.push(entry);
      kept.push(entry);
    } else if (now - entry.mtimeMs > options.maxAgeMs) doomed.push(entry.name);
    else kept.push(entry);
  }
  await inBatches(toMark, async (entry) => {
    await utimes(join(dir, entry.name), now / 1000, now / 1000);
    entry.mtimeMs = now;
  });
  let keptBytes = kept.reduce((sum, entry) => sum + entry.bytes, 0);
  if (keptBytes > options.maxBytes) {
    // Oldest first; what this process uses stays, even over the limit.
    const evictable = kept.filter((entry) => !options.used.has(entry.name));
    evictable.sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const entry of evictable) {
      if (keptBytes <= options.maxBytes) break;
      doomed.push(entry.name);
      keptBytes -= entry.bytes;
    }
  }
  await inBatches(doomed, (name) => unlink(join(dir, name)));
  return { removed: doomed.length, keptBytes };
}

async function listEntries(dir: string): Promise<Entry[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const entries: Entry[] = [];
  await inBatches(names, async (name) => {
    const stats = await stat(join(dir, name));
    if (stats.isFile()) entries.push({ name, bytes: stats.size, mtimeMs: stats.mtimeMs });
  });
  return entries;
}

/** Runs `task` over `items`, {@link CONCURRENCY} at a time; an item whose task fails is skipped. */
async function inBatches<T>(items: readonly T[], task: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += CONCURRENCY) {
    await Promise.all(items.slice(i, i + CONCURRENCY).map((item) => task(item).catch(() => {})));
  }
}
