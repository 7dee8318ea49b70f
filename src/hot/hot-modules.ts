import type { ModuleInstance, ModuleRecord } from '../runner/module-record.js';
import type { ModuleRunner } from '../runner/module-runner.js';
import { HotContext, type HotContextOwner } from './hot-context.js';
import type { HostListeners } from './hot-events.js';
import type { HotLogger } from './hot-logger.js';
import type { ReportBuilder } from './update-report.js';

/** The state of a module version that an update replaced, to restore if the update fails. */
export interface Replaced {
  readonly instance: ModuleInstance;
  readonly context: HotContext | undefined;
}

/**
 * The hot side of every module: the context of its current version, its `data` (kept
 * across versions until it is pruned), and the steps that replace a version: reset,
 * restore, dispose, and telling listeners.
 */
export class HotModules {
  readonly #runner: ModuleRunner;
  readonly #logger: HotLogger;
  readonly #owner: HotContextOwner;
  readonly #host: HostListeners | undefined;
  readonly #contexts = new Map<ModuleRecord, HotContext>();
  readonly #data = new Map<string, Record<string, unknown>>();
  /** Bumped each time a record is reset or restored, so a replaced version's `import.meta` is told apart. */
  readonly #versions = new WeakMap<ModuleRecord, number>();

  /** @param host The host's listeners: they hear every event the modules hear. */
  constructor(runner: ModuleRunner, logger: HotLogger, owner: HotContextOwner, host?: HostListeners) {
    this.#runner = runner;
    this.#logger = logger;
    this.#owner = owner;
    this.#host = host;
  }

  /** The hot context of a module's current version (undefined until it touched `import.meta.hot`). */
  contextOf(module: ModuleRecord): HotContext | undefined {
    return this.#contexts.get(module);
  }

  /** Gives a module's `import.meta` its `hot`, created on first use for the current version only. */
  attach(meta: Record<string, unknown>, module: ModuleRecord): void {
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

  /** Starts a new version of `module`: its context goes, its state is kept for a restore. */
  reset(module: ModuleRecord, keepCode: boolean): Replaced {
    const context = this.#contexts.get(module);
    this.#contexts.delete(module);
    this.#bump(module);
    return { instance: module.resetInstance(keepCode), context };
  }

  /** Puts a replaced version back in service, with its context (already disposed: it never is twice). */
  restore(module: ModuleRecord, old: Replaced): void {
    this.#runner.restoreInstance(module, old.instance);
    this.#bump(module);
    if (old.context) this.#contexts.set(module, old.context);
    else this.#contexts.delete(module);
  }

  /** Runs a version's dispose handlers, in order, awaited, each with the module's `data`; once. */
  async dispose(module: ModuleRecord, context: HotContext | undefined, report: ReportBuilder): Promise<void> {
    if (!context || context.disposed) return;
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

  /** Disposes every current version, importers before what they import (a server closes first). */
  async disposeAll(report: ReportBuilder): Promise<void> {
    const order: ModuleRecord[] = [];
    const seen = new Set<ModuleRecord>();
    const visit = (module: ModuleRecord): void => {
      if (seen.has(module)) return;
      seen.add(module);
      for (const child of module.requested) visit(child);
      order.push(module);
    };
    for (const module of this.#runner.modules) visit(module);
    for (const module of order.reverse()) await this.dispose(module, this.#contexts.get(module), report);
  }

  /** A pruned module: its prune handlers run, then its context and `data` are dropped. */
  async prune(module: ModuleRecord, report: ReportBuilder): Promise<void> {
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

  /** Forgets every context (a full reload); `data` stays for the next versions. */
  clearContexts(): void {
    this.#contexts.clear();
  }

  /**
   * Calls every current version's listeners of `event`, then the host's, awaiting them; a
   * failing listener is logged.
   */
  async notify(event: string, payload: unknown): Promise<void> {
    const calls: unknown[] = [];
    const listeners = [...this.#contexts.values()].flatMap((context) => context.listeners.get(event) ?? []);
    for (const listener of [...listeners, ...(this.#host?.of(event) ?? [])]) {
      try {
        calls.push(listener(payload));
      } catch (error) {
        this.#logger.error(`a listener of ${event} threw: ${String(error)}`);
      }
    }
    for (const result of await Promise.allSettled(calls)) {
      if (result.status === 'rejected') {
        this.#logger.error(`a listener of ${event} failed: ${String(result.reason)}`);
      }
    }
  }

  #dataOf(id: string): Record<string, unknown> {
    let data = this.#data.get(id);
    if (!data) {
      data = {};
      this.#data.set(id, data);
    }
    return data;
  }

  #bump(module: ModuleRecord): void {
    this.#versions.set(module, (this.#versions.get(module) ?? 0) + 1);
  }
}
