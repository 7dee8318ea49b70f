import {
  type Message,
  type TransformFailure,
  type TransformOptions,
  type TsconfigRaw,
  transform,
  transformSync,
} from 'esbuild';
import type { SourceLocation } from './diagnostics.js';
import { syntaxErrorAt } from './diagnostics.js';
import type { RawSourceMap } from './source-maps.js';

/** Languages esbuild turns into JavaScript before the module rewrite. */
export type SourceLanguage = 'js' | 'jsx' | 'ts' | 'tsx';

/** Node's own version as an esbuild target: only syntax this Node lacks gets lowered. */
const NODE_TARGET = `node${process.versions.node}`;

/** JavaScript from TypeScript/JSX, with its map; `import`/`export` are kept as written. */
export interface StrippedSource {
  readonly code: string;
  readonly map: RawSourceMap;
}

function options(file: string, language: SourceLanguage, tsconfigRaw: TsconfigRaw): TransformOptions {
  return {
    loader: language,
    sourcefile: file,
    sourcemap: 'external',
    sourcesContent: false,
    target: NODE_TARGET,
    tsconfigRaw,
    logLevel: 'silent',
  };
}

/**
 * Removes TypeScript and JSX syntax with esbuild (in its own process, so many files are
 * transformed in parallel), using the options of the tsconfig that covers the file.
 *
 * @throws SyntaxError located in the original source, with a code frame.
 */
export async function stripTypes(
  source: string,
  file: string,
  language: Exclude<SourceLanguage, 'js'>,
  tsconfigRaw: TsconfigRaw,
): Promise<StrippedSource> {
  try {
    const result = await transform(source, options(file, language, tsconfigRaw));
    return { code: result.code, map: JSON.parse(result.map) as RawSourceMap };
  } catch (error) {
    throw locatedEsbuildError(error, source, file);
  }
}

/** {@link stripTypes}, synchronously: for `require()`, which cannot wait. */
export function stripTypesSync(
  source: string,
  file: string,
  language: Exclude<SourceLanguage, 'js'>,
  tsconfigRaw: TsconfigRaw,
): StrippedSource {
  try {
    const result = transformSync(source, options(file, language, tsconfigRaw));
    return { code: result.code, map: JSON.parse(result.map) as RawSourceMap };
  } catch (error) {
    throw locatedEsbuildError(error, source, file);
  }
}

function locatedEsbuildError(error: unknown, source: string, file: string): unknown {
  const first = isTransformFailure(error) ? error.errors[0] : undefined;
  if (!first) return error;
  return syntaxErrorAt(first.text, messageLocation(first, file), source);
}

function isTransformFailure(error: unknown): error is TransformFailure {
  return error instanceof Error && Array.isArray((error as Partial<TransformFailure>).errors);
}

function messageLocation(message: Message, file: string): SourceLocation {
  const loc = message.location;
  return { file, line: loc?.line ?? 1, column: loc?.column ?? 0 };
}
