import type { ModuleRecord } from '../runner/module-record.js';

/**
 * The order in which a first load evaluates the graph (the entries' imports depth-first, in
 * import order, post-order), kept across updates. Updates evaluate their modules in this
 * order so that cycles and siblings run as they did at start. Walking a 2000-module graph
 * costs about a millisecond, more than the rest of a small update, and the order only
 * changes when some module's imports change: the engine keeps one order until then.
 */
export class EvaluationOrder {
  #positions: Map<ModuleRecord, number> | undefined;
  #graphVersion = -1;

  /**
   * Computes the order now if it is not known or modules came or went since (the runner's
   * `graphVersion` tells). Call it while every module is linked (before an update resets
   * any), so that the walk sees all imports.
   */
  ensure(entries: Iterable<ModuleRecord>, modules: Iterable<ModuleRecord>, graphVersion: number): void {
    if (this.#positions && this.#graphVersion === graphVersion) return;
    this.#graphVersion = graphVersion;
    const positions = new Map<ModuleRecord, number>();
    const visit = (module: ModuleRecord): void => {
      if (positions.has(module)) return;
      positions.set(module, -1);
      for (const child of module.requested) visit(child);
      positions.set(module, positions.size);
    };
    for (const entry of entries) visit(entry);
    for (const module of modules) visit(module);
    this.#positions = positions;
  }

  /** `modules` in evaluation order; a module new to the graph goes before the ones it meets. */
  sort(modules: Iterable<ModuleRecord>): ModuleRecord[] {
    const positions = this.#positions;
    const sorted = [...modules];
    if (positions) sorted.sort((a, b) => (positions.get(a) ?? 0) - (positions.get(b) ?? 0));
    return sorted;
  }

  /** Forgets the order: a module's imports changed. The next {@link ensure} walks again. */
  invalidate(): void {
    this.#positions = undefined;
  }
}

/** Whether two versions of a module import the same records, in the same order. */
export function sameImports(a: readonly ModuleRecord[], b: readonly ModuleRecord[]): boolean {
  return a.length === b.length && a.every((record, index) => record === b[index]);
}
