import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ModuleRecord } from '../runner/module-record.js';
import { type ModuleNamespace, ModuleRunner, type ModuleRunnerOptions } from '../runner/module-runner.js';
import type { HotPayload } from '../transport/hot-payload.js';
import { createInProcessTransport } from '../transport/in-process-transport.js';
import type { Transport, TransportMessage } from '../transport/transport.js';
import { EvaluationOrder } from './evaluation-order.js';
import { guardExit } from './exit-guard.js';
import type { HotContextOwner } from './hot-context.js';
import { HostListeners, type HotEngineEvent, type HotEngineEvents } from './hot-events.js';
import {
  createStderrLogger,
  describePropagation,
  describeReport,
  describeTimings,
  displayPath,
  type HotLogger,
} from './hot-logger.js';
import { HotModules } from './hot-modules.js';
import { createServerGate, type ServerGate, type UpdateGate } from './update-gate.js';
import { ReportBuilder, type UpdateOutcome, type UpdateReport } from './update-report.js';
import { errorFile, type TransactionOutcome, UpdateTransaction } from './update-transaction.js';

/** Options of a {@link HotEngine}: the runner's, plus how changes arrive and where messages go. */
export interface HotEngineOptions extends Omit<ModuleRunnerOptions, 'onImportMeta' | 'onEvaluated'> {
  /** Where changes come from and payloads go. Defaults to an in-process transport that watches the graph. */
  transport?: Transport;
  /**
   * Whether the default transport watches the graph's files (default `true`). `false` for a
   * host that calls `update()` itself, such as a test harness. Ignored when `transport` is given.
   */
  watch?: boolean;
  /** hot-node's own messages. Defaults to stderr. */
  logger?: HotLogger;
  /** `false`: `import.meta.hot` is undefined and nothing is watched. */
  hmr?: boolean;
  /**
   * Asked before a full reload: returning `false` leaves the program as it is (the host
   * restarts the process instead, `--reload restart`); the update reports `full-reload`.
   */
  onFullReload?: (reason: string, chain: readonly string[]) => boolean;
  /**
   * What the engine calls around each update that changes the program (see {@link UpdateGate}).
   * Default, with HMR: {@link createServerGate}, so that HTTP(S) servers of this process are
   * never seen half-updated: requests that arrive during an update wait for it and get the new
   * code, requests in flight finish on the old code before its dispose handlers run, and a
   * server that closes in a dispose handler hands its listening socket to the server that
   * listens on the same address next (no refused connection). `false`: none of that.
   */
  updateGate?: UpdateGate | false;
}

/**
 * The hot engine: gives each module an `import.meta.hot`, and applies file changes to the
 * running program. Only the chain from a changed module up to the nearest boundary
 * re-runs, in place; where nothing accepts, the entries are imported again (after every
 * module's dispose handlers ran). Updates run one at a time; errors are reported, never
 * fatal, and a failed update leaves the previous code in service.
 */
export class HotEngine {
  /** The module graph underneath: its records, how ids resolve (read it; loading goes through the engine). */
  readonly runner: ModuleRunner;
  readonly #transport: Transport | undefined;
  readonly #logger: HotLogger;
  readonly #hot: HotModules;
  readonly #entries: string[] = [];
  /** The ids the entries resolved to. */
  readonly #entryIds = new Set<string>();
  /** What the watcher was last given: the graph's version and whether failures widened it. */
  #watched = '';
  readonly #events = new HostListeners();
  readonly #trace = process.env.HOT_NODE_TRACE === '1';
  readonly #onFullReload: HotEngineOptions['onFullReload'];
  /** An entry failed to load: the next change, whatever it is, retries them all. */
  #broken = false;
  /** Files of updates that failed: applied again with the next change (a fix may be elsewhere). */
  readonly #retry = new Set<string>();
  #queue: Promise<unknown> = Promise.resolve();
  #pendingFiles = new Set<string>();
  /** Files of the pending update to re-run even though their content is the one running. */
  #pendingForced = new Set<string>();
  #pendingReportedAt: number | undefined;
  #pendingUpdate: Promise<UpdateReport> | undefined;
  #transaction: UpdateTransaction | undefined;
  #invalidations: ModuleRecord[] = [];
  readonly #order = new EvaluationOrder();
  #updateCount = 0;
  #closed = false;
  /** Cancels the preparation of the transforms for a first edit (see `ModuleRunner.prepareForEdits`). */
  #cancelPrepare: (() => void) | undefined;
  readonly #gate: UpdateGate | undefined;
  /** The default gate, which the engine created and closes. */
  readonly #ownGate: ServerGate | undefined;
  /** Whether the gate's `begin()` was called (by the update running, or by a file being saved). */
  #gateOpen = false;
  /** Updates queued or running. */
  #tasks = 0;
  /** Reports of updates that ended, to be announced once the gate is closed. */
  #unannounced: UpdateReport[] = [];
  /** Closes a gate that a file event opened if no update follows (a transport that never says). */
  #earlyGateTimer: NodeJS.Timeout | undefined;

