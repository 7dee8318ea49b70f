import type { HotPayload } from '../transport/hot-payload.js';
import type { UpdateReport } from './update-report.js';

/** Payload of `vite:beforeUpdate` and `vite:afterUpdate`: the modules that take the update. */
export type UpdatePayload = Extract<HotPayload, { type: 'update' }>;
/** Payload of `vite:beforeFullReload`. */
export type FullReloadPayload = Extract<HotPayload, { type: 'full-reload' }>;
/** Payload of `vite:beforePrune`: the ids of the modules no longer imported. */
export type PrunePayload = Extract<HotPayload, { type: 'prune' }>;
/** Payload of `vite:error`: an error caught during an update. */
export type ErrorPayload = Extract<HotPayload, { type: 'error' }>;

/** Payload of `vite:invalidate`: a module called `import.meta.hot.invalidate()`. */
export interface InvalidatePayload {
  /** The id (URL) of the module that invalidated itself. */
  readonly path: string;
  /** The message given to `invalidate()`. */
  readonly message: string | undefined;
  readonly firstInvalidatedBy: string;
}

/**
 * Events a host can listen to with `on()`. Besides `update`, they are the events modules
 * hear through `import.meta.hot.on()`, with the same names and payloads as in Vite, at the
 * same moments; promises a listener returns are awaited with the modules' own.
 */
export interface HotEngineEvents {
  /** After every update that changed something (a save of the same content is none), with what it did. */
  update: (report: UpdateReport) => void;
  /** The changed modules are transformed and linked; nothing was disposed yet. */
  'vite:beforeUpdate': (payload: UpdatePayload) => void | Promise<void>;
  /** The new versions ran and the accept callbacks got them. */
  'vite:afterUpdate': (payload: UpdatePayload) => void | Promise<void>;
  /** A full reload starts: no dispose handler has run yet. */
  'vite:beforeFullReload': (payload: FullReloadPayload) => void | Promise<void>;
  /** Modules no longer imported are about to be disposed and pruned. */
  'vite:beforePrune': (payload: PrunePayload) => void | Promise<void>;
  /** A module passed the update on to its importers. */
  'vite:invalidate': (payload: InvalidatePayload) => void | Promise<void>;
  /** An update failed, or one of its callbacks threw: one event per error of the report. */
  'vite:error': (payload: ErrorPayload) => void | Promise<void>;
}

/** The name of an event of {@link HotEngineEvents}. */
export type HotEngineEvent = keyof HotEngineEvents;

type Listener = (payload: unknown) => unknown;

/** The host's listeners, by event. */
export class HostListeners {
  readonly #listeners = new Map<string, Listener[]>();

  add(event: string, listener: (payload: never) => unknown): void {
    const list = this.#listeners.get(event) ?? [];
    // Copied on write: listeners added or removed while an event is delivered do not change that delivery.
    if (!list.includes(listener as Listener)) this.#listeners.set(event, [...list, listener as Listener]);
  }

  remove(event: string, listener: (payload: never) => unknown): void {
    const list = this.#listeners.get(event)?.filter((l) => l !== listener) ?? [];
    if (list.length > 0) this.#listeners.set(event, list);
    else this.#listeners.delete(event);
  }

  /** The listeners of `event` at this moment. */
  of(event: string): readonly Listener[] {
    return this.#listeners.get(event) ?? [];
  }

  clear(): void {
    this.#listeners.clear();
  }
}
