import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ModuleInstance, ModuleRecord } from '../runner/module-record.js';
import { type ModuleNamespace, ModuleRunner, type ModuleRunnerOptions } from '../runner/module-runner.js';
import type { HotPayload, Update } from '../transport/hot-payload.js';
import { createInProcessTransport } from '../transport/in-process-transport.js';
import type { Transport, TransportMessage } from '../transport/transport.js';
import { HotContext, type HotContextOwner } from './hot-context.js';
import {
  createStderrLogger,
  describeReport,
  describeTimings,
  displayPath,
  type HotLogger,
} from './hot-logger.js';
import { type Boundary, propagateUpdate } from './propagation.js';
import { ReportBuilder, type UpdateReport } from './update-report.js';

/** Options of a {@link HotEngine}: the runner's, plus how changes arrive and where messages go. */
export interface HotEngineOptions extends Omit<ModuleRunnerOptions, 'onImportMeta'> {
  /** Where changes come from and payloads go. Defaults to an in-process transport that watches the graph. */
  transport?: Transport;
  /** hot-node's own messages. Defaults to stderr. */
  logger?: HotLogger;
  /** `false`: `import.meta.hot` is undefined and nothing is watched. */
  hmr?: boolean;
}

/** Events a host can listen to. */
export interface HotEngineEvents {
  /** After every update, with what it did. */
  update: (report: UpdateReport) => void;
}

/** The state of a module version that an update replaced, to restore if the update fails. */
interface Replaced {
  readonly instance: ModuleInstance;
  readonly context: HotContext | undefined;
}

/**
 * The hot engine: gives each module an `import.meta.hot`, and applies file changes to the
 * running program. Only the chain from a changed module up to the nearest boundary
 * re-runs, in place; where nothing accepts, the entries are imported again (after every
 * module's dispose handlers ran). Updates run one at a time; errors are reported, never
 * fatal, and a failed update leaves the previous code in service.
 */
export class HotEngine {
  readonly runner: ModuleRunner;
  readonly #transport: Transport | undefined;
  readonly #logger: HotLogger;
  readonly #hmr: boolean;
  /** The hot context of each module's current version. */
  readonly #contexts = new Map<ModuleRecord, HotContext>();
  /** `import.meta.hot.data` by module id: survives versions, cleared when pruned. */
  readonly #data = new Map<string, Record<string, unknown>>();
  /** Bumped each time a record is reset, so a replaced version's `import.meta` is told apart. */
  readonly #versions = new WeakMap<ModuleRecord, number>();
  readonly #entries: string[] = [];
  readonly #listeners = new Set<HotEngineEvents['update']>();
  /** An entry failed to load: the next change, whatever it is, retries them all. */
  #broken = false;
  /** Files of updates that failed: applied again with the next change (a fix may be elsewhere). */
  readonly #retry = new Set<string>();
  #queue: Promise<unknown> = Promise.resolve();
  #pendingFiles = new Set<string>();
  #pendingReportedAt: number | undefined;
  #pendingUpdate: Promise<UpdateReport> | undefined;
  #updating = false;
  #invalidations: Array<{ module: ModuleRecord; message: string | undefined }> = [];
  #updateCount = 0;
  #closed = false;
  readonly #trace = process.env.HOT_NODE_TRACE === '1';

  constructor(options: HotEngineOptions = {}) {
    this.#hmr = options.hmr !== false;
    this.#logger = options.logger ?? createStderrLogger();
    this.runner = new ModuleRunner({
      ...options,
      onImportMeta: this.#hmr ? (meta, module) => this.#attachHot(meta, module) : undefined,
    });
    this.#transport = this.#hmr ? (options.transport ?? createInProcessTransport()) : undefined;
    this.#transport?.connect((message) => this.#onTransportMessage(message));
  }

