import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TransformCacheLimits } from '../evaluator/transform-cache.js';

/**
 * Where transforms are cached on disk: `$HOT_NODE_CACHE_DIR`, else
 * `node_modules/.cache/hot-node` of the nearest folder with a package.json (where other
 * tools keep their caches, and what `git clean` and a fresh install remove).
 */
export function defaultCacheDir(root: string): string {
  const fromEnv = process.env.HOT_NODE_CACHE_DIR;
  if (fromEnv) return path.resolve(fromEnv);
  let dir = root;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) break;
    const parent = path.dirname(dir);
    if (parent === dir) {
      dir = root;
      break;
    }
    dir = parent;
  }
  return path.join(dir, 'node_modules', '.cache', 'hot-node');
}

/**
 * Bounds of the disk cache: `$HOT_NODE_CACHE_MAX_MB` megabytes when set to a positive number,
 * else the cache's default.
 */
export function cacheLimits(): TransformCacheLimits {
  const megabytes = Number(process.env.HOT_NODE_CACHE_MAX_MB);
  return Number.isFinite(megabytes) && megabytes > 0 ? { maxBytes: megabytes * 1024 * 1024 } : {};
}
