import type { ModuleRecord } from './module-record.js';

/** Where an export's value lives: a module and the name in its bindings (`'*'`: its namespace). */
export interface ResolvedBinding {
  readonly module: ModuleRecord;
  readonly bindingName: string;
}

/** `null`: no such export; `'ambiguous'`: two star exports provide different bindings. */
export type ExportResolution = ResolvedBinding | null | 'ambiguous';

/** Every name a module exports and where its binding lives. */
export type ExportTable = ReadonlyMap<string, ResolvedBinding | 'ambiguous'>;

/**
 * The resolution of every export of a module at once, with ECMA-262's rules
 * (GetExportedNames and ResolveExport): own and indirect exports win over star exports,
 * `default` is never star-exported, and a name two star exports bind differently is
 * ambiguous. Tables are kept per module version, so a barrel of many `export *` is
 * resolved once, not once per name and importer.
 */
export function exportTable(module: ModuleRecord): ExportTable {
  return buildTable(module, new Set()).table;
}

/** Finds the binding behind an exported name. */
export function resolveExport(module: ModuleRecord, name: string): ExportResolution {
  return exportTable(module).get(name) ?? null;
}

/** The names a module exports, ambiguous ones left out (as a native namespace leaves them out). */
export function exportedNames(module: ModuleRecord): string[] {
  const names: string[] = [];
  for (const [name, resolution] of exportTable(module)) if (resolution !== 'ambiguous') names.push(name);
  return names;
}

interface Built {
  readonly table: Map<string, ResolvedBinding | 'ambiguous'>;
  /** A star-export cycle was cut short: the table may lack names and must not be kept. */
  readonly partial: boolean;
}

function buildTable(module: ModuleRecord, inProgress: Set<ModuleRecord>): Built {
  if (module.exportTable)
    return { table: module.exportTable as Map<string, ResolvedBinding | 'ambiguous'>, partial: false };
  const shape = module.shape;
  const table = new Map<string, ResolvedBinding | 'ambiguous'>();
  if (!shape) {
    for (const name of module.exportNames ?? []) table.set(name, { module, bindingName: name });
    return { table, partial: false };
  }
  if (inProgress.has(module)) return { table, partial: true };
  inProgress.add(module);
  let partial = false;
  for (const name of shape.localExports) table.set(name, { module, bindingName: name });
  for (const indirect of shape.indirectExports) {
    const target = module.requested[indirect.request]!;
    if (indirect.imported === '*') {
      table.set(indirect.exported, { module: target, bindingName: '*' });
      continue;
    }
    const built = buildTable(target, inProgress);
    partial ||= built.partial;
    // A table cut short by a cycle may lack the name (`export { default as d } from` the module
    // being built): resolve that one name the spec's way.
    const resolution =
      built.table.get(indirect.imported) ??
      (built.partial ? resolveByName(target, indirect.imported, new Map()) : null);
    if (resolution) table.set(indirect.exported, resolution);
  }
  const explicit = new Set(table.keys());
  for (const request of shape.starExports) {
    const built = buildTable(module.requested[request]!, inProgress);
    partial ||= built.partial;
    for (const [name, resolution] of built.table) {
      if (name === 'default' || explicit.has(name)) continue;
      const existing = table.get(name);
      if (existing === undefined) table.set(name, resolution);
      else if (existing !== 'ambiguous' && !sameBinding(existing, resolution)) table.set(name, 'ambiguous');
    }
  }
  inProgress.delete(module);
  if (!partial) module.exportTable = table;
  return { table, partial };
}

/**
 * ECMA-262's ResolveExport for one name, without tables (which a cycle leaves partial): a
 * request already under way for the same module and name is a circular one, `null`.
 */
function resolveByName(
  module: ModuleRecord,
  name: string,
  resolveSet: Map<ModuleRecord, Set<string>>,
): ExportResolution {
  const seen = resolveSet.get(module) ?? new Set<string>();
  if (seen.has(name)) return null;
  resolveSet.set(module, seen.add(name));
  const shape = module.shape;
  if (!shape) return (module.exportNames ?? []).includes(name) ? { module, bindingName: name } : null;
  if (shape.localExports.includes(name)) return { module, bindingName: name };
  for (const indirect of shape.indirectExports) {
    if (indirect.exported !== name) continue;
    const target = module.requested[indirect.request]!;
    if (indirect.imported === '*') return { module: target, bindingName: '*' };
    return resolveByName(target, indirect.imported, resolveSet);
  }
  if (name === 'default') return null;
  let found: ResolvedBinding | null = null;
  for (const request of shape.starExports) {
    const resolution = resolveByName(module.requested[request]!, name, resolveSet);
    if (resolution === 'ambiguous') return resolution;
    if (resolution === null) continue;
    if (found === null) found = resolution;
    else if (!sameBinding(found, resolution)) return 'ambiguous';
  }
  return found;
}

function sameBinding(a: ResolvedBinding, b: ResolvedBinding | 'ambiguous'): boolean {
  return b !== 'ambiguous' && a.module === b.module && a.bindingName === b.bindingName;
}
