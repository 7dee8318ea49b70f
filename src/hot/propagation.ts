import type { ModuleRecord } from '../runner/module-record.js';
import type { HotContext } from './hot-context.js';

/** A module that takes an update: itself (`acceptedVia === boundary`) or one of its dependencies. */
export interface Boundary {
  readonly boundary: ModuleRecord;
  readonly acceptedVia: ModuleRecord;
}

/** Where an update goes. */
export interface Propagation {
  readonly boundaries: Boundary[];
  /** Modules that must be re-evaluated, besides the starting ones. */
  readonly stale: Set<ModuleRecord>;
  /** A path from a starting module to a module nothing imports, with no boundary on it. */
  readonly deadEnd: ModuleRecord[] | undefined;
}

/**
 * Walks importers from each starting module to the nearest boundaries. A module is a
 * boundary for itself when it self-accepts; an importer is one when it accepted the module
 * as a dependency; with `acceptExports`, importers that use only accepted names are not
 * visited. A path that reaches a module nothing imports without a boundary is a dead end:
 * the update needs a full reload, and the path explains why.
 *
 * @param contextOf The hot context of a module's current version (acceptance is what the
 *   module registered at run time).
 * @param alreadyUpdated Starting modules that already took the update and pass it on
 *   (`invalidate()`): their own acceptance is not consulted.
 */
export function propagateUpdate(
  starts: Iterable<ModuleRecord>,
  contextOf: (module: ModuleRecord) => HotContext | undefined,
  alreadyUpdated: ReadonlySet<ModuleRecord> = new Set(),
): Propagation {
  const boundaries: Boundary[] = [];
  const stale = new Set<ModuleRecord>();
  const visited = new Set<ModuleRecord>();
  let deadEnd: ModuleRecord[] | undefined;

  const addBoundary = (boundary: ModuleRecord, acceptedVia: ModuleRecord): void => {
    if (!boundaries.some((b) => b.boundary === boundary && b.acceptedVia === acceptedVia)) {
      boundaries.push({ boundary, acceptedVia });
    }
  };

  const walk = (module: ModuleRecord, chain: ModuleRecord[], consultSelf: boolean): boolean => {
    const context = contextOf(module);
    if (consultSelf && context?.selfAccepting) {
      addBoundary(module, module);
      return true;
    }
    if (visited.has(module)) return true;
    visited.add(module);
    const accepted = consultSelf ? context?.acceptedExports : undefined;
    if (accepted) addBoundary(module, module);
    if (module.importers.size === 0) {
      if (accepted) return true;
      deadEnd = chain;
      return false;
    }
    for (const importer of module.importers) {
      if (accepted && usesOnly(importer, module, accepted)) continue;
      if (acceptsDependency(contextOf(importer), module.id)) {
        addBoundary(importer, module);
        continue;
      }
      if (chain.includes(importer)) continue;
      stale.add(importer);
      if (!walk(importer, [...chain, importer], true)) return false;
    }
    return true;
  };

  for (const start of starts) {
    if (!walk(start, [start], !alreadyUpdated.has(start))) break;
  }
  for (const start of starts) stale.delete(start);
  return { boundaries, stale, deadEnd };
}

function acceptsDependency(context: HotContext | undefined, id: string): boolean {
  return context?.dependencyAcceptances.some((a) => a.ids.includes(id)) ?? false;
}

/** Whether `importer` reads only `accepted` names of `module` (a namespace or `import()` reads them all). */
function usesOnly(importer: ModuleRecord, module: ModuleRecord, accepted: ReadonlySet<string>): boolean {
  const shape = importer.shape;
  if (!shape) return false;
  let imports = false;
  for (let i = 0; i < shape.requests.length; i++) {
    if (importer.requested[i] !== module) continue;
    imports = true;
    const request = shape.requests[i]!;
    if (request.usesNamespace) return false;
    if (request.importedNames.some((n) => !accepted.has(n.name))) return false;
  }
  // Not a static import: it came from import(), which can read every export.
  return imports;
}
