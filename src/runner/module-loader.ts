import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type vm from 'node:vm';
import {
  type CommonJsFunction,
  type CompileOptions,
  compileCommonJs,
  compileModule,
} from '../evaluator/compile.js';
import type { RawSourceMap, SourceMapRegistry } from '../evaluator/source-maps.js';
import type { SourceLanguage } from '../evaluator/strip-types.js';
import type { TransformCache } from '../evaluator/transform-cache.js';
import type { TransformedModule, TransformRequest } from '../evaluator/transform-module.js';
import { loadTransformer, loadTransformerSync, prepareTransformer } from '../evaluator/transformer.js';
import { type TsconfigLoader, toEsbuildTsconfigRaw } from '../evaluator/tsconfig.js';
import type { ModuleRecord } from './module-record.js';
import { readSource } from './read-source.js';

/** A file transformed for the runner: an ES module or a CommonJS module. */
export interface LoadedModule {
  readonly transformed: TransformedModule;
  readonly language: SourceLanguage;
  /** The transform's cache key: also the key of V8's code cache for its compiled code. */
  readonly key: string;
}

/** The module system of a file, as the resolver tells it. */
export type SourceFormat = TransformRequest['format'];

/**
 * Where a loader's transforms come from (the runner's `transforms` option). The loader
 * still reads the files, and keeps the transform cache in front of these: they are asked
 * only for content the cache does not have. The default, {@link localTransforms}, runs
 * the pipeline here; a worker thread may ask its main thread instead, where esbuild stays
 * loaded and its results stay warm across restarts of the worker.
 */
export interface TransformProvider {
  /**
   * Transforms `source` as `request` says. Calls `onImports`, when given, with the static
   * import specifiers as soon as they are known (before the full parse), or never.
   * @throws (rejects with) a located `SyntaxError` for invalid code, as `transformModule`.
   */
  transform(
    source: string,
    request: TransformRequest,
    onImports?: (specifiers: string[]) => void,
  ): Promise<TransformedModule>;
  /** {@link transform}, synchronously: for `require()`, which cannot wait. */
  transformSync(source: string, request: TransformRequest): TransformedModule;
  /**
   * Gets the pipeline ready for a first edit (see {@link prepareTransformsLater}); optional,
   * and never rejects.
   */
  prepare?(): Promise<void>;
}

/** The transform pipeline of this thread: esbuild and acorn, loaded on first use. */
export const localTransforms: TransformProvider = {
  transform: async (source, request, onImports) =>
    (await loadTransformer()).transformModule(source, request, onImports),
  transformSync: (source, request) => loadTransformerSync().transformModuleSync(source, request),
  prepare: prepareTransformer,
};

/**
 * After a program has started, the transform pipeline is loaded and run once while the
 * program is idle, so that the first save does not wait for it (a start with a warm cache
 * does not load it at all). This long after the start: past the program's first requests.
 */
const PREPARE_DELAY_MS = 1000;

/**
 * Prepares `transforms` for a first edit once the program has had time to start.
 * @returns a function that cancels it, if it has not begun
 */
export function prepareTransformsLater(transforms: TransformProvider): () => void {
  if (!transforms.prepare) return () => {};
  const timer = setTimeout(() => void transforms.prepare?.(), PREPARE_DELAY_MS);
  timer.unref();
  return () => clearTimeout(timer);
}

/**
 * Reads, transforms and compiles files, with the transform cache on the way. Knows nothing
 * of the graph: the runner asks it for one record at a time.
 */
export class ModuleLoader {
  readonly #cache: TransformCache;
  readonly #tsconfig: TsconfigLoader;
  readonly #sourceMaps: SourceMapRegistry;
  readonly #context: vm.Context | undefined;
  readonly #transforms: TransformProvider;
  /** Transforms under way, by cache key: a second load of the same content waits for the first. */
  readonly #transforming = new Map<string, Promise<TransformedModule>>();
  /** The latest script of each file compiled without a usable code cache, until it is written. */
  readonly #withoutCodeCache = new Map<string, { key: string; script: vm.Script }>();
  /**
   * The last look-ups, by file: a save reads its file three times with the same content (as
   * it is written, to see that it changed, to load it), and the key is worked out once.
   */
  readonly #recentLookUps = new Map<string, RecentLookUp>();
  /**
   * The version of each file compiled first, the one kept in V8's compilation cache (see
   * `CompileOptions.keepInV8Cache`).
   */
  readonly #firstCompiled = new Map<string, string>();

