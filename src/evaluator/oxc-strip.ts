import { createRequire } from 'node:module';
import type { TsconfigRaw } from 'esbuild';
import type { JsxOptions, TransformOptions } from 'oxc-transform';
import type { RawSourceMap } from './source-maps.js';
import type { SourceLanguage, StrippedSource } from './strip-types.js';

type CompilerOptions = NonNullable<TsconfigRaw['compilerOptions']>;
type OxcTransformer = typeof import('oxc-transform');

/** Node's own version as a target: only syntax this Node lacks gets lowered. */
const NODE_TARGET = `node${process.versions.node}`;

/**
 * Options that ask for output only esbuild gives here: JSX left in place, the development JSX
 * runtime (its `__source` arguments differ), imports kept for their side effects, and legacy
 * decorators (oxc lowers them with runtime helpers).
 */
function needsEsbuild(options: CompilerOptions): boolean {
  return (
    options.jsx === 'preserve' ||
    options.jsx === 'react-native' ||
    options.jsx === 'react-jsxdev' ||
    options.preserveValueImports === true ||
    (options.importsNotUsedAsValues !== undefined && options.importsNotUsedAsValues !== 'remove') ||
    options.experimentalDecorators === true
  );
}

/**
 * TypeScript's default for `useDefineForClassFields`: `[[Define]]` semantics from ES2022 on,
 * and when no target is set (esbuild's target is then this Node).
 */
function definesClassFields(options: CompilerOptions): boolean {
  if (options.useDefineForClassFields !== undefined) return options.useDefineForClassFields;
  const target = options.target?.toLowerCase();
  if (target === undefined || target === 'esnext') return true;
  if (/^es\d$/.test(target)) return false; // es3, es5, es6
  const year = /^es(\d{4})$/.exec(target)?.[1];
  return year === undefined || Number(year) >= 2022;
}

function jsxOptions(options: CompilerOptions): JsxOptions {
  if (options.jsx === 'react-jsx') {
    return { runtime: 'automatic', importSource: options.jsxImportSource ?? 'react' };
  }
  // esbuild's default, as TypeScript's `"jsx": "react"`: calls to a factory in scope.
  return {
    runtime: 'classic',
    pragma: options.jsxFactory ?? 'React.createElement',
    pragmaFrag: options.jsxFragmentFactory ?? 'React.Fragment',
  };
}

/** oxc's options for what the covering tsconfig asks of esbuild, or undefined where only esbuild does it. */
export function oxcOptionsFor(
  language: Exclude<SourceLanguage, 'js'>,
  tsconfigRaw: TsconfigRaw,
): TransformOptions | undefined {
  if (typeof tsconfigRaw === 'string') return undefined;
  const options = tsconfigRaw.compilerOptions ?? {};
  if (needsEsbuild(options)) return undefined;
  const defines = definesClassFields(options);
  return {
    lang: language,
    sourceType: 'module',
    target: NODE_TARGET,
    sourcemap: true,
    typescript: {
      onlyRemoveTypeImports: options.verbatimModuleSyntax === true,
      removeClassFieldsWithoutInitializer: !defines,
    },
    assumptions: { setPublicClassFields: !defines },
    jsx: language === 'tsx' || language === 'jsx' ? jsxOptions(options) : undefined,
  };
}

/**
 * Enums and namespaces are left to esbuild, which emits them as TypeScript does: oxc (0.151)
 * declares them with `let` (a temporal dead zone that `var` does not have, seen from an import
 * cycle) and does not resolve a merged namespace's members across its declarations. Found by
 * the fuzz suite; a word in a comment or a string just sends the file to esbuild.
 */
const DECLARATION_MERGING = /\b(?:enum|namespace|module)\b/;

let oxc: OxcTransformer | null | undefined;

/** oxc-transform, loaded on first use; null where its native binding does not load (another platform). */
function loadOxc(): OxcTransformer | null {
  if (oxc === undefined) {
    try {
      oxc = createRequire(import.meta.url)('oxc-transform') as OxcTransformer;
    } catch {
      oxc = null;
    }
  }
  return oxc;
}

/**
 * Removes TypeScript and JSX syntax from an ES module with oxc, in this thread: a fraction of a
 * millisecond for a file of an app, where a round trip to esbuild's process takes one to three,
 * which is most of an update. Returns undefined where esbuild has to do it: options or syntax oxc
 * does not lower here (decorators, `using`: anything that needs a runtime helper), and any error,
 * so that syntax errors are always esbuild's, located and framed the same way.
 */
export function stripWithOxc(
  source: string,
  file: string,
  language: Exclude<SourceLanguage, 'js'>,
  tsconfigRaw: TsconfigRaw,
): StrippedSource | undefined {
  if (DECLARATION_MERGING.test(source)) return undefined;
  const options = oxcOptionsFor(language, tsconfigRaw);
  const transformer = options && loadOxc();
  if (!options || !transformer) return undefined;
  const result = transformer.transformSync(file, source, options);
  if (result.errors.length > 0 || Object.keys(result.helpersUsed).length > 0 || !result.map) return undefined;
  const map = result.map as RawSourceMap;
  return { code: result.code, map: { ...map, sources: [file], sourcesContent: undefined } };
}
