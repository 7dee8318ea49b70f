import type { ModuleFunction } from '../evaluator/module-context.js';
import type { ModuleShape } from '../evaluator/module-shape.js';
import type { ExportTable } from './export-resolution.js';
import type { ModuleFormat } from './resolve.js';

/**
 * Where a module is in its life, following the states of ECMA-262's cyclic module records
 * (new ones for the steps before linking).
 */
export type ModuleStatus =
  | 'new'
  | 'fetching'
  | 'fetched'
  | 'linked'
  | 'evaluating'
  | 'evaluating-async'
  | 'evaluated';

/** One module of the graph: a file (plus query), its links and its evaluation state. */
export class ModuleRecord {
  /** The module's URL: `file:` href with query and hash, or `node:x`. Unique in a runner. */
  readonly id: string;
  /** Absolute path, for file modules. */
  readonly file: string | undefined;
  readonly format: ModuleFormat;
  /** Loaded natively (builtins and packages): never transformed, never hot-updated. */
  readonly external: boolean;

  status: ModuleStatus = 'new';
  /**
   * A TypeScript module may import a name its target lacks: it may be a type that esbuild
   * could not erase (isolated modules). It reads as `undefined` instead of failing to link.
   */
  lenientImports = false;
  /** The static shape (ES modules we transform). */
  shape: ModuleShape | undefined;
  /** Compiled code: the generator function of an ES module. */
  moduleFunction: ModuleFunction | undefined;
  /** Runs a CommonJS module or anything else that evaluates synchronously without a generator. */
  executeSync: (() => void) | undefined;
  /** The record each static request resolved to, by request index. */
  requested: ModuleRecord[] = [];
  /** Modules that import this one (statically or dynamically). */
  readonly importers = new Set<ModuleRecord>();

  /**
   * The object whose properties are the module's exports as getters (live reads); the
   * rewritten code of importers reads these. For externals: the native namespace.
   */
  bindings: object = Object.create(null);
  /** Where each export's binding lives, once resolved (see export-resolution.ts). */
  exportTable: ExportTable | undefined;
  /** Every name the module exports (star exports resolved, ambiguous names excluded). */
  exportNames: string[] | undefined;
  /** The namespace object, once created. */
  namespaceObject: object | undefined;
  /** Created by the runner on first use. */
  namespaceFactory: (() => object) | undefined;

  /** The generator of an instantiated ES module: its first step ran, the second runs the body. */
  generator: Generator<void, void, void> | AsyncGenerator<void, void, void> | undefined;

  // Fields of ECMA-262's evaluation algorithm.
  hasTopLevelAwait = false;
  dfsIndex = -1;
  dfsAncestorIndex = -1;
  cycleRoot: ModuleRecord | undefined;
  asyncEvaluation = false;
  asyncEvaluationOrder = 0;
  pendingAsyncDependencies = 0;
  asyncParentModules: ModuleRecord[] = [];
  topLevelCapability: PromiseWithResolversLike | undefined;
  /** Set when evaluation threw: every later import rethrows this same value. */
  evaluationError: { value: unknown } | undefined;

  /** Shared by concurrent loads of this module. */
  fetchPromise: Promise<void> | undefined;
  /** The `module` object of a CommonJS module while and after it runs. */
  commonJsModule: { exports: unknown } | undefined;
  /** The source maps of this version's compiled code (restored with it). */
  sourceMapChain: readonly unknown[] | undefined;
  /** The transform cache key of the source this version was built from (file content and options). */
  sourceKey: string | undefined;

  constructor(id: string, file: string | undefined, format: ModuleFormat, external: boolean) {
    this.id = id;
    this.file = file;
    this.format = format;
    this.external = external;
  }

  /** The namespace object (`import * as`, `import()`): native for externals, built once otherwise. */
  get namespace(): object {
    if (this.external) return this.bindings;
    if (this.namespaceObject) return this.namespaceObject;
    // Before linking there is no export list yet: answer the bindings, keep nothing.
    if (!this.namespaceFactory) return this.bindings;
    this.namespaceObject = this.namespaceFactory();
    return this.namespaceObject;
  }

  /**
   * The state of the current version, to put back with {@link restoreInstance}. Written out
   * field by field: an update captures every module of its chain, and a loop over field
   * names made a dictionary-mode object at several microseconds a module.
   */
  captureInstance(): ModuleInstance {
    return {
      status: this.status,
      lenientImports: this.lenientImports,
      shape: this.shape,
      moduleFunction: this.moduleFunction,
      executeSync: this.executeSync,
      requested: this.requested,
      bindings: this.bindings,
      exportNames: this.exportNames,
      exportTable: this.exportTable,
      namespaceObject: this.namespaceObject,
      namespaceFactory: this.namespaceFactory,
      generator: this.generator,
      hasTopLevelAwait: this.hasTopLevelAwait,
      dfsIndex: this.dfsIndex,
      dfsAncestorIndex: this.dfsAncestorIndex,
      cycleRoot: this.cycleRoot,
      asyncEvaluation: this.asyncEvaluation,
      asyncEvaluationOrder: this.asyncEvaluationOrder,
      pendingAsyncDependencies: this.pendingAsyncDependencies,
      asyncParentModules: this.asyncParentModules,
      topLevelCapability: this.topLevelCapability,
      evaluationError: this.evaluationError,
      fetchPromise: this.fetchPromise,
      commonJsModule: this.commonJsModule,
      sourceMapChain: this.sourceMapChain,
      sourceKey: this.sourceKey,
    };
  }

