import { createRequire } from 'node:module';
import type Remapping from '@jridgewell/remapping';
import type SourceMapSupport from 'source-map-support';

// Loaded on first use: only a stack trace through transformed code needs them.
const require = createRequire(import.meta.url);
const remapping = (): typeof Remapping => require('@jridgewell/remapping') as typeof Remapping;

/** A source map as JSON (version 3). */
export interface RawSourceMap {
  version: number;
  sources: string[];
  names: string[];
  mappings: string;
  file?: string;
  sourceRoot?: string;
  sourcesContent?: (string | null)[];
}

/**
 * The maps of one compiled script, last transform first: `[rewrite, typescript]` maps the
 * script to the JavaScript esbuild produced, then that to the original `.ts` file.
 */
export type SourceMapChain = readonly RawSourceMap[];

interface Entry {
  readonly chain: SourceMapChain;
  composed?: RawSourceMap;
}

/**
 * The source maps of the scripts the evaluator compiled, by script file name. Stack traces
 * of errors thrown in those scripts point at the original sources.
 *
 * One entry per file: registering a new version replaces the old one, so no replaced
 * module version is kept alive by its map. Maps are composed only when a stack trace
 * needs them.
 */
export class SourceMapRegistry {
  readonly #entries = new Map<string, Entry>();

  constructor() {
    installStackTraceSupport(this);
  }

  /** Records the maps of the script compiled under `filename`, replacing older ones. */
  set(filename: string, chain: SourceMapChain): void {
    this.#entries.set(filename, { chain });
  }

  delete(filename: string): void {
    this.#entries.delete(filename);
  }

  /** The composed map from the script to its original source. */
  get(filename: string): RawSourceMap | undefined {
    const entry = this.#entries.get(filename);
    if (!entry) return undefined;
    entry.composed ??= compose(entry.chain);
    return entry.composed;
  }
}

type RemappingInput = Exclude<Parameters<typeof Remapping>[0], unknown[]>;

function compose(chain: SourceMapChain): RawSourceMap {
  if (chain.length === 1) return chain[0]!;
  // Every map in the chain has exactly one source: the previous step's output.
  const [last, ...rest] = chain;
  let index = 0;
  const loader = (): RemappingInput | null => (rest[index++] as RemappingInput | undefined) ?? null;
  return remapping()(last as RemappingInput, loader) as unknown as RawSourceMap;
}

const registries = new Set<SourceMapRegistry>();
let installed = false;

/**
 * One `Error.prepareStackTrace` for the process, asking every registry. The cache of
 * source-map-support is emptied per stack trace so that a hot-updated file is never mapped
 * with its previous version's map.
 */
function installStackTraceSupport(registry: SourceMapRegistry): void {
  registries.add(registry);
  if (installed) return;
  installed = true;
  // source-map-support is loaded by the first stack trace, not at start-up.
  Error.prepareStackTrace = function prepareStackTraceOnFirstUse(error, stack) {
    const sourceMapSupport = require('source-map-support') as typeof SourceMapSupport;
    sourceMapSupport.install({
      environment: 'node',
      handleUncaughtExceptions: false,
      emptyCacheBetweenOperations: true,
      hookRequire: false,
      retrieveSourceMap(source) {
        for (const r of registries) {
          const map = r.get(source);
          if (map) return { url: source, map: JSON.stringify(map) };
        }
        return null;
      },
    });
    return Error.prepareStackTrace === prepareStackTraceOnFirstUse
      ? stack.join('\n')
      : Error.prepareStackTrace!(error, stack);
  };
}

/** Stops a registry from answering stack-trace lookups (its runner was closed). */
export function releaseSourceMaps(registry: SourceMapRegistry): void {
  registries.delete(registry);
}
