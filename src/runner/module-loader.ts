import { readFile } from 'node:fs/promises';
import type vm from 'node:vm';
import { version as esbuildVersion } from 'esbuild';
import { compileModule } from '../evaluator/compile.js';
import type { SourceMapRegistry } from '../evaluator/source-maps.js';
import type { SourceLanguage } from '../evaluator/strip-types.js';
import type { TransformCache } from '../evaluator/transform-cache.js';
import { type TransformedModule, transformModule } from '../evaluator/transform-module.js';
import { type TsconfigLoader, toEsbuildTsconfigRaw } from '../evaluator/tsconfig.js';
import type { ModuleRecord } from './module-record.js';

/** The source of one file turned into a compiled module, with caches on the way. */
export interface LoadedModule {
  readonly transformed: TransformedModule;
  readonly language: SourceLanguage;
}

/**
 * Reads, transforms and compiles the files of ES modules. Knows nothing of the graph: the
 * runner asks it for one record at a time.
 */
export class ModuleLoader {
  readonly #cache: TransformCache;
  readonly #tsconfig: TsconfigLoader;
  readonly #sourceMaps: SourceMapRegistry;
  readonly #context: vm.Context | undefined;

  constructor(
    cache: TransformCache,
    tsconfig: TsconfigLoader,
    sourceMaps: SourceMapRegistry,
    context?: vm.Context,
  ) {
    this.#cache = cache;
    this.#tsconfig = tsconfig;
    this.#sourceMaps = sourceMaps;
    this.#context = context;
  }

  /** Reads and transforms `file` (or takes the transform from the cache). */
  async transform(file: string): Promise<LoadedModule> {
    const source = await readFile(file, 'utf8');
    const language = languageOf(file);
    const tsconfigRaw =
      language === 'js' ? undefined : toEsbuildTsconfigRaw(this.#tsconfig.forFile(file).compilerOptions);
    const request = tsconfigRaw ? { file, language, tsconfigRaw } : { file, language };
    const key = this.#cache.key(source, request, esbuildVersion);
    let transformed = this.#cache.get(file, key);
    if (!transformed) {
      transformed = await transformModule(source, request);
      this.#cache.set(file, key, transformed);
    }
    return { transformed, language };
  }

  /** Compiles a transformed module into `record` and registers its source maps. */
  compile(record: ModuleRecord, loaded: LoadedModule): void {
    const file = record.file!;
    record.shape = loaded.transformed.shape;
    record.hasTopLevelAwait = loaded.transformed.shape.hasTopLevelAwait;
    record.lenientImports = loaded.language === 'ts' || loaded.language === 'tsx';
    record.moduleFunction = compileModule(loaded.transformed.code, file, this.#context);
    this.#sourceMaps.set(file, loaded.transformed.maps);
  }
}

/** The language of a file, by extension. */
export function languageOf(file: string): SourceLanguage {
  if (/\.[mc]?ts$/.test(file)) return 'ts';
  if (file.endsWith('.tsx')) return 'tsx';
  if (file.endsWith('.jsx')) return 'jsx';
  return 'js';
}
