import v8 from 'node:v8';
import vm from 'node:vm';
import type { ModuleFunction } from './module-context.js';

/** How a module's code is compiled. */
export interface CompileOptions {
  /** Compile in this isolated context rather than the main one. */
  readonly context?: vm.Context | undefined;
  /**
   * Whether V8's compilation cache may keep the compiled code, keyed by its source. V8 keeps
   * every entry for as long as the process lives (about 3 KB for a small module), so the
   * first version of a file goes there (a full reload then compiles it again for free) and
   * versions written by later edits do not: otherwise every save would grow the heap.
   */
  readonly keepInV8Cache: boolean;
}

/**
 * Compiles the code of a transformed module in the main context (so `instanceof` works
 * with packages loaded natively) or in an isolated `vm.Context`, as a script: V8 can then
 * write a code cache of it once it has run (see `script.createCachedData()`).
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
  options: CompileOptions,
  cachedData?: Buffer,
): { moduleFunction: ModuleFunction; script: vm.Script } {
  const script = inV8Cache(options.keepInV8Cache, () =>
    cachedData ? new vm.Script(code, { filename, cachedData }) : new vm.Script(code, { filename }),
  );
  const fn: unknown = options.context ? script.runInContext(options.context) : script.runInThisContext();
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
  options: CompileOptions,
): CommonJsFunction {
  const parameters = dynamicImport ? [...COMMONJS_PARAMETERS, dynamicImport] : COMMONJS_PARAMETERS;
  return inV8Cache(options.keepInV8Cache, () =>
    vm.compileFunction(code, parameters, {
      filename,
      ...(options.context ? { parsingContext: options.context } : {}),
    }),
  ) as unknown as CommonJsFunction;
}

/**
 * Runs `compile` with V8's compilation cache on or off. The flag is process-wide and read
 * at each compile, so turning it off for one compile leaves the cache, and its entries, as
 * they were for every other.
 */
function inV8Cache<T>(keep: boolean, compile: () => T): T {
  if (keep) return compile();
  v8.setFlagsFromString('--no-compilation-cache');
  try {
    return compile();
  } finally {
    v8.setFlagsFromString('--compilation-cache');
  }
}
