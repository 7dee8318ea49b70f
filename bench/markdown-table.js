// Markdown tables with padded columns, the layout the repository's formatter keeps.

/**
 * @param {string[]} header
 * @param {string[][]} rows
 * @returns {string}
 */
export function alignedTable(header, rows) {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => (r[i] ?? '').length)));
  /** @param {string[]} cells */
  const line = (cells) => `| ${widths.map((w, i) => (cells[i] ?? '').padEnd(w)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * Inline code, so error text with markup characters shows literally.
 * @param {string} text
 */
export function code(text) {
  return `\`${text.replaceAll('`', "'")}\``;
}

/**
 * The first line of a text, shortened for a one-line note.
 * @param {string} text
 */
export function oneLine(text) {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

/**
 * Milliseconds as a table cell.
 * @param {number} value
 */
export function ms(value) {
  return value.toFixed(0);
}

/**
 * A ratio as a table cell.
 * @param {number | undefined} value
 */
export function times(value) {
  return value === undefined ? '-' : `${value.toFixed(2)}×`;
}