  constructor(options: HotEngineOptions = {}) {
    const hmr = options.hmr !== false;
    this.#logger = options.logger ?? createStderrLogger();
    this.#onFullReload = options.onFullReload;
    this.runner = new ModuleRunner({
      ...options,
      onImportMeta: hmr ? (meta, module) => this.#hot.attach(meta, module) : undefined,
      onEvaluated: (module) => this.#transaction?.evaluated(module),
    });
    this.#hot = new HotModules(this.runner, this.#logger, this.#owner, this.#events);
    this.#transport = hmr
      ? (options.transport ?? createInProcessTransport({ watch: options.watch !== false }))
      : undefined;
    this.#transport?.connect((message) => this.#onTransportMessage(message));
    if (hmr && options.updateGate === undefined) this.#ownGate = createServerGate({ logger: this.#logger });
    this.#gate = hmr && options.updateGate !== false ? (options.updateGate ?? this.#ownGate) : undefined;
  }

  /**
   * Imports an entry module and remembers it: a full reload imports the entries again.
   * When it fails, the engine keeps watching and retries with the next change.
   */
  async import(specifier: string): Promise<ModuleNamespace> {
    if (!this.#entries.includes(specifier)) this.#entries.push(specifier);
    try {
      this.#entryIds.add(this.runner.resolveEntry(specifier));
      const namespace = await this.runner.import(specifier);
      this.#broken = false;
      return namespace;
    } catch (error) {
      this.#broken = true;
      throw error;
    } finally {
      this.#syncWatcher();
      // Started, or broken at start: either way the next thing to happen is an edit.
      if (this.#transport && !this.#closed) this.#cancelPrepare ??= this.runner.prepareForEdits();
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
      const changed = [...new Set([...this.#pendingFiles, ...this.#retry])].sort();
      const at = this.#pendingReportedAt;
      const forced = this.#pendingForced;
      this.#pendingFiles = new Set();
      this.#pendingForced = new Set();
      this.#pendingReportedAt = undefined;
      return this.#runUpdate(changed, at, forced);
    });
    return this.#pendingUpdate;
  }

  /**
   * Re-runs the modules of `files` (absolute paths) as an update, as if they had changed,
   * although their source is the one running: what they read elsewhere changed (an
   * environment variable, a data file). Propagation is the same as for an edit.
   */
  invalidate(files: readonly string[]): Promise<UpdateReport> {
    for (const file of files) this.#pendingForced.add(path.resolve(file));
    return this.update(files);
  }

  /** Disposes every module and imports the entries again, as when no boundary takes a change. */
  reload(reason = 'reload requested'): Promise<UpdateReport> {
    return this.#enqueue(async () => {
      const report = new ReportBuilder(++this.#updateCount, undefined);
      return this.#finish(report, await this.#fullReload(report, reason, []));
    });
  }

  /**
   * Listens to `update` (the report of each update) or to one of Vite's events, which the
   * host hears as modules do through `import.meta.hot.on()`. See {@link HotEngineEvents}.
   */
  on<E extends HotEngineEvent>(event: E, listener: HotEngineEvents[E]): void {
    this.#events.add(event, listener);
  }

  /** Stops calling a listener added with {@link HotEngine.on}. */
  off<E extends HotEngineEvent>(event: E, listener: HotEngineEvents[E]): void {
    this.#events.remove(event, listener);
  }

  /**
   * Runs every module's dispose handlers (servers close, timers stop), then releases the
   * watcher and the runner: nothing of the engine keeps the process alive.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#earlyGateTimer);
    this.#cancelPrepare?.();
    await this.#queue.catch(() => {});
    const report = new ReportBuilder(0, undefined);
    await this.#hot.disposeAll(report);
    for (const { phase, module, error } of report.errors) {
      this.#logger.error(
        `error during ${phase}${module ? ` in ${displayPath(module)}` : ''}: ${String(error)}`,
      );
    }
    await this.#transport?.close();
    await this.runner.close();
    this.#hot.clearContexts();
    this.#events.clear();
    this.#ownGate?.close();
  }

  /** The hot context of a module's current version (undefined until it touched `import.meta.hot`). */
  contextOf(module: ModuleRecord) {
    return this.#hot.contextOf(module);
  }

  // ---- import.meta.hot ---------------------------------------------------------------

  readonly #owner: HotContextOwner = {
    resolveDependency: (module, specifier) => this.runner.resolveId(specifier, module),
    invalidate: (module, message) => this.#invalidate(module, message),
    send: (event, data) => this.#transport?.send({ type: 'custom', event, data }),
  };

  #invalidate(module: ModuleRecord, message: string | undefined): void {
    void this.#hot.notify('vite:invalidate', { path: module.id, message, firstInvalidatedBy: module.id });
    this.#logger.info(`invalidate ${displayPath(module.id)}${message ? `: ${message}` : ''}`);
    // Outside an update there is nothing to pass on (as in Vite: a first load ignores it).
    if (this.#transaction && !this.#invalidations.includes(module)) this.#invalidations.push(module);
  }

  // ---- updates -----------------------------------------------------------------------

  /** The update changes the program from here on: the gate holds what must not see it half-done. */
  #openGate(): void {
    if (this.#gateOpen || !this.#gate) return;
    this.#gateOpen = true;
    this.#gate.begin();
  }

  async #closeGate(): Promise<void> {
    if (!this.#gateOpen) return;
    this.#gateOpen = false;
    await this.#gate?.end();
  }

  /**
   * A graph file is being saved: requests from now on are for the code being written, so the
   * gate holds them already, while the file settles and is transformed. That also leaves the
   * CPU to the update rather than to pages of the old code. The update that follows, or word
   * that the save changed nothing, ends the hold. While an update runs, the next one holds
   * requests when it starts, as before.
   */
  #onChanging(file: string): void {
    this.runner.warm(file);
    if (this.#tasks > 0 || !this.#gate) return;
    this.#openGate();
    clearTimeout(this.#earlyGateTimer);
    this.#earlyGateTimer = setTimeout(() => this.#releaseEarlyGate(), EARLY_HOLD_TIMEOUT_MS);
    this.#earlyGateTimer.unref();
  }

  #releaseEarlyGate(): void {
    clearTimeout(this.#earlyGateTimer);
    if (this.#tasks === 0) void this.#closeGate();
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    this.#tasks++;
    clearTimeout(this.#earlyGateTimer);
    const result = this.#queue
      .then(() => guardExit(task))
      .finally(async () => {
        this.#tasks--;
        await this.#closeGate();
        this.#announce();
      });
    this.#queue = result.catch(() => {});
    return result;
  }

  async #runUpdate(
    files: string[],
    reportedAt: number | undefined,
    forced: ReadonlySet<string>,
  ): Promise<UpdateReport> {
    const report = new ReportBuilder(++this.#updateCount, reportedAt);
    report.changedFiles = files;
    if (files.some((file) => !this.#inGraph(file) || !existsSync(file))) this.runner.clearResolutionCache();
    if (this.#broken) {
      return this.#finish(report, await this.#fullReload(report, 'the program had failed to load', []));
    }
    // The version running is the truth: a save that left its content as it was is no change.
    const changed = this.#recordsOf(files).filter(
      (module) => forced.has(module.file!) || !this.runner.isCurrent(module),
    );
    if (changed.length === 0) return this.#finish(report, 'no-change');
    let outcome = await this.#transact(report, changed);
    const invalidated = new Set<ModuleRecord>();
    while (outcome === 'hot-update' && this.#invalidations.length > 0)
      outcome = await this.#passOnInvalidation(report, invalidated);
    this.#invalidations = [];
    if (outcome === 'failed') for (const file of files) this.#retry.add(file);
    else this.#retry.clear();
    return this.#finish(report, outcome);
  }

  /** Runs one transaction and turns its outcome into the update's. */
  async #transact(
    report: ReportBuilder,
    changed: readonly ModuleRecord[],
    firstInvalidatedBy?: ModuleRecord,
  ): Promise<UpdateOutcome> {
    this.#openGate();
    const host = {
      runner: this.runner,
      hot: this.#hot,
      order: this.#order,
      entries: () => new Set(this.#entryRecords()),
      send: (payload: HotPayload) => this.#transport?.send(payload),
      beforeDispose: () => this.#gate?.beforeDispose() ?? Promise.resolve(),
      onRevive: (revival: UpdateTransaction) => {
        this.#transaction = revival;
      },
    };
    this.#transaction = new UpdateTransaction(host, report);
    let outcome: TransactionOutcome;
    try {
      outcome = await this.#transaction.apply(changed, firstInvalidatedBy);
    } finally {
      this.#transaction = undefined;
    }
    if (outcome.kind !== 'full-reload') return outcome.kind;
    return this.#fullReload(
      report,
      this.#reloadReason(outcome),
      outcome.chain.map((m) => displayPath(m.id)),
    );
  }

  /**
   * `invalidate()` during the update: the module's importers take it, as if they had changed.
   * A module that invalidates again in the same update would do so forever (modules of a
   * cycle passing it to each other): that is a full reload.
   */
  async #passOnInvalidation(report: ReportBuilder, invalidated: Set<ModuleRecord>): Promise<UpdateOutcome> {
    const module = this.#invalidations.shift()!;
    if (invalidated.has(module)) {
      const reason = `${displayPath(module.id)} invalidated itself again in the same update (an invalidate loop)`;
      return this.#fullReload(report, reason, [displayPath(module.id)]);
    }
    invalidated.add(module);
    const importers = [...module.importers].filter((m) => !m.external);
    if (importers.length === 0) {
      return this.#fullReload(report, `${displayPath(module.id)} invalidated itself and nothing imports it`, [
        displayPath(module.id),
      ]);
    }
    return this.#transact(report, importers, module);
  }

  #reloadReason(outcome: Extract<TransactionOutcome, { kind: 'full-reload' }>): string {
    if (outcome.reason) return outcome.reason;
    const last = outcome.chain[outcome.chain.length - 1];
    if (!last) return 'no module accepts the update';
    return outcome.chain.length > 1
      ? `no module on the import chain accepts the update, up to ${displayPath(last.id)}, which nothing imports`
      : `${displayPath(last.id)} does not accept updates and nothing imports it`;
  }

  /**
   * Disposes every module (importers first, so a server closes before what it uses), forgets
   * them all but their `data`, and imports the entries again. Unlike Vite's runner, dispose
   * handlers run: servers close and ports are free before the entries run again.
   */
  async #fullReload(report: ReportBuilder, reason: string, chain: string[]): Promise<UpdateOutcome> {
    report.fullReload = { reason, chain };
    if (this.#onFullReload?.(reason, chain) === false) return 'full-reload';
    this.#openGate();
    await this.#gate?.beforeDispose();
    const payload: HotPayload = {
      type: 'full-reload',
      ...(report.changedFiles[0] ? { triggeredBy: report.changedFiles[0] } : {}),
    };
    await this.#hot.notify('vite:beforeFullReload', payload);
    await this.#hot.disposeAll(report);
    for (const module of [...this.runner.modules]) if (!module.external) this.runner.forget(module);
    this.#hot.clearContexts();
    this.#invalidations = [];
    this.runner.clearResolutionCache();
    report.transformed = report.elapsed();
    let failed = false;
    for (const entry of this.#entries) {
      try {
        await this.runner.import(entry);
      } catch (error) {
        failed = true;
        report.error('full-reload', errorFile(error) ?? entry, error);
      }
    }
    report.reEvaluated.push(...[...this.runner.modules].filter((m) => !m.external).map((m) => m.id));
    this.#broken = failed;
    this.#retry.clear();
    report.evaluated = report.elapsed();
    this.#transport?.send(payload);
    return failed ? 'failed' : 'full-reload';
  }

  // ---- plumbing ----------------------------------------------------------------------

  /**
   * Ends an update's report. What it says (log lines, `vite:error`, the `update` event) waits
   * for {@link #announce}, after the gate let the held requests through: writing the lines and
   * serialising the report for listeners took half a millisecond of every update's latency.
   */
  #finish(report: ReportBuilder, outcome: UpdateOutcome): UpdateReport {
    const done = report.finish(outcome);
    this.#syncWatcher();
    if (outcome !== 'no-change') this.#unannounced.push(done);
    return done;
  }

  /** Says what the updates that just ended did; runs before their `update()` promises resolve. */
  #announce(): void {
    for (const done of this.#unannounced.splice(0)) {
      const failed = done.outcome === 'failed' || done.errors.length > 0;
      for (const line of describeReport(done)) (failed ? this.#logger.error : this.#logger.info)(line);
      for (const line of describePropagation(done)) this.#logger.debug(line);
      (this.#trace ? this.#logger.info : this.#logger.debug)(describeTimings(done));
      for (const { error } of done.errors) {
        void this.#hot.notify('vite:error', { type: 'error', err: errorPayload(error) });
        this.#transport?.send({ type: 'error', err: errorPayload(error) });
      }
      this.#emitUpdate(done);
    }
  }

  /** A host's listener that throws is reported; the update it hears about is done all the same. */
  #emitUpdate(report: UpdateReport): void {
    for (const listener of this.#events.of('update')) {
      try {
        listener(report);
      } catch (error) {
        this.#logger.error(`a listener of update threw: ${String(error)}`);
      }
    }
  }

  #onTransportMessage(message: TransportMessage): void {
    if (this.#closed) return;
    if (message.type === 'change') void this.update(message.files, message.at);
    else if (message.type === 'changing') this.#onChanging(message.file);
    else if (message.type === 'unchanged') this.#releaseEarlyGate();
    else void this.#hot.notify(message.event, message.data);
  }

  #recordsOf(files: readonly string[]): ModuleRecord[] {
    return files.flatMap((file) => this.runner.modulesOfFile(file));
  }

