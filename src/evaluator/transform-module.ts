import { parse as parseScript } from 'acorn';
import { init as initModuleLexer, parse as lexModule } from 'es-module-lexer';
import type { TsconfigRaw } from 'esbuild';
import { commonJsExportNames } from './commonjs-exports.js';

export { commonJsExportNames } from './commonjs-exports.js';

import type { LocatedError } from './diagnostics.js';
import { syntaxErrorAt } from './diagnostics.js';
import { rewriteModule } from './esm-rewrite.js';
import type { ModuleShape } from './module-shape.js';
import { stripWithOxc } from './oxc-strip.js';
import type { RawSourceMap } from './source-maps.js';
import { originalLocationIn } from './source-position.js';
import { type SourceLanguage, type StrippedSource, stripTypes, stripTypesSync } from './strip-types.js';

/** An ES module turned into the source of its generator function. */
export interface TransformedEsModule {
  readonly format: 'module';
  /** A script whose completion value is the module's generator function. */
  readonly code: string;
  readonly shape: ModuleShape;
  /** Maps for {@link code}, last step first (rewrite, then esbuild's when there was one). */
  readonly maps: readonly RawSourceMap[];
}

/** A CommonJS module: plain JavaScript for Node's module wrapper. */
export interface TransformedCommonJs {
  readonly format: 'commonjs';
  readonly code: string;
  /**
   * The wrapper parameter that `import()` calls were renamed to (Node's own dynamic import
   * cannot return the runner's namespaces), or undefined when the code has none.
   */
  readonly dynamicImport: string | undefined;
  /** Names `import { x }` may take from it, found the way Node finds them (cjs-module-lexer). */
  readonly exportNames: readonly string[];
  /** Specifiers of `module.exports = require(...)` re-exports, whose names it exports too. */
  readonly reexports: readonly string[];
  readonly maps: readonly RawSourceMap[];
}

export type TransformedModule = TransformedEsModule | TransformedCommonJs;

/** What to transform. */
export interface TransformRequest {
  /** Absolute path of the file (used in maps and messages). */
  readonly file: string;
  readonly language: SourceLanguage;
  /**
   * The module system: known from the extension or package.json `type`, or `detect` for an
   * ambiguous file, which is an ES module when it has ES module syntax, as in Node 20.19+.
   */
  readonly format: 'module' | 'commonjs' | 'detect';
  /** esbuild's view of the covering tsconfig (for TypeScript and JSX). */
  readonly tsconfigRaw?: TsconfigRaw;
}

/**
 * Transforms a source file: esbuild strips TypeScript/JSX, then an ES module is rewritten
 * into a generator function with its imports and exports described, and a CommonJS module
 * gets its export names.
 *
 * @throws SyntaxError located in the original source, with a code frame (`loc`, `frame`).
 */
export async function transformModule(
  source: string,
  request: TransformRequest,
  onImports?: (specifiers: string[]) => void,
): Promise<TransformedModule> {
  await initModuleLexer;
  const fast = transformInThread(source, request);
  if (fast) {
    if (onImports) announceImports(fast.stripped.code, onImports);
    return fast.transformed;
  }
  const stripped =
    request.language === 'js'
      ? undefined
      : await stripTypes(source, request.file, request.language, request.tsconfigRaw ?? {});
  if (onImports) announceImports(stripped?.code ?? source, onImports);
  return finishTransform(source, stripped, request);
}

/**
 * An ES module in TypeScript or JSX (or an ambiguous file that turns out to be one) transformed
 * without leaving this thread (see
 * {@link stripWithOxc}), or undefined where esbuild has to strip it: also when the rewrite
 * cannot parse oxc's output (syntax it left for a later step, such as decorators).
 */
function transformInThread(
  source: string,
  request: TransformRequest,
): { stripped: StrippedSource; transformed: TransformedModule } | undefined {
  if (request.language === 'js' || request.format === 'commonjs') return undefined;
  const stripped = stripWithOxc(source, request.file, request.language, request.tsconfigRaw ?? {});
  // An ambiguous file without module syntax is CommonJS: esbuild's output for it is what ran so far.
  if (!stripped || (request.format === 'detect' && !hasModuleSyntax(stripped.code))) return undefined;
  try {
    return { stripped, transformed: finishTransform(source, stripped, request) };
  } catch {
    return undefined;
  }
}

/**
 * Tells the caller what a module imports before the full parse: es-module-lexer takes a
 * fraction of acorn's time, so the imported files are read and sent to esbuild while this
 * one is still being rewritten.
 */
