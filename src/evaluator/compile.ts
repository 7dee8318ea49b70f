import vm from 'node:vm';
import type { ModuleFunction } from './module-context.js';

/**
 * Compiles the code of a transformed module in the main context (so `instanceof` works
 * with packages loaded natively) or in an isolated `vm.Context`.
 *
 * Modules are compiled as scripts that evaluate to a function, never as
 * `vm.SourceTextModule`s: V8 does not collect module records reliably, and every hot
 * update would leak its old versions.
 *
 * @param filename Shown in stack traces and used to find the source map.
 * @param cachedData V8's code cache of this code from an earlier run: skips parsing. V8
 *   checks it and ignores it when it does not fit.
 */
export function compileModule(
  code: string,
  filename: string,
  context?: vm.Context,
  cachedData?: Buffer,
): { moduleFunction: ModuleFunction; script: vm.Script } {
  const script = new vm.Script(code, cachedData ? { filename, cachedData } : { filename });
  const fn: unknown = context ? script.runInContext(context) : script.runInThisContext();
  return { moduleFunction: fn as ModuleFunction, script };
}

/** The parameters of the CommonJS wrapper, in Node's order. */
const COMMONJS_PARAMETERS = ['exports', 'require', 'module', '__filename', '__dirname'];

/** A compiled CommonJS module: Node's wrapper function, plus the runner's `import()`. */
export type CommonJsFunction = (
  exports: unknown,
  require: NodeJS.Require,
  module: { exports: unknown },
  filename: string,
  dirname: string,
  dynamicImport: (specifier: unknown, options?: unknown) => Promise<unknown>,
) => void;

/**
 * Compiles a CommonJS file as Node's module wrapper would.
 * @param dynamicImport The parameter name `import()` calls were renamed to, if any.
 */
export function compileCommonJs(
  code: string,
  filename: string,
  dynamicImport: string | undefined,
  context?: vm.Context,
): CommonJsFunction {
  const parameters = dynamicImport ? [...COMMONJS_PARAMETERS, dynamicImport] : COMMONJS_PARAMETERS;
  return vm.compileFunction(code, parameters, {
    filename,
    ...(context ? { parsingContext: context } : {}),
  }) as unknown as CommonJsFunction;
}