  #inGraph(file: string): boolean {
    return this.runner.modulesOfFile(file).length > 0;
  }

  #entryRecords(): ModuleRecord[] {
    const records: ModuleRecord[] = [];
    for (const id of this.#entryIds) {
      const record = this.runner.getModule(id);
      if (record) records.push(record);
    }
    return records;
  }

  /**
   * The watcher follows the graph: the file of every module, files that imports looked for
   * in vain, and while something failed, every file the last attempt read (a module of a
   * graph that failed to load is not in the graph, but its fix must be seen).
   */
  #syncWatcher(): void {
    if (!this.#transport || this.#closed) return;
    const failing = this.#broken || this.#retry.size > 0;
    // Most updates change no file of the graph: then the watcher needs no new list.
    const state = `${this.runner.graphVersion}:${failing}:${this.runner.missingFiles.size}`;
    if (state === this.#watched && !failing) return;
    this.#watched = state;
    const files = new Set<string>(this.runner.missingFiles);
    for (const module of this.runner.modules) if (!module.external && module.file) files.add(module.file);
    if (this.#broken || this.#retry.size > 0) {
      for (const file of this.runner.touchedFiles) files.add(file);
      for (const file of this.#retry) files.add(file);
    } else {
      this.runner.touchedFiles.clear();
    }
    // Packages are imported natively, never updated: no transport is asked to watch into them.
    for (const file of files) if (file.includes(NODE_MODULES)) files.delete(file);
    this.#transport.watch(files);
  }
}

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;
/**
 * Longest requests are held for a save that no update follows: the watcher says when a save
 * changed nothing, so this is only for a transport that never does.
 */
const EARLY_HOLD_TIMEOUT_MS = 500;

function errorPayload(error: unknown): { message: string; stack?: string } {
  // Not `instanceof Error`: an error thrown in an isolated runner's context has that context's Error.
  const { message, stack } = (typeof error === 'object' && error !== null ? error : {}) as {
    message?: unknown;
    stack?: unknown;
  };
  if (typeof message !== 'string') return { message: String(error) };
  return { message, ...(typeof stack === 'string' && stack ? { stack } : {}) };
}
