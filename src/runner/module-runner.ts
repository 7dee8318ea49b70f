import { readFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
import type { ModuleContext } from '../evaluator/module-context.js';
import { releaseSourceMaps, SourceMapRegistry } from '../evaluator/source-maps.js';
import { TransformCache } from '../evaluator/transform-cache.js';
import { TsconfigLoader } from '../evaluator/tsconfig.js';
import { cacheLimits, defaultCacheDir } from './cache-dir.js';
import {
  type CommonJsModuleObject,
  commonJsExecutor,
  commonJsExports,
  type RequireHost,
} from './commonjs-module.js';
import { type EvaluationWrapper, evaluateModule } from './evaluate.js';
import { checkImportAttributes } from './import-attributes.js';
import { locateImportError, missingExportError } from './import-errors.js';
import { linkModules } from './link.js';
import {
  type LoadedModule,
  ModuleLoader,
  type SourceFormat,
  type TransformProvider,
} from './module-loader.js';
import { type ModuleInstance, ModuleRecord } from './module-record.js';
import { ModuleResolver, type ResolvedModule } from './resolve.js';

/** Options of a {@link ModuleRunner}. */
export interface ModuleRunnerOptions {
  /** The project root: entry specifiers are relative to it. Defaults to `process.cwd()`. */
  root?: string;
  /** Extra export conditions for resolving packages, as `node --conditions`. */
  conditions?: readonly string[];
  /**
   * Directory of the transform cache on disk, or `false` for none. Defaults to
   * `$HOT_NODE_CACHE_DIR`, else `node_modules/.cache/hot-node` of the nearest package.
   */
  cacheDir?: string | false;
  /**
   * Run modules in their own `vm.Context` (`true` creates one) so that they do not share
   * globals with the host. Packages are still loaded natively, once, in the main context.
   */
  isolated?: boolean | vm.Context;
  /**
   * Called for each module's `import.meta` before its body runs: how a layer above adds
   * members such as `hot`.
   */
  onImportMeta?: (meta: Record<string, unknown>, module: ModuleRecord) => void;
  /** Called each time a module's body has run (synchronously after it, in evaluation order). */
  onEvaluated?: (module: ModuleRecord) => void;
  /**
   * Runs each synchronous stretch of a module's body (all of it, or up to its first
   * top-level `await`): must call `run` once and return its result. How a layer above knows
   * which module's top level is running (to attribute reads of `process.env`, say).
   */
  aroundEvaluation?: EvaluationWrapper;
  /**
   * Where transforms come from, for content the transform cache does not have. Defaults to
   * the local pipeline (`localTransforms` of the loader); a worker thread may ask its host instead.
   */
  transforms?: TransformProvider;
}

/** The namespace object of a module, as `import()` returns it. */
export type ModuleNamespace = Record<string, unknown>;

/**
 * Loads ES modules (TypeScript, TSX, JavaScript, JSON) through hot-node's own evaluator,
 * with the semantics of Node's ESM loader: a graph is fetched and linked before any of it
 * runs, then evaluated depth-first. Builtins and packages are loaded natively.
 */
export class ModuleRunner {
  readonly root: string;
  /**
   * Every file the runner tried to read, and the files imports looked for in vain: what a
   * watcher must watch so that fixing or creating any of them is noticed.
   */
  readonly touchedFiles = new Set<string>();
  /** Files that imports looked for and did not find: creating one must be noticed. */
  readonly missingFiles = new Set<string>();
  readonly #modules = new Map<string, ModuleRecord>();
  /** The graph's modules by file, for the modules that are files of the program (not packages). */
  readonly #byFile = new Map<string, ModuleRecord[]>();
  readonly #resolver: ModuleResolver;
  readonly #tsconfig = new TsconfigLoader();
  readonly #sourceMaps = new SourceMapRegistry();
  readonly #loader: ModuleLoader;
  readonly #context: vm.Context | undefined;
  readonly #onImportMeta: ModuleRunnerOptions['onImportMeta'];
  readonly #onEvaluated: ModuleRunnerOptions['onEvaluated'];
  readonly #aroundEvaluation: ModuleRunnerOptions['aroundEvaluation'];
  /** The transform of each record, kept until it is linked (for its maps in link errors). */
  readonly #loaded = new WeakMap<ModuleRecord, LoadedModule>();
  #closed = false;
  #main: ModuleRecord | undefined;
  #graphVersion = 0;

  constructor(options: ModuleRunnerOptions = {}) {
    this.root = path.resolve(options.root ?? process.cwd());
    this.#resolver = new ModuleResolver({
      ...(options.conditions ? { conditions: options.conditions } : {}),
      tsconfig: this.#tsconfig,
    });
    this.#context =
      options.isolated === true ? createIsolatedContext() : options.isolated ? options.isolated : undefined;
    const cacheDir = options.cacheDir === undefined ? defaultCacheDir(this.root) : options.cacheDir;
    this.#loader = new ModuleLoader(
      new TransformCache(cacheDir || undefined, cacheLimits()),
      this.#tsconfig,
      this.#sourceMaps,
      this.#context,
      options.transforms,
    );
    this.#onImportMeta = options.onImportMeta;
    this.#onEvaluated = options.onEvaluated;
    this.#aroundEvaluation = options.aroundEvaluation;
  }

  /**
   * Imports a module and everything it imports, and returns its namespace.
   *
   * @param specifier A path (relative to `root`, or absolute), a `file:` URL, or a package
   *   name resolved from `root`.
   * @throws (rejects with) Node's errors: `ERR_MODULE_NOT_FOUND` naming where it looked, a
   *   located `SyntaxError` with a code frame for invalid code or a missing export, or
   *   whatever the module threw while evaluating.
   */
  async import(specifier: string): Promise<ModuleNamespace> {
    this.#assertOpen();
    const resolved = this.#resolveEntry(specifier);
    const record = this.#record(resolved);
    // The first entry is the program's main module (`require.main` in CommonJS).
    this.#main ??= record;
    try {
      return await this.#importModule(record);
    } finally {
      this.#loader.saveCodeCache();
    }
  }

  /** The id (URL) `import(specifier)` would load. */
  resolveEntry(specifier: string): string {
    return this.#resolveEntry(specifier).url;
  }

  #resolveEntry(specifier: string): ResolvedModule {
    const isPath = specifier.startsWith('.') || path.isAbsolute(specifier);
    return isPath
      ? this.#resolver.resolve(path.resolve(this.root, specifier), undefined)
      : this.#resolver.resolve(specifier, pathToFileURL(path.join(this.root, 'index.js')).href);
  }

  /** Bumped whenever a module enters or leaves the graph: tells a watcher when to look again. */
  get graphVersion(): number {
    return this.#graphVersion;
  }

  /** The module record of a URL, if it is in the graph. */
  getModule(id: string): ModuleRecord | undefined {
    return this.#modules.get(id);
  }

  /** Every module in the graph. */
  get modules(): IterableIterator<ModuleRecord> {
    return this.#modules.values();
  }

  /**
   * The modules of a file (one per query string it is imported with), without walking the
   * graph: a hot update asks this for each changed file.
   */
  modulesOfFile(file: string): readonly ModuleRecord[] {
    return this.#byFile.get(file) ?? [];
  }

  /**
   * Fetches, transforms and links what the graph of `record` lacks, without evaluating
   * anything: the build step of a hot update. On failure nothing ran; the modules this call
   * added are forgotten, and the ones in `keep` are left for the caller to restore.
   */
  async prepare(record: ModuleRecord, keep: ReadonlySet<ModuleRecord> = new Set()): Promise<void> {
    this.#assertOpen();
    if (record.status === 'new' || record.status === 'fetching' || record.status === 'fetched') {
      await this.#loadGraph(record, keep);
    }
  }

  /** Evaluates a prepared module (and whatever of its graph has not run) and returns its namespace. */
  async evaluate(record: ModuleRecord): Promise<ModuleNamespace> {
    await evaluateModule(record, this.#onEvaluated, this.#aroundEvaluation);
    return record.namespace as ModuleNamespace;
  }

  /**
   * Puts back a version of a module captured by `resetInstance` (an update failed): its
   * state, its graph edges and the source maps its stack traces need.
   */
  restoreInstance(record: ModuleRecord, instance: ModuleInstance): void {
    record.restoreInstance(instance);
    if (record.file && !record.external) this.#loader.registerSourceMaps(record);
  }

  /** Removes a module from the graph (it was pruned): importing it again evaluates it anew. */
  forget(record: ModuleRecord): void {
    this.#remove(record);
    this.#graphVersion++;
    for (const child of record.requested) child.importers.delete(record);
  }

  /** The id (URL) that `specifier` written in `importer` resolves to. */
  resolveId(specifier: string, importer: ModuleRecord): string {
    return this.#resolver.resolve(specifier, importer.id).url;
  }

  /** Whether a module's file still holds the source its current version was built from. */
  isCurrent(record: ModuleRecord): boolean {
    return this.#loader.isCurrent(record, sourceFormat(record));
  }

  /**
   * Transforms a file of the graph that is being written, ahead of the update that will
   * ask for it: the transform cache then has it. Anything that goes wrong is left for the
   * update to find (the content may still be half written).
   */
  warm(file: string): void {
    const record = this.modulesOfFile(file).find((m) => !m.external && m.format !== 'json');
    if (record) this.#loader.load(file, sourceFormat(record)).catch(() => {});
  }

  /**
   * Gets the transform pipeline ready for the first edit while the program is idle, a moment
   * from now: for a runner whose files will change.
   * @returns a function that cancels it, if it has not begun
   */
  prepareForEdits(): () => void {
    return this.#loader.prepareForEdits();
  }

  /** Forgets resolutions and tsconfig lookups (files were added, removed or renamed). */
  clearResolutionCache(changedConfig?: string): void {
    this.#resolver.clearCache();
    this.#tsconfig.invalidate(changedConfig);
  }

  /** Forgets every module and releases what the runner holds; later imports reject. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#modules.clear();
    this.#byFile.clear();
    releaseSourceMaps(this.#sourceMaps);
    await this.#loader.close();
  }

  async #importModule(record: ModuleRecord): Promise<ModuleNamespace> {
    if (record.status !== 'evaluated' && record.status !== 'evaluating-async') {
      await this.#loadGraph(record);
    }
    await evaluateModule(record, this.#onEvaluated, this.#aroundEvaluation);
    return record.namespace as ModuleNamespace;
  }

  #record(resolved: ResolvedModule): ModuleRecord {
    let record = this.#modules.get(resolved.url);
    if (!record) {
      record = new ModuleRecord(resolved.url, resolved.file, resolved.format, resolved.external);
      this.#modules.set(resolved.url, record);
      if (record.file !== undefined && !record.external) {
        const ofFile = this.#byFile.get(record.file);
        if (ofFile) ofFile.push(record);
        else this.#byFile.set(record.file, [record]);
      }
      this.#graphVersion++;
    }
    return record;
  }

  /** Takes a record out of the graph's indexes (its links are the caller's business). */
  #remove(record: ModuleRecord): void {
    if (this.#modules.get(record.id) !== record) return;
    this.#modules.delete(record.id);
    if (record.file === undefined) return;
    const rest = (this.#byFile.get(record.file) ?? []).filter((other) => other !== record);
    if (rest.length > 0) this.#byFile.set(record.file, rest);
    else this.#byFile.delete(record.file);
  }

  /**
   * Fetches every module the graph of `root` still lacks, in parallel, then links them.
   * When anything fails, the modules of this attempt are forgotten, so that a later import
   * (after the file is fixed) starts afresh, and nothing has run.
   */
  async #loadGraph(root: ModuleRecord, keep?: ReadonlySet<ModuleRecord>): Promise<void> {
    const seen = new Set<ModuleRecord>([root]);
    const order: ModuleRecord[] = [];
    try {
      await this.#fetchAll(root, seen);
      collectPostOrder(root, new Set(), order);
      for (const record of order) if (record.external) await this.#importNative(record);
      this.#link(order);
    } catch (error) {
      for (const record of seen) if (!keep?.has(record)) this.#forgetUnlinked(record);
      throw error;
    }
  }

  /** {@link #loadGraph}, synchronously, for `require()` of an ES module or a CommonJS file. */
  #loadGraphSync(root: ModuleRecord): void {
    const seen = new Set<ModuleRecord>();
    const order: ModuleRecord[] = [];
    const visit = (record: ModuleRecord): void => {
      if (seen.has(record)) return;
      seen.add(record);
      if (record.status === 'new') this.#fetchRecordSync(record);
      else if (record.status === 'fetching') {
        throw new Error(
          `hot-node: require() of ${record.file ?? record.id} while an import() is still loading it; require() cannot wait`,
        );
      }
      for (const child of record.requested) if (isUnlinked(child)) visit(child);
    };
    try {
      visit(root);
      collectPostOrder(root, new Set(), order);
      for (const record of order) if (record.external) this.#requireNative(record);
      this.#link(order);
    } catch (error) {
      for (const record of seen) this.#forgetUnlinked(record);
      throw error;
    }
  }

  #link(order: readonly ModuleRecord[]): void {
    linkModules(
      order,
      (module) => this.#createContext(module),
      (importer, request, name, ambiguous) =>
        missingExportError(importer, request, name, ambiguous, this.#loaded.get(importer)?.transformed.maps),
    );
    for (const record of order) this.#loaded.delete(record);
  }

  async #fetchAll(root: ModuleRecord, seen: Set<ModuleRecord>): Promise<void> {
    const pending: Promise<void>[] = [];
    const visit = (record: ModuleRecord): void => {
      pending.push(
        this.#fetch(record).then(() => {
          for (const child of record.requested) {
            if (seen.has(child) || !isUnlinked(child)) continue;
            seen.add(child);
            visit(child);
          }
        }),
      );
    };
    visit(root);
    let firstError: { error: unknown } | undefined;
    for (let i = 0; i < pending.length; i++) {
      try {
        await pending[i];
      } catch (error) {
        firstError ??= { error };
      }
    }
    if (firstError) throw firstError.error;
  }

  #fetch(record: ModuleRecord): Promise<void> {
    if (record.status !== 'new') return record.fetchPromise ?? Promise.resolve();
    record.status = 'fetching';
    record.fetchPromise = this.#fetchRecord(record);
    return record.fetchPromise;
  }

  async #fetchRecord(record: ModuleRecord): Promise<void> {
    if (this.#fetchWithoutTransform(record)) return;
    const prefetch = (specifiers: string[]): void => this.#prefetch(record, specifiers);
    this.#adopt(record, await this.#loader.load(record.file!, sourceFormat(record), prefetch));
  }

  /** {@link #fetchRecord}, synchronously, for `require()`. */
  #fetchRecordSync(record: ModuleRecord): void {
    record.status = 'fetching';
    if (this.#fetchWithoutTransform(record)) return;
    this.#adopt(record, this.#loader.loadSync(record.file!, sourceFormat(record)));
  }

  /**
   * The part of fetching both paths share: packages and builtins wait for linking, JSON is
   * read and parsed here. Returns true when nothing is left to transform.
   */
  #fetchWithoutTransform(record: ModuleRecord): boolean {
    if (record.external) {
      record.status = 'fetched';
      return true;
    }
    this.touchedFiles.add(record.file!);
    if (record.format !== 'json') return false;
    this.#adoptJson(record, readFileSync(record.file!, 'utf8'));
    return true;
  }

  /** Compiles a loaded file into its record and resolves what it imports. */
  #adopt(record: ModuleRecord, loaded: LoadedModule): void {
    this.#loaded.set(record, loaded);
    const commonJs = this.#loader.compile(record, loaded);
    if (commonJs) {
      const transformed = loaded.transformed;
      if (transformed.format === 'commonjs' && transformed.reexports.length > 0) {
        record.exportNames = [
          ...new Set([...record.exportNames!, ...this.#reexportedNames(record, transformed.reexports)]),
        ];
      }
      record.executeSync = commonJsExecutor(record, commonJs, this.#requireHost);
      record.status = 'fetched';
      return;
    }
    const maps = loaded.transformed.maps;
    record.requested = record.shape!.requests.map((request, index) => {
      let resolved: ResolvedModule;
      try {
        resolved = this.#resolver.resolve(request.specifier, record.id);
        checkImportAttributes(request, resolved, loaded.language);
      } catch (error) {
        this.#rememberMissing(error);
        throw locateImportError(error, record, index, maps);
      }
      const child = this.#record(resolved);
      child.importers.add(record);
      return child;
    });
    record.status = 'fetched';
  }

  /**
   * The names a CommonJS module gets through `module.exports = require(...)`, found
   * statically in the required files, recursively, as Node does.
   */
  #reexportedNames(record: ModuleRecord, reexports: readonly string[], seen = new Set<string>()): string[] {
    const names: string[] = [];
    for (const specifier of reexports) {
      let file: string;
      try {
        file = this.#resolveRequire(record, specifier);
      } catch {
        continue; // Node skips a re-export it cannot resolve; require() reports it when it runs.
      }
      if (seen.has(file) || !/\.(?:c?js|cts|ts)$/.test(file)) continue;
      seen.add(file);
      const lexed = this.#loader.commonJsNames(file);
      names.push(...lexed.exports);
      const target = new ModuleRecord(pathToFileURL(file).href, file, 'commonjs', false);
      names.push(...this.#reexportedNames(target, lexed.reexports, seen));
    }
    return names;
  }

  /**
   * Starts fetching what a module imports as soon as the lexer has listed it, before its
   * full parse. Failures are left to the regular resolution, which reports them located.
   */
  #prefetch(importer: ModuleRecord, specifiers: readonly string[]): void {
    for (const specifier of specifiers) {
      try {
        const child = this.#record(this.#resolver.resolve(specifier, importer.id));
        if (child.status === 'new' && !child.external && child.format !== 'json')
          void this.#fetch(child).catch(() => {});
      } catch {
        // Reported by #adopt, with the importer's location.
      }
    }
  }

  /** A file an import looked for in vain: creating it later must be noticed. */
  #rememberMissing(error: unknown): void {
    const url = (error as { url?: unknown }).url;
    if (typeof url === 'string' && url.startsWith('file:')) this.missingFiles.add(fileURLToPath(url));
  }

  #adoptJson(record: ModuleRecord, text: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new SyntaxError(`${record.file}: ${(error as Error).message}`);
    }
    Object.defineProperty(record.bindings, 'default', { value, enumerable: true, writable: true });
    record.exportNames = ['default'];
    record.executeSync = () => {};
    record.status = 'fetched';
  }

  /** Packages and builtins: Node loads and evaluates them, once, in the main context. */
  async #importNative(record: ModuleRecord): Promise<void> {
    if (record.status !== 'fetched') return;
    const namespace = (await import(record.id)) as object;
    this.#adoptNative(record, namespace);
  }

  /** {@link #importNative} for `require()`: builtins and packages through Node's `require`. */
  #requireNative(record: ModuleRecord): void {
    if (record.status !== 'fetched') return;
    const exports: unknown =
      record.format === 'builtin' ? nodeRequire(record.id) : createRequire(record.file!)(record.file!);
    this.#adoptNative(record, namespaceOfRequired(exports));
  }

  #adoptNative(record: ModuleRecord, namespace: object): void {
    if (record.status !== 'fetched') return;
    record.bindings = namespace;
    record.exportNames = Object.keys(namespace);
    record.status = 'evaluated';
  }

  #forgetUnlinked(record: ModuleRecord): void {
    if (record.status !== 'new' && record.status !== 'fetching' && record.status !== 'fetched') return;
    if (record.external && record.status === 'fetched') return;
    this.#remove(record);
    for (const child of record.requested) child.importers.delete(record);
  }

  #createContext(module: ModuleRecord): ModuleContext {
    const meta = this.#createImportMeta(module);
    const global = this.#context ? (vm.runInContext('globalThis', this.#context) as object) : globalThis;
    return {
      d: module.requested.map((m) => m.bindings),
      n: (request) => module.requested[request]!.namespace,
      e: (getters) => {
        Object.defineProperties(module.bindings, Object.getOwnPropertyDescriptors(getters));
      },
      name: (fn) => {
        Object.defineProperty(fn, 'name', { value: 'default', configurable: true });
      },
      assignToImport: () => {
        throw new TypeError('Assignment to constant variable.');
      },
      get arguments(): unknown {
        if ('arguments' in global) return (global as { arguments: unknown }).arguments;
        throw new ReferenceError('arguments is not defined');
      },
      global,
      meta,
      import: (specifier, options) => this.#dynamicImport(module, specifier, options),
    };
  }

  #createImportMeta(module: ModuleRecord): Record<string, unknown> {
    const meta: Record<string, unknown> = Object.create(null);
    meta.url = module.id;
    if (module.file) {
      meta.filename = module.file;
      meta.dirname = path.dirname(module.file);
    }
    meta.resolve = (specifier: string): string => this.#resolveForMeta(String(specifier), module);
    this.#onImportMeta?.(meta, module);
    return meta;
  }

  /** `import.meta.resolve` answers with a URL even for a missing relative file, as Node does. */
  #resolveForMeta(specifier: string, module: ModuleRecord): string {
    try {
      return this.#resolver.resolve(specifier, module.id).url;
    } catch (error) {
      const relative = /^(\.{1,2}\/|\/|file:)/.test(specifier);
      if (relative && (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') {
        return new URL(specifier, module.id).href;
      }
      throw error;
    }
  }

  async #dynamicImport(
    importer: ModuleRecord,
    specifier: unknown,
    options: unknown,
  ): Promise<ModuleNamespace> {
    this.#assertOpen();
    const text = String(specifier);
    const resolved = this.#resolver.resolve(text, importer.id);
    const attributes = (options as { with?: Record<string, string> } | undefined)?.with ?? {};
    checkImportAttributes({ specifier: text, attributes }, resolved, importer.lenientImports ? 'ts' : 'js');
    const record = this.#record(resolved);
    record.importers.add(importer);
    return this.#importModule(record);
  }

  readonly #requireHost: RequireHost = {
    require: (parent, id) => this.#require(parent, id),
    resolve: (parent, id) => this.#resolveRequire(parent, id),
    import: (parent, specifier, options) => this.#dynamicImport(parent, specifier, options),
    main: () => this.#main?.commonJsModule as CommonJsModuleObject | undefined,
  };

  /**
   * `require()` in a CommonJS module: packages and builtins natively; the project's files
   * through the runner (so they can be hot-updated), ES modules included, as Node 20.19+
   * allows `require()` of an ES module without top-level await.
   */
  #require(parent: ModuleRecord, id: string): unknown {
    if (isBuiltin(id)) return nodeRequire(id);
    const file = this.#resolveRequire(parent, id);
    if (file.includes(`${path.sep}node_modules${path.sep}`) || !isLoadableByRunner(file)) {
      return createRequire(parent.file!)(file);
    }
    const record = this.#record(this.#resolver.resolve(pathToFileURL(file).href, parent.id));
    record.importers.add(parent);
    if (record.status === 'evaluating' && record.executeSync) return commonJsExports(record);
    if (record.status !== 'evaluated') {
      if (record.status !== 'linked' && record.status !== 'evaluating') this.#loadGraphSync(record);
      // Errors are thrown below; the promise would otherwise report them again as unhandled.
      evaluateModule(record, this.#onEvaluated, this.#aroundEvaluation).catch(() => {});
    }
    if (record.evaluationError) throw record.evaluationError.value;
    if (record.status !== 'evaluated') {
      throw Object.assign(
        new Error(`require() cannot be used on an ES module that uses top-level await: ${file}`),
        { code: 'ERR_REQUIRE_ASYNC_MODULE' },
      );
    }
    if (record.shape) return record.namespace;
    if (record.format === 'json') return (record.bindings as { default: unknown }).default;
    return commonJsExports(record);
  }

  /** `require.resolve`: Node's CommonJS resolution, plus TypeScript's habits in TypeScript files. */
  #resolveRequire(parent: ModuleRecord, id: string): string {
    try {
      return createRequire(parent.file!).resolve(id);
    } catch (error) {
      if (!parent.lenientImports) throw error;
      const resolved = this.#resolver.resolve(id, parent.id);
      if (!resolved.file) throw error;
      return resolved.file;
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('hot-node: the module runner was closed');
  }
}

