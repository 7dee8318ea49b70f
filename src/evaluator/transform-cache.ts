import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TransformedModule, TransformRequest } from './transform-module.js';

/** Changes whenever the transform's output for the same input changes. */
const FORMAT_VERSION = 'hot-node-transform-1';

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
  #dirReady = false;

  /** @param dir Directory of the disk cache; `undefined` keeps results in memory only. */
  constructor(dir: string | undefined) {
    this.#dir = dir;
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
    if (!this.#dir) return undefined;
    let text: string;
    try {
      text = readFileSync(join(this.#dir, `${key}.json`), 'utf8');
    } catch {
      return undefined;
    }
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
    try {
      if (!this.#dirReady) {
        mkdirSync(this.#dir, { recursive: true });
        this.#dirReady = true;
      }
      // Write then rename: a concurrent reader never sees half a file.
      const target = join(this.#dir, `${key}.json`);
      const temporary = `${target}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(value));
      renameSync(temporary, target);
    } catch {
      // A read-only or full disk only costs speed.
    }
  }

  /** Forgets the in-memory result of a file (deleted or no longer in the graph). */
  forget(file: string): void {
    this.#latest.delete(file);
  }
}
