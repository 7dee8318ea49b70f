import type { ModuleRecord } from '../runner/module-record.js';

/** A module namespace as accept callbacks receive it. */
export type ModuleNamespace = Record<string, unknown>;

/** What a hot context asks of the engine that owns it. */
export interface HotContextOwner {
  /** The id a dependency specifier written in `module` resolves to. */
  resolveDependency(module: ModuleRecord, specifier: string): string;
  /** `import.meta.hot.invalidate()`: re-propagate the current update from the module's importers. */
  invalidate(module: ModuleRecord, message: string | undefined): void;
  /** `import.meta.hot.send()`: a custom event to the other side of the transport. */
  send(event: string, data: unknown): void;
}

/** An `accept(dep, cb)` or `accept([deps], cb)` registration. */
export interface DependencyAcceptance {
  readonly ids: readonly string[];
  readonly callback: ((mods: unknown) => void) | undefined;
  /** The callback takes an array (accept was given an array). */
  readonly array: boolean;
}

type Listener = (payload: unknown) => void;

/**
 * `import.meta.hot`: what one version of a module registered with the hot engine.
 *
 * Registrations belong to this version alone (a new version starts with none, so adding or
 * removing `accept()` takes effect with the edit that does it); `data` belongs to the
 * module and is handed from each version to the next until the module is pruned.
 */
export class HotContext {
  /** State kept across versions: `dispose` handlers fill it, the next version reads it. */
  readonly data: Record<string, unknown>;

  /** @internal */ selfAccepting = false;
  /** @internal */ readonly selfCallbacks: Array<(mod: ModuleNamespace | undefined) => void> = [];
  /** @internal */ readonly dependencyAcceptances: DependencyAcceptance[] = [];
  /** @internal */ acceptedExports: Set<string> | undefined;
  /** @internal */ readonly exportCallbacks: Array<(mod: ModuleNamespace | undefined) => void> = [];
  /** @internal */ readonly disposeHandlers: Array<(data: Record<string, unknown>) => unknown> = [];
  /** @internal */ readonly pruneHandlers: Array<(data: Record<string, unknown>) => unknown> = [];
  /** @internal */ readonly listeners = new Map<string, Listener[]>();
  /** @internal The dispose handlers of this version ran: they never run twice. */
  disposed = false;

  readonly #owner: HotContextOwner;
  readonly #module: ModuleRecord;

  /** @internal */
  constructor(owner: HotContextOwner, module: ModuleRecord, data: Record<string, unknown>) {
    this.#owner = owner;
    this.#module = module;
    this.data = data;
  }

  /**
   * Accepts updates of this module (no dependency given), of one dependency, or of several.
   * The callback runs after the new version has evaluated, with its namespace (for an
   * array of dependencies: an array, with `undefined` for those that did not change).
   */
  accept(): void;
  accept(callback: (mod: ModuleNamespace | undefined) => void): void;
  accept(dependency: string, callback?: (mod: ModuleNamespace | undefined) => void): void;
  accept(
    dependencies: readonly string[],
    callback?: (mods: Array<ModuleNamespace | undefined>) => void,
  ): void;
  accept(first?: unknown, callback?: unknown): void {
    if (first === undefined || typeof first === 'function') {
      this.selfAccepting = true;
      if (first) this.selfCallbacks.push(first as (mod: ModuleNamespace | undefined) => void);
      return;
    }
    if (typeof first === 'string' || Array.isArray(first)) {
      const specifiers = typeof first === 'string' ? [first] : (first as unknown[]).map(String);
      this.dependencyAcceptances.push({
        ids: specifiers.map((specifier) => this.#owner.resolveDependency(this.#module, specifier)),
        callback: typeof callback === 'function' ? (callback as (mods: unknown) => void) : undefined,
        array: Array.isArray(first),
      });
      return;
    }
    throw new TypeError(
      'import.meta.hot.accept() takes a callback, a dependency or an array of dependencies',
    );
  }

  /**
   * Accepts updates that change only the given exports: importers that use nothing else
   * are not re-evaluated. Naming every export makes the module self-accepting.
   */
  acceptExports(
    exportNames: string | readonly string[],
    callback?: (mod: ModuleNamespace | undefined) => void,
  ): void {
    const names = typeof exportNames === 'string' ? [exportNames] : exportNames;
    this.acceptedExports ??= new Set();
    for (const name of names) this.acceptedExports.add(name);
    if (callback) this.exportCallbacks.push(callback);
  }

  /** Runs before this version is replaced or removed, with `data` to hand state to the next one. */
  dispose(callback: (data: Record<string, unknown>) => unknown): void {
    this.disposeHandlers.push(callback);
  }

  /** Runs when the module is no longer imported (after its dispose handlers). */
  prune(callback: (data: Record<string, unknown>) => unknown): void {
    this.pruneHandlers.push(callback);
  }

  /** Passes the update on to this module's importers (for example when an accept callback cannot apply it). */
  invalidate(message?: string): void {
    this.#owner.invalidate(this.#module, message);
  }

  /** Kept for code written for Vite's runner, where it does nothing either. */
  decline(): void {}

  /** Listens to an event: `vite:beforeUpdate`, `vite:afterUpdate`, ... or a custom one. */
  on(event: string, callback: (payload: never) => void): void {
    const list = this.listeners.get(event) ?? [];
    list.push(callback as Listener);
    this.listeners.set(event, list);
  }

  off(event: string, callback: (payload: never) => void): void {
    const list = this.listeners.get(event);
    if (!list) return;
    const remaining = list.filter((listener) => listener !== (callback as Listener));
    if (remaining.length > 0) this.listeners.set(event, remaining);
    else this.listeners.delete(event);
  }

  /** Sends a custom event to the other side of the transport (the host, a dev server). */
  send(event: string, data?: unknown): void {
    this.#owner.send(event, data);
  }
}