function announceImports(javascript: string, onImports: (specifiers: string[]) => void): void {
  let imports: ReturnType<typeof lexModule>[0];
  try {
    [imports] = lexModule(javascript);
  } catch {
    return; // The rewrite reports the syntax error.
  }
  const specifiers: string[] = [];
  for (const i of imports)
    if (i.type === 'static' || i.type === 'reexport-star') specifiers.push(i.specifier);
  if (specifiers.length > 0) onImports(specifiers);
}

/** {@link transformModule}, synchronously: for `require()`. */
export function transformModuleSync(source: string, request: TransformRequest): TransformedModule {
  const fast = transformInThread(source, request);
  if (fast) return fast.transformed;
  const stripped =
    request.language === 'js'
      ? undefined
      : stripTypesSync(source, request.file, request.language, request.tsconfigRaw ?? {});
  return finishTransform(source, stripped, request);
}

function finishTransform(
  source: string,
  stripped: StrippedSource | undefined,
  request: TransformRequest,
): TransformedModule {
  const javascript = stripped?.code ?? source;
  const inputMaps = stripped ? [stripped.map] : [];
  if (request.format === 'commonjs' || (request.format === 'detect' && !hasModuleSyntax(javascript))) {
    const { exports, reexports } = commonJsExportNames(javascript);
    const { code, dynamicImport } = renameDynamicImports(javascript);
    return { format: 'commonjs', code, dynamicImport, exportNames: exports, reexports, maps: inputMaps };
  }
  try {
    const rewritten = rewriteModule(javascript, request.file);
    const maps = [rewritten.map, ...inputMaps];
    return { format: 'module', code: rewritten.code, shape: rewritten.shape, maps };
  } catch (error) {
    throw relocateParseError(error, source, request.file, stripped?.map);
  }
}

/**
 * Node's test for an ambiguous file: ES module syntax (`import`/`export` declarations,
 * `import.meta`) that CommonJS cannot parse. Unparseable code counts as a module, so that
 * the rewrite reports the syntax error.
 */
function hasModuleSyntax(javascript: string): boolean {
  try {
    const [, , , moduleSyntax] = lexModule(javascript);
    return moduleSyntax || (/\bawait\b/.test(javascript) && topLevelAwaitLikely(javascript));
  } catch {
    return true;
  }
}

/** Top-level await also makes a module; only the full parse can tell, so only try when `await` appears. */
function topLevelAwaitLikely(javascript: string): boolean {
  try {
    return rewriteModule(javascript, 'detect').shape.hasTopLevelAwait;
  } catch {
    return false;
  }
}

/**
 * Renames `import(` in CommonJS code to a wrapper parameter of the same length, so that
 * positions (and so source maps) stay as they are.
 */
function renameDynamicImports(javascript: string): { code: string; dynamicImport: string | undefined } {
  let imports: readonly { type: string; importStart: number }[];
  try {
    [imports] = lexModule(javascript);
  } catch {
    return { code: javascript, dynamicImport: undefined };
  }
  const dynamic = imports.filter((i) => i.type === 'dynamic');
  if (dynamic.length === 0) return { code: javascript, dynamicImport: undefined };
  let name = '$hnimp';
  while (javascript.includes(name)) name += '_';
  let code = '';
  let last = 0;
  for (const { importStart } of dynamic) {
    code += javascript.slice(last, importStart) + name;
    last = importStart + 'import'.length;
  }
  return { code: code + javascript.slice(last), dynamicImport: name };
}

/**
 * Where V8 found a syntax error in a CommonJS file, which it does not say in a structured
 * way: parse it with acorn as a script to locate it in the original source.
 */
export function locateCommonJsSyntaxError(
  error: SyntaxError,
  javascript: string,
  source: string,
  file: string,
  map: RawSourceMap | undefined,
): unknown {
  try {
    parseScript(javascript, {
      ecmaVersion: 'latest',
      sourceType: 'script',
      allowHashBang: true,
      allowReturnOutsideFunction: true,
      allowAwaitOutsideFunction: false,
    });
  } catch (parseError) {
    return relocateParseError(parseError, source, file, map);
  }
  return error;
}

/** acorn reports positions in esbuild's output; the user wants them in the file they wrote. */
function relocateParseError(
  error: unknown,
  source: string,
  file: string,
  map: RawSourceMap | undefined,
): unknown {
  const loc = (error as { loc?: { line: number; column: number } }).loc;
  if (!(error instanceof SyntaxError) || !loc) return error;
  const original = map ? originalLocationIn(map, loc.line, loc.column) : loc;
  const message = error.message.replace(/ \(\d+:\d+\)$/, '');
  const located: LocatedError = syntaxErrorAt(message, { file, ...(original ?? loc) }, source);
  return located;
}
