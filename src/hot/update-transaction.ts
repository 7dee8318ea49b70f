import { readFileSync } from 'node:fs';
import type { ModuleRecord } from '../runner/module-record.js';
import type { ModuleNamespace, ModuleRunner } from '../runner/module-runner.js';
import type { HotPayload, Update } from '../transport/hot-payload.js';
import { type EvaluationOrder, sameImports } from './evaluation-order.js';
import type { HotModules, Replaced } from './hot-modules.js';
import { type Boundary, propagateUpdate } from './propagation.js';
import type { ReportBuilder } from './update-report.js';

/** What a transaction needs from the engine. */
export interface TransactionHost {
  readonly runner: ModuleRunner;
  readonly hot: HotModules;
  /** The graph's evaluation order, kept by the engine across updates. */
  readonly order: EvaluationOrder;
  /** The entry modules: never pruned, the roots of evaluation order. */
  entries(): ReadonlySet<ModuleRecord>;
  /** A payload for the other side of the transport. */
  send(payload: HotPayload): void;
  /** Resolves when the old code may be disposed (requests it is answering are done). */
  beforeDispose?(): Promise<void>;
  /** A transaction that re-runs old code starts: the runner's evaluations now belong to it. */
  onRevive?(transaction: UpdateTransaction): void;
}

/** How a transaction ended: in place, failed (old code in service), or needing a full reload. */
export type TransactionOutcome =
  | { readonly kind: 'hot-update' }
  | { readonly kind: 'failed' }
  | { readonly kind: 'full-reload'; readonly chain: readonly ModuleRecord[]; readonly reason?: string };

const CIRCULAR_INVALIDATION = 'an invalidation came back to the module that started it';

/**
 * One hot update of a set of changed modules, all or nothing.
 *
 * 1. Plan with what the current versions registered: the boundaries and the stale chain.
 * 2. Reset, fetch, transform and link the changed modules and the stale chain: a syntax
 *    error or a bad import stops here, before anything is disposed.
 * 3. Run the dispose handlers of every module being replaced, then evaluate the new
 *    versions, dependencies first, each once.
 * 4. A new version that stopped accepting passes the update on to its importers (and one
 *    that started accepting is a boundary at once): acceptance is what modules register
 *    at run time, so an edit that adds or removes `accept()` takes effect with itself.
 * 5. The old versions' accept callbacks get the new namespaces; modules no longer imported
 *    are pruned.
 *
 * If anything fails after the old versions were disposed, the new versions (also one that
 * threw half-way) are disposed, the old versions are restored, and their code is run again
 * as an update of its own, so that what their dispose handlers released (a server, a
 * timer) is there again and importers keep being served by the previous code.
 */
export class UpdateTransaction {
  readonly #host: TransactionHost;
  readonly #report: ReportBuilder;
  readonly #changedFiles: ReadonlySet<string>;
  readonly #replaced = new Map<ModuleRecord, Replaced>();
  /** New versions that ran, in evaluation order. */
  readonly #ran: ModuleRecord[] = [];

  /** Set when this transaction re-runs old code after a failed one: it does not revive again. */
  readonly #reviving: boolean;
  #changed: readonly ModuleRecord[] = [];

  constructor(host: TransactionHost, report: ReportBuilder, reviving = false) {
    this.#host = host;
    this.#report = report;
    this.#reviving = reviving;
    // Reviving re-runs the code each module had: no file is read again.
    this.#changedFiles = new Set(reviving ? [] : report.changedFiles);
  }

