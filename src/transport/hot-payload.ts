/**
 * Messages between a hot engine and the other side of its transport, shaped like Vite's
 * HMR payloads so that an author who knows Vite's module runner knows these.
 */

/** One module that took an update. */
export interface Update {
  readonly type: 'js-update';
  /** The boundary's id (URL). */
  readonly path: string;
  /** The module it accepted: itself, or one of its dependencies. */
  readonly acceptedPath: string;
  readonly timestamp: number;
  readonly firstInvalidatedBy?: string;
}

export type HotPayload =
  | { readonly type: 'connected' }
  | { readonly type: 'update'; readonly updates: readonly Update[] }
  | { readonly type: 'full-reload'; readonly path?: string; readonly triggeredBy?: string }
  | { readonly type: 'prune'; readonly paths: readonly string[] }
  | { readonly type: 'custom'; readonly event: string; readonly data?: unknown }
  | {
      readonly type: 'error';
      readonly err: {
        readonly message: string;
        readonly stack?: string;
        readonly id?: string;
        readonly frame?: string;
        readonly loc?: { readonly file: string; readonly line: number; readonly column: number };
      };
    };
