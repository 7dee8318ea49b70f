/**
 * Types for `import.meta.hot` in code run by hot-node. Add them to a project with
 * `"types": ["hot-node/client"]` in tsconfig.json, or `/// <reference types="hot-node/client" />`.
 */

/** A module namespace, as accept callbacks receive it. */
export type ModuleNamespace = Record<string, any>;

/** The events hot-node emits to modules, with their payloads (Vite's names). */
export interface HotEventPayloads {
  'vite:beforeUpdate': { type: 'update'; updates: HotUpdate[] };
  'vite:afterUpdate': { type: 'update'; updates: HotUpdate[] };
  'vite:beforeFullReload': { type: 'full-reload'; path?: string; triggeredBy?: string };
  'vite:beforePrune': { type: 'prune'; paths: string[] };
  'vite:invalidate': { path: string; message: string | undefined; firstInvalidatedBy: string };
  'vite:error': { type: 'error'; err: { message: string; stack?: string } };
}

/** One module that took an update. */
export interface HotUpdate {
  type: 'js-update';
  path: string;
  acceptedPath: string;
  timestamp: number;
  firstInvalidatedBy?: string;
}

type Payload<E extends string> = E extends keyof HotEventPayloads ? HotEventPayloads[E] : any;

/** `import.meta.hot`: the hot module replacement API of one module version. */
export interface HotModuleContext {
  /** State handed from each version of the module to the next (fill it in `dispose`). */
  readonly data: any;
  /** Accepts updates of this module. */
  accept(): void;
  accept(callback: (mod: ModuleNamespace | undefined) => void): void;
  /** Accepts updates of a dependency, given as it is imported. */
  accept(dependency: string, callback?: (mod: ModuleNamespace | undefined) => void): void;
  accept(
    dependencies: readonly string[],
    callback?: (mods: Array<ModuleNamespace | undefined>) => void,
  ): void;
  /** Accepts updates that change only these exports; importers using nothing else are not re-run. */
  acceptExports(
    exportNames: string | readonly string[],
    callback?: (mod: ModuleNamespace | undefined) => void,
  ): void;
  /** Runs before this version is replaced or removed. */
  dispose(callback: (data: any) => void | Promise<void>): void;
  /** Runs when the module is no longer imported. */
  prune(callback: (data: any) => void | Promise<void>): void;
  /** Passes the current update on to this module's importers. */
  invalidate(message?: string): void;
  /** Does nothing; kept for code written for Vite. */
  decline(): void;
  on<E extends string>(event: E, callback: (payload: Payload<E>) => void): void;
  off<E extends string>(event: E, callback: (payload: Payload<E>) => void): void;
  /** Sends a custom event to the other side of the transport. */
  send<E extends string>(event: E, data?: Payload<E>): void;
}

declare global {
  interface ImportMeta {
    /** Undefined when hot module replacement is off (`--no-hmr`). */
    readonly hot?: HotModuleContext;
  }
}