  /** The runner evaluated a module (it reports each one, in order). */
  evaluated(module: ModuleRecord): void {
    if (!this.#replaced.has(module)) return;
    this.#ran.push(module);
    this.#report.reEvaluated.push(module.id);
  }

  /**
   * Applies the update.
   * @param firstInvalidatedBy Set when `invalidate()` started this update: a boundary that
   *   accepts through that module means the invalidation came back, a full reload.
   */
  async apply(
    changed: readonly ModuleRecord[],
    firstInvalidatedBy?: ModuleRecord,
  ): Promise<TransactionOutcome> {
    const { hot } = this.#host;
    this.#changed = changed;
    // Before any module is reset: the walk must see every import.
    this.#sorted([]);
    const contextOf = (m: ModuleRecord) => hot.contextOf(m);
    const initial = propagateUpdate(changed, contextOf);
    if (initial.deadEnd && !changed.some(mentionsAccept)) {
      return { kind: 'full-reload', chain: initial.deadEnd };
    }
    if (firstInvalidatedBy && initial.boundaries.some((b) => b.acceptedVia === firstInvalidatedBy)) {
      return { kind: 'full-reload', chain: [firstInvalidatedBy], reason: CIRCULAR_INVALIDATION };
    }
    // A dead end might be lifted by a new version that accepts: run the changed modules first, then decide.
    let boundaries: Boundary[] = initial.deadEnd ? [] : [...initial.boundaries];
    let batch = initial.deadEnd ? [...changed] : unique([...changed, ...initial.stale]);
    let recheck = initial.deadEnd ? [...changed] : selfBoundaries(batch, boundaries);
    let first = true;
    for (;;) {
      if (!(await this.#prepare(batch))) return { kind: 'failed' };
      if (first) {
        this.#report.transformed = this.#report.elapsed();
        await this.#host.beforeDispose?.();
        await hot.notify('vite:beforeUpdate', updatePayload(boundaries, firstInvalidatedBy));
      }
      for (const module of this.#sorted(batch)) {
        await hot.dispose(module, this.#replaced.get(module)?.context, this.#report);
      }
      if (!(await this.#evaluate(batch))) {
        await this.#revive();
        return { kind: 'failed' };
      }
      // acceptExports modules always look again: their new list decides which importers re-run.
      const starts =
        first && initial.deadEnd ? recheck : recheck.filter((m) => contextOf(m)?.selfAccepting !== true);
      first = false;
      if (starts.length === 0) break;
      boundaries = boundaries.filter((b) => !(starts.includes(b.boundary) && b.boundary === b.acceptedVia));
      const plan = propagateUpdate(starts, contextOf);
      if (plan.deadEnd) return { kind: 'full-reload', chain: plan.deadEnd };
      if (firstInvalidatedBy && plan.boundaries.some((b) => b.acceptedVia === firstInvalidatedBy)) {
        return { kind: 'full-reload', chain: [firstInvalidatedBy], reason: CIRCULAR_INVALIDATION };
      }
      boundaries = uniqueBoundaries([...boundaries, ...plan.boundaries]);
      batch = [...plan.stale].filter((m) => !this.#replaced.has(m));
      recheck = selfBoundaries(batch, plan.boundaries);
      if (batch.length === 0) break;
    }
    this.#report.evaluated = this.#report.elapsed();
    this.#report.boundaries = boundaries.map((b) => ({
      boundary: b.boundary.id,
      acceptedVia: b.acceptedVia.id,
    }));
    await this.#runAcceptCallbacks(boundaries);
    const payload = updatePayload(boundaries, firstInvalidatedBy);
    this.#host.send(payload);
    await this.#pruneOrphans();
    await hot.notify('vite:afterUpdate', payload);
    return { kind: 'hot-update' };
  }

  /** Resets the batch and fetches, transforms and links it; on failure everything is restored. */
  async #prepare(batch: readonly ModuleRecord[]): Promise<boolean> {
    for (const module of batch) {
      if (this.#replaced.has(module)) continue;
      const unchanged = module.file === undefined || !this.#changedFiles.has(module.file);
      this.#replaced.set(module, this.#host.hot.reset(module, unchanged));
    }
    const keep = new Set(this.#replaced.keys());
    for (const module of this.#sorted(batch)) {
      try {
        await this.#host.runner.prepare(module, keep);
      } catch (error) {
        this.#report.error('transform', errorFile(error) ?? module.file ?? module.id, error);
        await this.#rollback();
        return false;
      }
    }
    for (const [module, old] of this.#replaced) {
      if (!sameImports(module.requested, old.instance.requested)) this.#host.order.invalidate();
    }
    return true;
  }

  /**
   * Evaluates the batch as a first load would: each import cycle from the member a
   * depth-first walk from the entries enters first (the last of them in post-order), so
   * cycle members run in their native order.
   */
  async #evaluate(batch: readonly ModuleRecord[]): Promise<boolean> {
    const sorted = this.#sorted(batch);
    const starts = cycles(sorted).map((members) => members[members.length - 1]!);
    for (const module of starts) {
      try {
        await this.#host.runner.evaluate(module);
      } catch (error) {
        this.#report.error('evaluate', module.file ?? module.id, error);
        await this.#rollback();
        return false;
      }
    }
    return true;
  }

  /**
   * New versions are disposed (also one that threw half-way: it may hold resources), then
   * every old version comes back.
   */
  async #rollback(): Promise<void> {
    const { hot } = this.#host;
    for (const module of [...this.#sorted([...this.#replaced.keys()])].reverse()) {
      const current = hot.contextOf(module);
      if (current !== this.#replaced.get(module)?.context) await hot.dispose(module, current, this.#report);
    }
    for (const [module, old] of this.#replaced) hot.restore(module, old);
    // An order walked while some modules were reset or new versions linked is not the restored graph's.
    this.#host.order.invalidate();
    this.#report.reEvaluated.length = 0;
  }

  /** After a rollback, runs the restored (already disposed) versions' code again, as an update. */
  async #revive(): Promise<void> {
    const disposed = [...this.#replaced].some(([, old]) => old.context?.disposed);
    if (this.#reviving || !disposed) return;
    const revival = new UpdateTransaction(this.#host, this.#report, true);
    this.#host.onRevive?.(revival);
    const outcome = await revival.apply(this.#changed);
    this.#report.revived = outcome.kind === 'hot-update';
  }

  async #runAcceptCallbacks(boundaries: readonly Boundary[]): Promise<void> {
    for (const { boundary, acceptedVia } of boundaries) {
      const namespace = acceptedVia.namespace as ModuleNamespace;
      // The callbacks of the version that registered them: the old one, for a self-accepting module.
      const context = this.#replaced.get(boundary)?.context ?? this.#host.hot.contextOf(boundary);
      if (!context) continue;
      const calls: Array<() => unknown> = [];
      if (boundary === acceptedVia) {
        for (const callback of [...context.selfCallbacks, ...context.exportCallbacks]) {
          calls.push(() => callback(namespace));
        }
      } else {
        for (const acceptance of context.dependencyAcceptances) {
          const callback = acceptance.callback;
          if (!callback || !acceptance.ids.includes(acceptedVia.id)) continue;
          const argument = acceptance.array
            ? acceptance.ids.map((id) => (id === acceptedVia.id ? namespace : undefined))
            : namespace;
          calls.push(() => callback(argument));
        }
      }
      for (const call of calls) {
        try {
          await call();
        } catch (error) {
          this.#report.error('accept', boundary.id, error);
        }
      }
    }
  }

  /** Modules that no version imports any more (and are not entries): disposed, pruned, forgotten. */
  async #pruneOrphans(): Promise<void> {
    const { runner, hot } = this.#host;
    const entries = this.#host.entries();
    const orphans: ModuleRecord[] = [];
    const visit = (module: ModuleRecord): void => {
      if (module.external || module.importers.size > 0 || entries.has(module) || orphans.includes(module))
        return;
      orphans.push(module);
      runner.forget(module);
      for (const child of module.requested) visit(child);
    };
    for (const old of this.#replaced.values()) for (const child of old.instance.requested) visit(child);
    if (orphans.length === 0) return;
    const paths = orphans.map((m) => m.id);
    await hot.notify('vite:beforePrune', { type: 'prune', paths });
    for (const module of orphans) await hot.dispose(module, hot.contextOf(module), this.#report);
    for (const module of orphans) await hot.prune(module, this.#report);
    this.#host.send({ type: 'prune', paths });
  }

  /** Modules in evaluation order of the whole graph (entries' imports depth-first, in import order). */
  #sorted(modules: readonly ModuleRecord[]): ModuleRecord[] {
    const { order, runner } = this.#host;
    order.ensure(this.#host.entries(), runner.modules, runner.graphVersion);
    return order.sort(modules);
  }
}

/** The modules of `batch` that are boundaries for themselves. */
function selfBoundaries(batch: readonly ModuleRecord[], boundaries: readonly Boundary[]): ModuleRecord[] {
  return batch.filter((m) => boundaries.some((b) => b.boundary === m && b.acceptedVia === m));
}

/**
 * Whether a changed file's new text could call `accept`: only then can its new version lift
 * a dead end, so only then is it worth running before deciding on a full reload.
 */
function mentionsAccept(module: ModuleRecord): boolean {
  if (!module.file) return false;
  try {
    return /\baccept(?:Exports)?\b/.test(readFileSync(module.file, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * The strongly connected components of the batch's import graph (Tarjan), each with its
 * members in the batch's order, ordered by their first member.
 */
function cycles(sorted: readonly ModuleRecord[]): ModuleRecord[][] {
  const inBatch = new Set(sorted);
  const index = new Map<ModuleRecord, number>();
  const low = new Map<ModuleRecord, number>();
  const stack: ModuleRecord[] = [];
  const onStack = new Set<ModuleRecord>();
  const components: ModuleRecord[][] = [];
  const connect = (module: ModuleRecord): void => {
    index.set(module, index.size);
    low.set(module, index.get(module)!);
    stack.push(module);
    onStack.add(module);
    for (const child of module.requested) {
      if (!inBatch.has(child)) continue;
      if (!index.has(child)) {
        connect(child);
        low.set(module, Math.min(low.get(module)!, low.get(child)!));
      } else if (onStack.has(child)) {
        low.set(module, Math.min(low.get(module)!, index.get(child)!));
      }
    }
    if (low.get(module) !== index.get(module)) return;
    const component: ModuleRecord[] = [];
    let member: ModuleRecord;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== module);
    components.push(component);
  };
  for (const module of sorted) if (!index.has(module)) connect(module);
  const position = new Map(sorted.map((m, i) => [m, i]));
  for (const component of components) component.sort((a, b) => position.get(a)! - position.get(b)!);
  return components.sort((a, b) => position.get(a[0]!)! - position.get(b[0]!)!);
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function uniqueBoundaries(boundaries: readonly Boundary[]): Boundary[] {
  return boundaries.filter(
    (b, i) => boundaries.findIndex((o) => o.boundary === b.boundary && o.acceptedVia === b.acceptedVia) === i,
  );
}

function updatePayload(boundaries: readonly Boundary[], firstInvalidatedBy?: ModuleRecord): HotPayload {
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

/** The file a located error points at (a syntax error, a bad import). */
export function errorFile(error: unknown): string | undefined {
  return (error as { loc?: { file?: string } } | undefined)?.loc?.file;
}
