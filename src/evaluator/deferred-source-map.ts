import type { RawSourceMap } from './source-maps.js';

const FIELDS = ['version', 'file', 'sources', 'sourcesContent', 'names', 'mappings'] as const;

/**
 * A map nobody read is generated this long after it was made anyway: what `generate` holds
 * (the rewrite's edits) is released then, and the update that made it is over.
 */
const GENERATE_AFTER_MS = 100;

/**
 * A source map that is generated when one of its fields is first read (by a stack trace
 * through the code, the transform cache writing it to disk, a message across threads) or
 * a moment after it was made. Encoding the mappings is a tenth of a millisecond or more of
 * every save, spent on the path of the update for a map that is rarely read there.
 *
 * The fields are enumerable accessors, so `JSON.stringify` and `structuredClone` see a plain
 * map; `generate` is dropped once it has run.
 */
export function deferredSourceMap(generate: () => RawSourceMap): RawSourceMap {
  let pending: (() => RawSourceMap) | undefined = generate;
  let generated: RawSourceMap | undefined;
  const map = (): RawSourceMap => {
    if (pending) {
      clearTimeout(timer);
      generated = pending();
      pending = undefined;
    }
    return generated!;
  };
  const timer = setTimeout(map, GENERATE_AFTER_MS);
  timer.unref();
  const deferred = {} as RawSourceMap;
  for (const field of FIELDS) {
    Object.defineProperty(deferred, field, { get: () => map()[field], enumerable: true });
  }
  return deferred;
}
