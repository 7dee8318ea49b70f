import path from 'node:path';
import type { CommonJsFunction } from '../evaluator/compile.js';
import type { ModuleRecord } from './module-record.js';

/** What a CommonJS module's `require` asks of the runner. */
export interface RequireHost {
  /** What `require(id)` returns inside `parent`. */
  require(parent: ModuleRecord, id: string): unknown;
  /** The absolute path `require.resolve(id)` returns inside `parent`. */
  resolve(parent: ModuleRecord, id: string): string;
  /** `import()` inside `parent`. */
  import(parent: ModuleRecord, specifier: unknown, options: unknown): Promise<unknown>;
  /** `require.main`: the entry's module object when the entry is CommonJS. */
  main(): CommonJsModuleObject | undefined;
}

/** The `module` object of a CommonJS module, as Node gives it. */
export interface CommonJsModuleObject {
  exports: unknown;
  readonly id: string;
  readonly filename: string;
  readonly path: string;
  loaded: boolean;
  readonly children: CommonJsModuleObject[];
  require: NodeJS.Require;
}

/** The `module.exports` of a CommonJS record: partial while it runs (a require cycle), final after. */
export function commonJsExports(record: ModuleRecord): unknown {
  return record.commonJsModule?.exports;
}

/**
 * Returns the function that evaluates a CommonJS record: it runs Node's wrapper with
 * `exports`, `require`, `module`, `__filename`, `__dirname`, then publishes the result as
 * the record's bindings, as Node does for `import` of CommonJS: `default` is
 * `module.exports`, and each statically detected name is its property at that moment.
 */
export function commonJsExecutor(
  record: ModuleRecord,
  wrapper: CommonJsFunction,
  host: RequireHost,
): () => void {
  return () => {
    const filename = record.file!;
    const dirname = path.dirname(filename);
    const require = Object.assign((id: string) => host.require(record, String(id)), {
      resolve: Object.assign((id: string) => host.resolve(record, String(id)), {
        paths: (): string[] | null => null,
      }),
      cache: Object.create(null) as NodeJS.Dict<NodeJS.Module>,
      extensions: Object.create(null) as NodeJS.RequireExtensions,
    }) as unknown as NodeJS.Require;
    Object.defineProperty(require, 'main', { get: () => host.main(), enumerable: true });
    const module: CommonJsModuleObject = {
      exports: {},
      id: filename,
      filename,
      path: dirname,
      loaded: false,
      children: [],
      require,
    };
    record.commonJsModule = module;
    const dynamicImport = (specifier: unknown, options?: unknown): Promise<unknown> =>
      host.import(record, specifier, options);
    wrapper.call(module.exports, module.exports, require, module, filename, dirname, dynamicImport);
    module.loaded = true;
    publishBindings(record, module.exports);
  };
}

function publishBindings(record: ModuleRecord, exports: unknown): void {
  const properties: PropertyDescriptorMap = {
    default: { value: exports, enumerable: true, writable: true },
  };
  for (const name of record.exportNames ?? []) {
    if (name === 'default') continue;
    if (name === 'module.exports') {
      properties[name] = { value: exports, enumerable: true, writable: true };
      continue;
    }
    properties[name] = { value: ownProperty(exports, name), enumerable: true, writable: true };
  }
  Object.defineProperties(record.bindings, properties);
}

/**
 * A named export's value as Node reads it: an own property of `module.exports`, whether that
 * is an object or a function (`module.exports = fn; module.exports.x = 1`); an inherited
 * property or a getter that throws leaves the binding `undefined`.
 */
function ownProperty(exports: unknown, name: string): unknown {
  if (exports === null || (typeof exports !== 'object' && typeof exports !== 'function')) return undefined;
  if (!Object.hasOwn(exports, name)) return undefined;
  try {
    return (exports as Record<string, unknown>)[name];
  } catch {
    return undefined;
  }
}