  /** Puts back a version captured earlier (an update that failed keeps the old one in service). */
  restoreInstance(instance: ModuleInstance): void {
    for (const child of this.requested) child.importers.delete(this);
    this.#adopt(instance);
    for (const child of this.requested) child.importers.add(this);
  }

  /** Makes `instance` the current version (the counterpart of {@link captureInstance}). */
  #adopt(instance: ModuleInstance): void {
    this.status = instance.status;
    this.lenientImports = instance.lenientImports;
    this.shape = instance.shape;
    this.moduleFunction = instance.moduleFunction;
    this.executeSync = instance.executeSync;
    this.requested = instance.requested;
    this.bindings = instance.bindings;
    this.exportNames = instance.exportNames;
    this.exportTable = instance.exportTable;
    this.namespaceObject = instance.namespaceObject;
    this.namespaceFactory = instance.namespaceFactory;
    this.generator = instance.generator;
    this.hasTopLevelAwait = instance.hasTopLevelAwait;
    this.dfsIndex = instance.dfsIndex;
    this.dfsAncestorIndex = instance.dfsAncestorIndex;
    this.cycleRoot = instance.cycleRoot;
    this.asyncEvaluation = instance.asyncEvaluation;
    this.asyncEvaluationOrder = instance.asyncEvaluationOrder;
    this.pendingAsyncDependencies = instance.pendingAsyncDependencies;
    this.asyncParentModules = instance.asyncParentModules;
    this.topLevelCapability = instance.topLevelCapability;
    this.evaluationError = instance.evaluationError;
    this.fetchPromise = instance.fetchPromise;
    this.commonJsModule = instance.commonJsModule;
    this.sourceMapChain = instance.sourceMapChain;
    this.sourceKey = instance.sourceKey;
  }

  /**
   * Forgets the current version so that the next import links and evaluates the module
   * anew, in place: the record, its id and its importers stay. Modules that imported the
   * old version keep reading the old bindings until they are re-evaluated themselves.
   *
   * @param keepCode The file did not change: keep its compiled code and resolved imports
   *   (a module function can be called again for a fresh instance), so that re-running an
   *   importer on the way to a boundary costs no read, transform or compile.
   * @returns the old version, for {@link restoreInstance}.
   */
  resetInstance(keepCode = false): ModuleInstance {
    const old = this.captureInstance();
    if (!keepCode) for (const child of this.requested) child.importers.delete(this);
    this.#adopt(freshInstance());
    if (keepCode && old.status !== 'new' && old.status !== 'fetching') {
      this.status = 'fetched';
      this.shape = old.shape;
      this.moduleFunction = old.moduleFunction;
      this.executeSync = old.executeSync;
      this.requested = old.requested;
      this.lenientImports = old.lenientImports;
      this.hasTopLevelAwait = old.hasTopLevelAwait;
      this.sourceMapChain = old.sourceMapChain;
      this.sourceKey = old.sourceKey;
      // CommonJS and JSON export names come from their source, not from linking.
      if (!old.shape) this.exportNames = old.exportNames;
      if (this.format === 'json') this.bindings = old.bindings;
    }
    return old;
  }
}

/**
 * The fields that belong to one version of a module; everything else is its identity.
 * {@link ModuleRecord.captureInstance} and its counterpart list them one by one; a test
 * checks that they copy each of these.
 */
export const INSTANCE_FIELDS = [
  'status',
  'lenientImports',
  'shape',
  'moduleFunction',
  'executeSync',
  'requested',
  'bindings',
  'exportNames',
  'exportTable',
  'namespaceObject',
  'namespaceFactory',
  'generator',
  'hasTopLevelAwait',
  'dfsIndex',
  'dfsAncestorIndex',
  'cycleRoot',
  'asyncEvaluation',
  'asyncEvaluationOrder',
  'pendingAsyncDependencies',
  'asyncParentModules',
  'topLevelCapability',
  'evaluationError',
  'fetchPromise',
  'commonJsModule',
  'sourceMapChain',
  'sourceKey',
] as const satisfies readonly (keyof ModuleRecord)[];

/** One version of a module: what {@link ModuleRecord.resetInstance} replaces. */
export type ModuleInstance = Pick<ModuleRecord, (typeof INSTANCE_FIELDS)[number]>;

function freshInstance(): ModuleInstance {
  return {
    status: 'new',
    lenientImports: false,
    shape: undefined,
    moduleFunction: undefined,
    executeSync: undefined,
    requested: [],
    bindings: Object.create(null) as object,
    exportNames: undefined,
    exportTable: undefined,
    namespaceObject: undefined,
    namespaceFactory: undefined,
    generator: undefined,
    hasTopLevelAwait: false,
    dfsIndex: -1,
    dfsAncestorIndex: -1,
    cycleRoot: undefined,
    asyncEvaluation: false,
    asyncEvaluationOrder: 0,
    pendingAsyncDependencies: 0,
    asyncParentModules: [],
    topLevelCapability: undefined,
    evaluationError: undefined,
    fetchPromise: undefined,
    commonJsModule: undefined,
    sourceMapChain: undefined,
    sourceKey: undefined,
  };
}

/** A promise with its resolve/reject functions (Promise.withResolvers needs Node 22). */
export interface PromiseWithResolversLike {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(reason: unknown): void;
}

export function promiseWithResolvers(): PromiseWithResolversLike {
  let resolve!: () => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
