import { createRequire } from 'node:module';
import type * as TraceMapping from '@jridgewell/trace-mapping';
import type { RawSourceMap } from './source-maps.js';

/**
 * The position in the original source of a position in generated code.
 * @param line 1-based. @param column 0-based.
 */
export function originalLocationIn(
  map: RawSourceMap,
  line: number,
  column: number,
): { line: number; column: number } | undefined {
  const { TraceMap, originalPositionFor } = createRequire(import.meta.url)(
    '@jridgewell/trace-mapping',
  ) as typeof TraceMapping;
  const trace = new TraceMap(map as ConstructorParameters<typeof TraceMap>[0]);
  const position = originalPositionFor(trace, { line, column });
  if (position.line === null || position.column === null) return undefined;
  return { line: position.line, column: position.column };
}