  constructor(
    cache: TransformCache,
    tsconfig: TsconfigLoader,
    sourceMaps: SourceMapRegistry,
    context?: vm.Context,
    transforms: TransformProvider = localTransforms,
  ) {
    this.#cache = cache;
    this.#tsconfig = tsconfig;
    this.#sourceMaps = sourceMaps;
    this.#context = context;
    this.#transforms = transforms;
  }

  /**
   * Reads and transforms `file`, or takes its transform from the cache. The read is
   * synchronous on purpose: a small file costs a few microseconds that way, against a
   * hundred for the four thread-pool round trips of an asynchronous read, and loading a
   * graph is bound by the CPU, not the disk. Transforms still run in parallel in esbuild.
   */
  async load(
    file: string,
    format: SourceFormat,
    onImports?: (specifiers: string[]) => void,
  ): Promise<LoadedModule> {
    const source = await readSource(file);
    const { request, key, cached } = this.#lookUp(file, format, source);
    if (cached) return { transformed: cached, language: request.language, key };
    // A transform of the same content may be under way already (started while the file was saved).
    let transforming = this.#transforming.get(key);
    if (!transforming) {
      transforming = this.#transforms.transform(source, request, onImports);
      this.#transforming.set(key, transforming);
      transforming
        .then((transformed) => this.#cache.set(file, key, transformed))
        .catch(() => {})
        .finally(() => this.#transforming.delete(key));
    }
    return { transformed: await transforming, language: request.language, key };
  }

  /** {@link load}, synchronously: for `require()`. */
  loadSync(file: string, format: SourceFormat): LoadedModule {
    const source = readFileSync(file, 'utf8');
    const { request, key, cached } = this.#lookUp(file, format, source);
    const transformed = cached ?? this.#transforms.transformSync(source, request);
    if (!cached) this.#cache.set(file, key, transformed);
    return { transformed, language: request.language, key };
  }

  /**
   * Whether `file` still holds what `record`'s version was built from: a save that left the
   * content as it was changes nothing.
   */
  isCurrent(record: ModuleRecord, format: SourceFormat): boolean {
    if (!record.file || !record.sourceKey) return false;
    try {
      return this.#lookUp(record.file, format, readFileSync(record.file, 'utf8')).key === record.sourceKey;
    } catch {
      return false;
    }
  }

  #lookUp(file: string, format: SourceFormat, source: string): LookUp {
    const language = languageOf(file);
    const compilerOptions = language === 'js' ? undefined : this.#tsconfig.forFile(file).compilerOptions;
    const recent = this.#recentLookUps.get(file);
    if (
      recent &&
      recent.source === source &&
      recent.request.format === format &&
      recent.compilerOptions === compilerOptions
    ) {
      return { request: recent.request, key: recent.key, cached: this.#cache.get(file, recent.key) };
    }
    const request: TransformRequest =
      compilerOptions === undefined
        ? { file, language, format }
        : { file, language, format, tsconfigRaw: toEsbuildTsconfigRaw(compilerOptions) };
    const key = this.#cache.key(source, request, transformerVersion());
    this.#recentLookUps.delete(file);
    this.#recentLookUps.set(file, { source, compilerOptions, request, key });
    if (this.#recentLookUps.size > RECENT_LOOK_UPS) {
      this.#recentLookUps.delete(this.#recentLookUps.keys().next().value!);
    }
    return { request, key, cached: this.#cache.get(file, key) };
  }

  /**
   * Writes V8's code cache for the scripts compiled without one, so the next start skips
   * parsing them. Called once a graph has run: the cache then includes the functions that
   * running compiled.
   */
  saveCodeCache(): void {
    if (this.#withoutCodeCache.size === 0) return;
    setImmediate(() => this.#writeCodeCache()).unref();
  }

  #writeCodeCache(): void {
    for (const { key, script } of this.#withoutCodeCache.values()) {
      this.#cache.writeCodeCache(key, script.createCachedData());
    }
    this.#withoutCodeCache.clear();
  }

  /** Gets the transforms ready for a first edit, soon (see {@link prepareTransformsLater}). */
  prepareForEdits(): () => void {
    return prepareTransformsLater(this.#transforms);
  }

  /** Makes stack traces of `record`'s file use the maps of its current version. */
  registerSourceMaps(record: ModuleRecord): void {
    const chain = record.sourceMapChain as readonly RawSourceMap[] | undefined;
    if (chain && chain.length > 0) this.#sourceMaps.set(record.file!, chain);
    else this.#sourceMaps.delete(record.file!);
  }

  /** Resolves when every transform so far is in the disk cache, which is left alone from then on. */
  close(): Promise<void> {
    this.#writeCodeCache();
    return this.#cache.close();
  }

  /** The names a CommonJS file exports, by Node's lexer (a package's file or the project's). */
  commonJsNames(file: string): { exports: string[]; reexports: string[] } {
    return loadTransformerSync().commonJsExportNames(readFileSync(file, 'utf8'));
  }

  /**
   * Compiles a loaded ES module into `record` and registers its source maps.
   * @returns the CommonJS wrapper instead, for a CommonJS module (the runner runs it).
   */
  compile(record: ModuleRecord, loaded: LoadedModule): CommonJsFunction | undefined {
    const file = record.file!;
    const transformed = loaded.transformed;
    record.lenientImports = loaded.language === 'ts' || loaded.language === 'tsx';
    record.sourceKey = loaded.key;
    record.sourceMapChain = transformed.maps;
    this.registerSourceMaps(record);
    if (transformed.format === 'commonjs') {
      record.exportNames = ['default', ...transformed.exportNames, ...MODULE_EXPORTS_NAME];
      try {
        return compileCommonJs(
          transformed.code,
          file,
          transformed.dynamicImport,
          this.#compileOptions(file, loaded),
        );
      } catch (error) {
        if (!(error instanceof SyntaxError)) throw error;
        const source = readFileSync(file, 'utf8');
        throw loadTransformerSync().locateCommonJsSyntaxError(
          error,
          transformed.code,
          source,
          file,
          transformed.maps[0],
        );
      }
    }
    record.shape = transformed.shape;
    record.hasTopLevelAwait = transformed.shape.hasTopLevelAwait;
    const cachedData = this.#cache.readCodeCache(loaded.key);
    const options = this.#compileOptions(file, loaded);
    const { moduleFunction, script } = compileModule(transformed.code, file, options, cachedData);
    record.moduleFunction = moduleFunction;
    // A version written by an edit gets none: making one costs CPU on every save, and only the
    // next cold start would read it, if the file is not edited again by then.
    if (options.keepInV8Cache && (!cachedData || script.cachedDataRejected))
      this.#withoutCodeCache.set(file, { key: loaded.key, script });
    return undefined;
  }

  #compileOptions(file: string, loaded: LoadedModule): CompileOptions {
    const first = this.#firstCompiled.get(file);
    if (first === undefined) this.#firstCompiled.set(file, loaded.key);
    return { context: this.#context, keepInV8Cache: (first ?? loaded.key) === loaded.key };
  }
}

/** Look-ups remembered: enough for the files of one save, without holding every file's source. */
const RECENT_LOOK_UPS = 8;

interface LookUp {
  readonly request: TransformRequest;
  readonly key: string;
  readonly cached: TransformedModule | undefined;
}

interface RecentLookUp {
  readonly source: string;
  /** The covering tsconfig's options (a new object when it changes), undefined for JavaScript. */
  readonly compilerOptions: object | undefined;
  readonly request: TransformRequest;
  readonly key: string;
}

let versions: string | undefined;

/** The versions of the transform's tools, part of every cache key (read without loading them). */
function transformerVersion(): string {
  if (!versions) {
    const require = createRequire(import.meta.url);
    const versionOf = (name: string): string => {
      // Some packages do not export their package.json: find it above their main file.
      let dir = path.dirname(require.resolve(name));
      while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
      return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string })
        .version;
    };
    versions = ['esbuild', 'oxc-transform', 'acorn', 'magic-string', 'es-module-lexer', 'cjs-module-lexer']
      .map(versionOf)
      .join(',');
  }
  return versions;
}

/** Node 23+ also exports a CommonJS module's `module.exports` under that name. */
const MODULE_EXPORTS_NAME = Number(process.versions.node.split('.')[0]) >= 23 ? ['module.exports'] : [];

/** The language of a file, by extension. */
export function languageOf(file: string): SourceLanguage {
  if (/\.[mc]?ts$/.test(file)) return 'ts';
  if (file.endsWith('.tsx')) return 'tsx';
  if (file.endsWith('.jsx')) return 'jsx';
  return 'js';
}
