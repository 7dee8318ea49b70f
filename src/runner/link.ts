import type { ModuleContext } from '../evaluator/module-context.js';
import { exportedNames, resolveExport } from './export-resolution.js';
import type { ModuleRecord } from './module-record.js';
import { createNamespace } from './namespace.js';

/** Creates the context a module's generator runs with (bindings, `import.meta`, `import()`). */
export type ContextFactory = (module: ModuleRecord) => ModuleContext;

/** Builds the error for an import that names an export the module does not have. */
export type MissingExportError = (
  importer: ModuleRecord,
  request: number,
  name: string,
  ambiguous: boolean,
) => Error;

/**
 * Links the fetched modules of a graph, as ECMA-262's Link does: first checks every
 * imported name of every module (nothing has run yet, so a failure leaves no trace), then
 * instantiates them: each module's first step installs its own export getters, then
 * re-exported and star-exported names get the getters of the modules that own them.
 *
 * @param modules Every module of the graph, in any order; only `fetched` ones are linked.
 * @throws the error of `missingExport` for the first import that cannot be resolved.
 */
export function linkModules(
  modules: Iterable<ModuleRecord>,
  createContext: ContextFactory,
  missingExport: MissingExportError,
): void {
  const pending = [...modules].filter((m) => m.status === 'fetched');
  for (const module of pending) if (module.shape) module.exportNames = exportedNames(module);
  for (const module of pending) checkImports(module, missingExport);

  // Every namespace can be made before any module instantiates: a cycle asks for them early.
  for (const module of pending) {
    module.namespaceFactory = () => createNamespace(module.bindings, module.exportNames ?? []);
  }
  for (const module of pending) {
    const moduleFunction = module.moduleFunction;
    if (!moduleFunction) continue;
    // Called as a plain function, so stack traces show the file, not a method name.
    module.generator = moduleFunction(createContext(module));
    // The first step only binds imports and installs getters: it cannot throw.
    module.generator.next();
  }
  for (const module of pending) {
    if (module.shape) bindForwardedExports(module);
    if (module.status === 'fetched') module.status = 'linked';
  }
}

function checkImports(module: ModuleRecord, missingExport: MissingExportError): void {
  const shape = module.shape;
  if (!shape) return;
  shape.requests.forEach((request, index) => {
    const target = module.requested[index]!;
    for (const { name } of request.importedNames) {
      const resolution = resolveExport(target, name);
      if (resolution === 'ambiguous' || (!resolution && !module.lenientImports)) {
        throw missingExport(module, index, name, resolution === 'ambiguous');
      }
    }
  });
}

/** Exports that are not the module's own bindings read through to the module that owns them. */
function bindForwardedExports(module: ModuleRecord): void {
  const local = new Set(module.shape!.localExports);
  const properties: PropertyDescriptorMap = {};
  for (const name of module.exportNames ?? []) {
    if (local.has(name)) continue;
    const resolution = resolveExport(module, name);
    if (!resolution || resolution === 'ambiguous') continue;
    const owner = resolution.module;
    if (resolution.bindingName === '*') {
      properties[name] = { get: () => owner.namespace, enumerable: true };
      continue;
    }
    const ownerGetter = owner.shape
      ? Object.getOwnPropertyDescriptor(owner.bindings, resolution.bindingName)?.get
      : undefined;
    const bindingName = resolution.bindingName;
    properties[name] = {
      get: ownerGetter ?? (() => (owner.bindings as Record<string, unknown>)[bindingName]),
      enumerable: true,
    };
  }
  Object.defineProperties(module.bindings, properties);
}
