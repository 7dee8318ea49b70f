/** Where in an update an error happened. */
export type UpdatePhase =
  | 'transform'
  | 'evaluate'
  | 'dispose'
  | 'accept'
  | 'prune'
  | 'listener'
  | 'full-reload';

/** An error caught during an update: reported, never fatal. */
export interface UpdateError {
  readonly phase: UpdatePhase;
  /** The module (file path or id) it concerns, when there is one. */
  readonly module: string | undefined;
  readonly error: unknown;
}

/** How an update ended. */
export type UpdateOutcome =
  /** The changed modules and their chains up to the boundaries were replaced in place. */
  | 'hot-update'
  /** No boundary took the change: the entries were imported again. */
  | 'full-reload'
  /** The change did not concern the running graph, or changed nothing. */
  | 'no-change'
  /** The update failed and the previous code stays in service. */
  | 'failed';

/** What one update did: awaitable from `update()`, and emitted as the `update` event. */
export interface UpdateReport {
  /** Increases by one per update, from 1. */
  readonly id: number;
  readonly outcome: UpdateOutcome;
  /** Absolute paths of the files whose change this update applied. */
  readonly changedFiles: readonly string[];
  /** Modules that took the update, and through which module. */
  readonly boundaries: ReadonlyArray<{ readonly boundary: string; readonly acceptedVia: string }>;
  readonly disposed: readonly string[];
  /** Modules that ran again, in the order they ran. */
  readonly reEvaluated: readonly string[];
  readonly pruned: readonly string[];
  /** Set for a full reload: why, and the import chain that reached an entry with no boundary. */
  readonly fullReload: { readonly reason: string; readonly chain: readonly string[] } | undefined;
  readonly errors: readonly UpdateError[];
  /** The update failed after old versions were disposed, and their code was run again. */
  readonly revived: boolean;
  /** Milliseconds since the update started (performance.now() differences). */
  readonly timings: UpdateTimings;
}

export interface UpdateTimings {
  /** When the change was reported (file event), relative to `started`; 0 for API calls. */
  readonly reported: number;
  /** Changed files transformed and linked. */
  readonly transformed: number;
  /** New versions evaluated. */
  readonly evaluated: number;
  /** Accept callbacks and prune handlers done: the update is complete. */
  readonly done: number;
}

/** Collects a report while an update runs. */
export class ReportBuilder {
  readonly id: number;
  readonly started: number;
  changedFiles: string[] = [];
  boundaries: Array<{ boundary: string; acceptedVia: string }> = [];
  disposed: string[] = [];
  reEvaluated: string[] = [];
  pruned: string[] = [];
  fullReload: { reason: string; chain: string[] } | undefined;
  errors: UpdateError[] = [];
  revived = false;
  reported = 0;
  transformed = 0;
  evaluated = 0;

  constructor(id: number, reportedAt: number | undefined) {
    this.id = id;
    this.started = performance.now();
    if (reportedAt !== undefined) this.reported = reportedAt - this.started;
  }

  /** Milliseconds since the update started. */
  elapsed(): number {
    return performance.now() - this.started;
  }

  error(phase: UpdatePhase, module: string | undefined, error: unknown): void {
    // V8 builds a stack lazily: build it now, while the source maps are the failing version's.
    // Not `instanceof Error`: an error thrown in an isolated runner's context has that context's Error.
    if (typeof error === 'object' && error !== null) void (error as { stack?: unknown }).stack;
    this.errors.push({ phase, module, error });
  }

  finish(outcome: UpdateOutcome): UpdateReport {
    const done = this.elapsed();
    return {
      id: this.id,
      outcome,
      changedFiles: this.changedFiles,
      boundaries: this.boundaries,
      disposed: this.disposed,
      reEvaluated: this.reEvaluated,
      pruned: this.pruned,
      fullReload: this.fullReload,
      errors: this.errors,
      revived: this.revived,
      timings: {
        reported: this.reported,
        transformed: this.transformed || done,
        evaluated: this.evaluated || done,
        done,
      },
    };
  }
}