const nodeRequire = createRequire(import.meta.url);

/**
 * A `vm.Context` with Node's globals (process, timers, Buffer, URL, fetch, console, ...),
 * the host's own objects: a fresh context has only the language's built-ins, and a
 * program expects Node's.
 */
function createIsolatedContext(): vm.Context {
  const context = vm.createContext();
  const contextGlobal = vm.runInContext('globalThis', context) as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(globalThis)) {
    if (name in contextGlobal && name !== 'console') continue;
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, name);
    if (descriptor) Object.defineProperty(contextGlobal, name, descriptor);
  }
  contextGlobal.global = contextGlobal;
  return context;
}

/** Files the runner transforms; anything else `require` leaves to Node (`.node` addons). */
function isLoadableByRunner(file: string): boolean {
  return /\.(?:[cm]?[jt]s|[jt]sx|json)$/.test(file);
}

/**
 * The namespace `import` would give for what `require` returned: an ES module's namespace
 * as is; for CommonJS, `default` plus its own enumerable properties.
 */
function namespaceOfRequired(exports: unknown): object {
  if (
    exports !== null &&
    typeof exports === 'object' &&
    (exports as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] === 'Module'
  ) {
    return exports;
  }
  const namespace: Record<string, unknown> = Object.create(null);
  if (exports !== null && (typeof exports === 'object' || typeof exports === 'function')) {
    for (const key of Object.keys(exports)) namespace[key] = (exports as Record<string, unknown>)[key];
  }
  namespace.default = exports;
  return namespace;
}

function sourceFormat(record: ModuleRecord): SourceFormat {
  return record.format === 'commonjs' ? 'commonjs' : record.format === 'module' ? 'module' : 'detect';
}

/** Not linked yet: a graph load must fetch or link it (modules linked before are complete). */
function isUnlinked(record: ModuleRecord): boolean {
  return record.status === 'new' || record.status === 'fetching' || record.status === 'fetched';
}

/** The unlinked part of a graph, dependencies first. */
function collectPostOrder(record: ModuleRecord, seen: Set<ModuleRecord>, out: ModuleRecord[]): void {
  if (seen.has(record) || !isUnlinked(record)) return;
  seen.add(record);
  for (const child of record.requested) collectPostOrder(child, seen, out);
  out.push(record);
}

/** The file path of a `file:` module id. */
export function fileOf(id: string): string | undefined {
  return id.startsWith('file:') ? fileURLToPath(id) : undefined;
}
