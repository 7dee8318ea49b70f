/**
 * A few lines of source around a position, the way compilers show them:
 *
 * ```
 *   2 | const a = 1;
 * > 3 | const b = ;
 *     |           ^
 *   4 | export { a };
 * ```
 *
 * @param line 1-based line.
 * @param column 0-based column.
 */
export function codeFrame(source: string, line: number, column: number, contextLines = 2): string {
  const lines = source.split(/\r\n|\r|\n/);
  const first = Math.max(1, line - contextLines);
  const last = Math.min(lines.length, line + contextLines);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const text = (lines[n - 1] ?? '').replace(/\t/g, '  ');
    const gutter = `${String(n).padStart(width)} |`;
    out.push(`${n === line ? '>' : ' '} ${gutter}${text ? ` ${text}` : ''}`);
    if (n === line) {
      const before = (lines[n - 1] ?? '').slice(0, column).replace(/\t/g, '  ');
      out.push(`  ${' '.repeat(width)} | ${' '.repeat(before.length)}^`);
    }
  }
  return out.join('\n');
}