  /**
   * Imports an entry module and remembers it: a full reload imports the entries again.
   * When it fails, the engine keeps watching and retries with the next change.
   */
  async import(specifier: string): Promise<ModuleNamespace> {
    if (!this.#entries.includes(specifier)) this.#entries.push(specifier);
    try {
      const namespace = await this.runner.import(specifier);
      this.#broken = false;
      return namespace;
    } catch (error) {
      this.#broken = true;
      throw error;
    } finally {
      this.#syncWatcher();
    }
  }

  /** Resolves when the transport watches every file of the graph. */
  async ready(): Promise<void> {
    await this.#transport?.ready?.();
  }

  /**
   * Applies changes of `files` (absolute paths). Changes made while an update runs are
   * coalesced into the next one; the promise resolves with the report of the update that
   * applied them.
   */
  update(files: readonly string[], reportedAt?: number): Promise<UpdateReport> {
    for (const file of files) this.#pendingFiles.add(path.resolve(file));
    this.#pendingReportedAt ??= reportedAt;
    this.#pendingUpdate ??= this.#enqueue(async () => {
      this.#pendingUpdate = undefined;
      const changed = [...this.#pendingFiles, ...this.#retry];
      const at = this.#pendingReportedAt;
      this.#pendingFiles = new Set();
      this.#pendingReportedAt = undefined;
      return this.#runUpdate([...new Set(changed)].sort(), at);
    });
    return this.#pendingUpdate;
  }

