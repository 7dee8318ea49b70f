import type { TsconfigRaw } from 'esbuild';
import type { LocatedError } from './diagnostics.js';
import { syntaxErrorAt } from './diagnostics.js';
import { rewriteModule } from './esm-rewrite.js';
import type { ModuleShape } from './module-shape.js';
import type { RawSourceMap } from './source-maps.js';
import { originalLocationIn } from './source-position.js';
import { type SourceLanguage, stripTypes } from './strip-types.js';

/** An ES module turned into the source of its generator function. */
export interface TransformedModule {
  /** A script whose completion value is the module's generator function. */
  readonly code: string;
  readonly shape: ModuleShape;
  /** Maps for {@link code}, last step first (rewrite, then esbuild's when there was one). */
  readonly maps: readonly RawSourceMap[];
}

/** What to transform. */
export interface TransformRequest {
  /** Absolute path of the file (used in maps and messages). */
  readonly file: string;
  readonly language: SourceLanguage;
  /** esbuild's view of the covering tsconfig (for TypeScript and JSX). */
  readonly tsconfigRaw?: TsconfigRaw;
}

/**
 * Transforms the source of an ES module: esbuild strips TypeScript/JSX, then the rewrite
 * turns the module into a generator function and describes its imports and exports.
 *
 * @throws SyntaxError located in the original source, with a code frame (`loc`, `frame`).
 */
export async function transformModule(source: string, request: TransformRequest): Promise<TransformedModule> {
  const { file, language } = request;
  const stripped =
    language === 'js' ? undefined : await stripTypes(source, file, language, request.tsconfigRaw ?? {});
  const javascript = stripped?.code ?? source;
  try {
    const rewritten = rewriteModule(javascript, file);
    const maps: RawSourceMap[] = [rewritten.map as unknown as RawSourceMap];
    if (stripped) maps.push(stripped.map);
    return { code: rewritten.code, shape: rewritten.shape, maps };
  } catch (error) {
    throw relocateParseError(error, source, file, stripped?.map);
  }
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
