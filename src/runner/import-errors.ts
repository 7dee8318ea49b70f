import { readFileSync } from 'node:fs';
import { locateError, syntaxErrorAt } from '../evaluator/diagnostics.js';
import type { RawSourceMap } from '../evaluator/source-maps.js';
import { originalLocationIn } from '../evaluator/source-position.js';
import type { ModuleRecord } from './module-record.js';

/**
 * Errors about one import of a module, located at the import in the file the user wrote,
 * with a code frame.
 */

/** Node's SyntaxError for an import of a name the module does not export. */
export function missingExportError(
  importer: ModuleRecord,
  request: number,
  name: string,
  ambiguous: boolean,
  maps: readonly RawSourceMap[] | undefined,
): Error {
  const shape = importer.shape!;
  const specifier = shape.requests[request]!.specifier;
  const message = ambiguous
    ? `The requested module '${specifier}' contains conflicting star exports for name '${name}'`
    : `The requested module '${specifier}' does not provide an export named '${name}'`;
  const imported = shape.requests[request]!.importedNames.find((n) => n.name === name);
  const loc = imported ? originalLocation(importer, imported, maps) : { line: 1, column: 0 };
  return syntaxErrorAt(message, { file: importer.file ?? importer.id, ...loc }, readSource(importer));
}

/** Adds the importer's location and code frame to a resolution error (which keeps its code). */
export function locateImportError(
  error: unknown,
  importer: ModuleRecord,
  request: number,
  maps: readonly RawSourceMap[] | undefined,
): unknown {
  if (!(error instanceof Error) || !importer.file) return error;
  const written = importer.shape?.requests[request];
  const loc = written ? originalLocation(importer, written, maps) : { line: 1, column: 0 };
  return locateError(error, { file: importer.file, ...loc }, readSource(importer));
}

function originalLocation(
  importer: ModuleRecord,
  imported: { line: number; column: number },
  maps: readonly RawSourceMap[] | undefined,
): { line: number; column: number } {
  // maps[1] is esbuild's, from its output (where the rewrite found the import) to the source.
  const typescriptMap = maps?.[1];
  const position = { line: imported.line, column: imported.column };
  if (!typescriptMap || !importer.file) return position;
  return originalLocationIn(typescriptMap, position.line, position.column) ?? position;
}

function readSource(module: ModuleRecord): string | undefined {
  if (!module.file) return undefined;
  try {
    return readFileSync(module.file, 'utf8');
  } catch {
    return undefined;
  }
}
