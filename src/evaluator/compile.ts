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
 */
export function compileModule(code: string, filename: string, context?: vm.Context): ModuleFunction {
  const script = new vm.Script(code, { filename });
  const fn: unknown = context ? script.runInContext(context) : script.runInThisContext();
  return fn as ModuleFunction;
}

/** The parameters of the CommonJS wrapper, in Node's order. */
const COMMONJS_PARAMETERS = ['exports', 'require', 'module', '__filename', '__dirname'];

/** A compiled CommonJS module: Node's wrapper function. */
export type CommonJsFunction = (
  exports: unknown,
  require: NodeJS.Require,
  module: { exports: unknown },
  filename: string,
  dirname: string,
) => void;

/** Compiles a CommonJS file as Node's module wrapper would. */
export function compileCommonJs(code: string, filename: string, context?: vm.Context): CommonJsFunction {
  return vm.compileFunction(code, COMMONJS_PARAMETERS, {
    filename,
    ...(context ? { parsingContext: context } : {}),
  }) as unknown as CommonJsFunction;
}
