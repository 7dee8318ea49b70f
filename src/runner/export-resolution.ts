import type { ModuleRecord } from './module-record.js';

/** Where an export's value lives: a module and the name in its bindings (`'*'`: its namespace). */
export interface ResolvedBinding {
  readonly module: ModuleRecord;
  readonly bindingName: string;
}

/** `null`: no such export; `'ambiguous'`: two star exports provide different bindings. */
export type ExportResolution = ResolvedBinding | null | 'ambiguous';

/** Every name a module exports, star exports included (ECMA-262 GetExportedNames). */
export function exportedNames(module: ModuleRecord, exportStarSet = new Set<ModuleRecord>()): string[] {
  const shape = module.shape;
  if (!shape) return module.exportNames ?? [];
  if (exportStarSet.has(module)) return [];
  exportStarSet.add(module);
  const names = [...shape.localExports];
  for (const indirect of shape.indirectExports) names.push(indirect.exported);
  const seen = new Set(names);
  for (const request of shape.starExports) {
    for (const name of exportedNames(module.requested[request]!, exportStarSet)) {
      if (name !== 'default' && !seen.has(name)) {
        seen.add(name);
        names.push(name);
      }
    }
  }
  return names;
}

/** Finds the binding behind an exported name (ECMA-262 ResolveExport). */
export function resolveExport(
  module: ModuleRecord,
  name: string,
  resolveSet: Array<{ module: ModuleRecord; name: string }> = [],
): ExportResolution {
  const shape = module.shape;
  if (!shape) return module.exportNames?.includes(name) ? { module, bindingName: name } : null;
  if (resolveSet.some((r) => r.module === module && r.name === name)) return null;
  resolveSet.push({ module, name });
  if (shape.localExports.includes(name)) return { module, bindingName: name };
  for (const indirect of shape.indirectExports) {
    if (indirect.exported !== name) continue;
    const target = module.requested[indirect.request]!;
    if (indirect.imported === '*') return { module: target, bindingName: '*' };
    return resolveExport(target, indirect.imported, resolveSet);
  }
  if (name === 'default') return null;
  let starResolution: ResolvedBinding | null = null;
  for (const request of shape.starExports) {
    const resolution = resolveExport(module.requested[request]!, name, resolveSet);
    if (resolution === 'ambiguous') return resolution;
    if (!resolution) continue;
    if (!starResolution) {
      starResolution = resolution;
    } else if (
      resolution.module !== starResolution.module ||
      resolution.bindingName !== starResolution.bindingName
    ) {
      return 'ambiguous';
    }
  }
  return starResolution;
}