  /** Disposes every module and imports the entries again, as when no boundary takes a change. */
  reload(reason = 'reload requested'): Promise<UpdateReport> {
    return this.#enqueue(async () => {
      const report = new ReportBuilder(++this.#updateCount, undefined);
      return this.#finish(report, await this.#fullReload(report, reason, []));
    });
  }

  on(event: 'update', listener: HotEngineEvents['update']): void {
    if (event === 'update') this.#listeners.add(listener);
  }

  off(event: 'update', listener: HotEngineEvents['update']): void {
    if (event === 'update') this.#listeners.delete(listener);
  }

  /**
   * Runs every module's dispose handlers (servers close, timers stop), then releases the
   * watcher and the runner: nothing of the engine keeps the process alive.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue.catch(() => {});
    const report = new ReportBuilder(0, undefined);
    await this.#disposeAll(report);
    for (const { phase, module, error } of report.errors) {
      this.#logger.error(
        `error during ${phase}${module ? ` in ${displayPath(module)}` : ''}: ${String(error)}`,
      );
    }
    await this.#transport?.close();
    await this.runner.close();
    this.#contexts.clear();
  }

  /** The hot context of a module's current version (undefined until it touched `import.meta.hot`). */
  contextOf(module: ModuleRecord): HotContext | undefined {
    return this.#contexts.get(module);
  }

  // ---- import.meta.hot ---------------------------------------------------------------

  readonly #owner: HotContextOwner = {
    resolveDependency: (module, specifier) => this.runner.resolveId(specifier, module),
    invalidate: (module, message) => this.#invalidate(module, message),
    send: (event, data) => this.#transport?.send({ type: 'custom', event, data }),
  };

  #attachHot(meta: Record<string, unknown>, module: ModuleRecord): void {
    const version = this.#versions.get(module) ?? 0;
    let context: HotContext | undefined;
    Object.defineProperty(meta, 'hot', {
      enumerable: true,
      configurable: true,
      get: () => {
        if (context) return context;
        context = new HotContext(this.#owner, module, this.#dataOf(module.id));
        // A replaced version that still runs (a timer) gets a context that registers nothing.
        if ((this.#versions.get(module) ?? 0) === version) this.#contexts.set(module, context);
        return context;
      },
    });
  }

  #dataOf(id: string): Record<string, unknown> {
    let data = this.#data.get(id);
    if (!data) {
      data = {};
      this.#data.set(id, data);
    }
    return data;
  }

  #invalidate(module: ModuleRecord, message: string | undefined): void {
    void this.#notify('vite:invalidate', { path: module.id, message, firstInvalidatedBy: module.id });
    this.#logger.info(`invalidate ${displayPath(module.id)}${message ? `: ${message}` : ''}`);
    // Outside an update there is nothing to pass on (as in Vite: a first load ignores it).
    if (this.#updating) this.#invalidations.push({ module, message });
  }

  // ---- updates -----------------------------------------------------------------------

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(task);
    this.#queue = result.catch(() => {});
    return result;
  }

  async #runUpdate(files: string[], reportedAt: number | undefined): Promise<UpdateReport> {
    const report = new ReportBuilder(++this.#updateCount, reportedAt);
    report.changedFiles = files;
    this.#updating = true;
    try {
      if (files.some((file) => !this.#inGraph(file) || !existsSync(file))) this.runner.clearResolutionCache();
      if (this.#broken) {
        return this.#finish(report, await this.#fullReload(report, 'the program had failed to load', []));
      }
      const changed = this.#recordsOf(files);
      if (changed.length === 0) return this.#finish(report, 'no-change');
      const outcome = await this.#applyToModules(changed, report, new Set());
      if (outcome === 'failed') for (const file of files) this.#retry.add(file);
      else this.#retry.clear();
      return this.#finish(report, outcome);
    } finally {
      this.#updating = false;
    }
  }

  /**
   * The heart of an update. `changed` modules are reset, fetched and linked first (a syntax
   * error or a bad import stops here, with nothing disposed), then their old versions are
   * disposed and the new ones evaluated. Propagation then decides, with what the new
   * versions registered, which importers re-run, up to the boundaries, whose accept
   * callbacks finally get the new namespaces.
   */
  async #applyToModules(
    changed: ModuleRecord[],
    report: ReportBuilder,
    alreadyUpdated: ReadonlySet<ModuleRecord>,
    firstInvalidatedBy?: ModuleRecord,
  ): Promise<'hot-update' | 'full-reload' | 'failed'> {
    const replaced = new Map<ModuleRecord, Replaced>();
    // What the current versions registered decides whether this can be done in place.
    const initialPlan = propagateUpdate(changed, (m) => this.#contexts.get(m), alreadyUpdated);
    if (initialPlan.deadEnd) return this.#fullReloadFor(report, initialPlan.deadEnd);

    const toRun = changed.filter((m) => !alreadyUpdated.has(m));
    if (!(await this.#replace(toRun, replaced, report))) return 'failed';
    report.transformed = report.elapsed();

    const boundaries: Boundary[] = [];
    let starts = changed;
    let updated = alreadyUpdated;
    for (;;) {
      const plan = propagateUpdate(starts, (m) => this.#contexts.get(m), updated);
      if (plan.deadEnd) return this.#fullReloadFor(report, plan.deadEnd);
      if (firstInvalidatedBy && plan.boundaries.some((b) => b.acceptedVia === firstInvalidatedBy)) {
        return this.#fullReloadFor(
          report,
          [firstInvalidatedBy],
          'an invalidation came back to the module that started it',
        );
      }
      const stale = [...plan.stale].filter((m) => !replaced.has(m));
      boundaries.push(...plan.boundaries);
      if (stale.length === 0) break;
      if (!(await this.#replace(stale, replaced, report))) return 'failed';
      // A boundary that dropped accept() in its new version passes the update on.
      starts = stale.filter((m) => {
        const wasSelfBoundary = plan.boundaries.some((b) => b.boundary === m && b.acceptedVia === m);
        return (
          wasSelfBoundary && !this.#contexts.get(m)?.selfAccepting && !this.#contexts.get(m)?.acceptedExports
        );
      });
      if (starts.length === 0) break;
      updated = new Set(starts);
      for (let i = boundaries.length - 1; i >= 0; i--) {
        if (starts.includes(boundaries[i]!.boundary)) boundaries.splice(i, 1);
      }
    }
    report.evaluated = report.elapsed();
    report.boundaries = boundaries.map((b) => ({ boundary: b.boundary.id, acceptedVia: b.acceptedVia.id }));

    await this.#notify('vite:beforeUpdate', this.#updatePayload(boundaries, firstInvalidatedBy));
    await this.#runAcceptCallbacks(boundaries, replaced, report);
    await this.#pruneOrphans(replaced, report);
    this.#transport?.send(this.#updatePayload(boundaries, firstInvalidatedBy));
    await this.#notify('vite:afterUpdate', this.#updatePayload(boundaries, firstInvalidatedBy));
    return this.#passOnInvalidations(report, firstInvalidatedBy);
  }

  /**
   * Replaces modules by new versions: reset, fetch and link them all (failure: restore,
   * nothing disposed), dispose the old versions, then evaluate the new ones, dependencies
   * first. When evaluation fails, the modules that did not evaluate get their old versions
   * back, so importers keep being served by the previous code.
   */
  async #replace(
    modules: ModuleRecord[],
    replaced: Map<ModuleRecord, Replaced>,
    report: ReportBuilder,
  ): Promise<boolean> {
    const changedFiles = new Set(report.changedFiles);
    const batch = new Map<ModuleRecord, Replaced>();
    for (const module of modules) {
      batch.set(module, this.#reset(module, module.file === undefined || !changedFiles.has(module.file)));
    }
    const keep = new Set(modules);
    try {
      for (const module of modules) await this.runner.prepare(module, keep);
    } catch (error) {
      this.#restore(batch);
      report.error('transform', errorFile(error) ?? modules[0]?.file, error);
      return false;
    }
    for (const [module, old] of batch) {
      replaced.set(module, old);
      if (old.context) await this.#disposeContext(module, old.context, report);
    }
    for (const module of modules) {
      try {
        await this.runner.evaluate(module);
      } catch (error) {
        const failed = new Map([...batch].filter(([m]) => m.status !== 'evaluated' || m.evaluationError));
        this.#restore(failed);
        for (const m of failed.keys()) replaced.delete(m);
        report.error('evaluate', module.file ?? module.id, error);
        return false;
      }
    }
    for (const module of sortByEvaluationOrder(modules)) report.reEvaluated.push(module.id);
    return true;
  }

  #reset(module: ModuleRecord, keepCode: boolean): Replaced {
    const context = this.#contexts.get(module);
    this.#contexts.delete(module);
    this.#versions.set(module, (this.#versions.get(module) ?? 0) + 1);
    return { instance: module.resetInstance(keepCode), context };
  }

  #restore(batch: ReadonlyMap<ModuleRecord, Replaced>): void {
    for (const [module, old] of batch) {
      module.restoreInstance(old.instance);
      this.#versions.set(module, (this.#versions.get(module) ?? 0) + 1);
      if (old.context) this.#contexts.set(module, old.context);
      else this.#contexts.delete(module);
    }
  }

  async #disposeContext(module: ModuleRecord, context: HotContext, report: ReportBuilder): Promise<void> {
    if (context.disposed) return;
    context.disposed = true;
    report.disposed.push(module.id);
    for (const handler of context.disposeHandlers) {
      try {
        await handler(context.data);
      } catch (error) {
        report.error('dispose', module.id, error);
      }
    }
  }

  async #runAcceptCallbacks(
    boundaries: readonly Boundary[],
    replaced: ReadonlyMap<ModuleRecord, Replaced>,
    report: ReportBuilder,
  ): Promise<void> {
    for (const { boundary, acceptedVia } of boundaries) {
      const namespace = acceptedVia.namespace as ModuleNamespace;
      // The callbacks of the version that registered them: the old one, for a self-accepting module.
      const context = replaced.get(boundary)?.context ?? this.#contexts.get(boundary);
      if (!context) continue;
      const calls: Array<() => unknown> = [];
      if (boundary === acceptedVia) {
        for (const callback of context.selfCallbacks) calls.push(() => callback(namespace));
        for (const callback of context.exportCallbacks) calls.push(() => callback(namespace));
      } else {
        for (const acceptance of context.dependencyAcceptances) {
          if (!acceptance.callback || !acceptance.ids.includes(acceptedVia.id)) continue;
          const argument = acceptance.array
            ? acceptance.ids.map((id) => (id === acceptedVia.id ? namespace : undefined))
            : namespace;
          const callback = acceptance.callback;
          calls.push(() => callback(argument));
        }
      }
      for (const call of calls) {
        try {
          await call();
        } catch (error) {
          report.error('accept', boundary.id, error);
        }
      }
    }
  }

  /** Modules no longer imported by anything (and not entries) are disposed, pruned and forgotten. */
  async #pruneOrphans(replaced: ReadonlyMap<ModuleRecord, Replaced>, report: ReportBuilder): Promise<void> {
    const candidates = new Set<ModuleRecord>();
    for (const old of replaced.values()) for (const child of old.instance.requested) candidates.add(child);
    const entries = new Set(this.#entryRecords());
    const orphans: ModuleRecord[] = [];
    const visit = (module: ModuleRecord): void => {
      if (module.external || module.importers.size > 0 || entries.has(module) || orphans.includes(module))
        return;
      orphans.push(module);
      this.runner.forget(module);
      for (const child of module.requested) visit(child);
    };
    for (const candidate of candidates) visit(candidate);
    if (orphans.length === 0) return;
    await this.#notify('vite:beforePrune', { type: 'prune', paths: orphans.map((m) => m.id) });
    for (const module of orphans) {
      const context = this.#contexts.get(module);
      if (context) await this.#disposeContext(module, context, report);
    }
    for (const module of orphans) {
      const context = this.#contexts.get(module);
      for (const handler of context?.pruneHandlers ?? []) {
        try {
          await handler(context!.data);
        } catch (error) {
          report.error('prune', module.id, error);
        }
      }
      this.#contexts.delete(module);
      this.#data.delete(module.id);
      report.pruned.push(module.id);
    }
    this.#transport?.send({ type: 'prune', paths: orphans.map((m) => m.id) });
  }

  async #passOnInvalidations(
    report: ReportBuilder,
    firstInvalidatedBy: ModuleRecord | undefined,
  ): Promise<'hot-update' | 'full-reload' | 'failed'> {
    const invalidations = this.#invalidations;
    this.#invalidations = [];
    let outcome: 'hot-update' | 'full-reload' | 'failed' = 'hot-update';
    for (const { module } of invalidations) {
      const origin = firstInvalidatedBy ?? module;
      if (firstInvalidatedBy === module) {
        return this.#fullReloadFor(
          report,
          [module],
          'an invalidation came back to the module that started it',
        );
      }
      const importers = [...module.importers].filter((m) => !m.external);
      if (importers.length === 0)
        return this.#fullReloadFor(
          report,
          [module],
          `${displayPath(module.id)} invalidated itself and nothing imports it`,
        );
      outcome = await this.#applyToModules(importers, report, new Set(), origin);
      if (outcome !== 'hot-update') return outcome;
    }
    return outcome;
  }

  // ---- full reload -------------------------------------------------------------------

  async #fullReloadFor(
    report: ReportBuilder,
    chain: ModuleRecord[],
    reason?: string,
  ): Promise<'full-reload' | 'failed'> {
    const last = chain[chain.length - 1];
    const why =
      reason ??
      (last && chain.length > 1
        ? `no module on the import chain accepts the update, up to ${displayPath(last.id)}, which nothing imports`
        : `${displayPath(last?.id ?? '')} does not accept updates and nothing imports it`);
    return this.#fullReload(
      report,
      why,
      chain.map((m) => displayPath(m.id)),
    );
  }

  /**
   * Disposes every module (importers first, so a server closes before what it uses), forgets
   * them all but their `data`, and imports the entries again. Unlike Vite's runner, dispose
   * handlers run: servers close and ports are free before the entries run again.
   */
  async #fullReload(
    report: ReportBuilder,
    reason: string,
    chain: string[],
  ): Promise<'full-reload' | 'failed'> {
    report.fullReload = { reason, chain };
    const payload: HotPayload = {
      type: 'full-reload',
      ...(report.changedFiles[0] ? { triggeredBy: report.changedFiles[0] } : {}),
    };
    await this.#notify('vite:beforeFullReload', payload);
    await this.#disposeAll(report);
    for (const module of [...this.runner.modules]) if (!module.external) this.runner.forget(module);
    this.#contexts.clear();
    this.#invalidations = [];
    this.runner.clearResolutionCache();
    report.transformed = report.elapsed();
    let failed = false;
    for (const entry of this.#entries) {
      try {
        await this.runner.import(entry);
        report.reEvaluated.push(...[...this.runner.modules].filter((m) => !m.external).map((m) => m.id));
      } catch (error) {
        failed = true;
        report.error('full-reload', errorFile(error) ?? entry, error);
      }
    }
    this.#broken = failed;
    this.#retry.clear();
    report.evaluated = report.elapsed();
    this.#transport?.send(payload);
    return failed ? 'failed' : 'full-reload';
  }

  async #disposeAll(report: ReportBuilder): Promise<void> {
    const order: ModuleRecord[] = [];
    const seen = new Set<ModuleRecord>();
    const visit = (module: ModuleRecord): void => {
      if (seen.has(module)) return;
      seen.add(module);
      for (const child of module.requested) visit(child);
      order.push(module);
    };
    for (const module of this.runner.modules) visit(module);
    for (const module of order.reverse()) {
      const context = this.#contexts.get(module);
      if (context) await this.#disposeContext(module, context, report);
    }
  }

  // ---- plumbing ----------------------------------------------------------------------

  #finish(report: ReportBuilder, outcome: UpdateReport['outcome']): UpdateReport {
    const done = report.finish(outcome);
    if (outcome !== 'no-change') {
      const describe =
        outcome === 'failed' || done.errors.length > 0 ? this.#logger.error : this.#logger.info;
      for (const line of describeReport(done)) describe(line);
      if (this.#trace) this.#logger.info(describeTimings(done));
      else this.#logger.debug(describeTimings(done));
      for (const error of done.errors) {
        void this.#notify('vite:error', { type: 'error', err: errorPayload(error.error) });
        this.#transport?.send({ type: 'error', err: errorPayload(error.error) });
      }
    }
    this.#syncWatcher();
    for (const listener of this.#listeners) listener(done);
    return done;
  }

  #updatePayload(boundaries: readonly Boundary[], firstInvalidatedBy?: ModuleRecord): HotPayload {
    const timestamp = Date.now();
    const updates: Update[] = boundaries.map((b) => ({
      type: 'js-update',
      path: b.boundary.id,
      acceptedPath: b.acceptedVia.id,
      timestamp,
      ...(firstInvalidatedBy ? { firstInvalidatedBy: firstInvalidatedBy.id } : {}),
    }));
    return { type: 'update', updates };
  }

  /** Calls every current module's listeners of `event`, awaiting them; a throwing listener is reported. */
  async #notify(event: string, payload: unknown): Promise<void> {
    const calls: unknown[] = [];
    for (const context of this.#contexts.values()) {
      for (const listener of context.listeners.get(event) ?? []) {
        try {
          calls.push(listener(payload));
        } catch (error) {
          this.#logger.error(`a listener of ${event} threw: ${String(error)}`);
        }
      }
    }
    const results = await Promise.allSettled(calls);
    for (const result of results) {
      if (result.status === 'rejected')
        this.#logger.error(`a listener of ${event} failed: ${String(result.reason)}`);
    }
  }

  #onTransportMessage(message: TransportMessage): void {
    if (this.#closed) return;
    if (message.type === 'change') {
      void this.update(message.files, message.at);
    } else {
      void this.#notify(message.event, message.data);
    }
  }

  #recordsOf(files: readonly string[]): ModuleRecord[] {
    const wanted = new Set(files);
    return [...this.runner.modules].filter((m) => !m.external && m.file !== undefined && wanted.has(m.file));
  }

  #inGraph(file: string): boolean {
    for (const module of this.runner.modules) if (module.file === file) return true;
    return false;
  }

  #entryRecords(): ModuleRecord[] {
    return [...this.runner.modules].filter((m) =>
      this.#entries.some((e) => m.file === path.resolve(this.runner.root, e) || m.id === e),
    );
  }

  /** The watcher follows the graph: every file of a module, and the files that failed to load. */
  #syncWatcher(): void {
    if (!this.#transport || this.#closed) return;
    const files = new Set<string>(this.runner.touchedFiles);
    for (const module of this.runner.modules) if (!module.external && module.file) files.add(module.file);
    this.#transport.watch(files);
  }
}

function sortByEvaluationOrder(modules: readonly ModuleRecord[]): ModuleRecord[] {
  return [...modules].sort((a, b) => a.dfsIndex - b.dfsIndex);
}

function errorFile(error: unknown): string | undefined {
  return (error as { loc?: { file?: string } } | undefined)?.loc?.file;
}

function errorPayload(error: unknown): { message: string; stack?: string } {
  if (error instanceof Error)
    return { message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  return { message: String(error) };
}
