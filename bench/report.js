// Turns measurements into the markdown printed to stdout and saved as bench/RESULTS.md.

import { cpus, loadavg, totalmem } from 'node:os';
import { ratio, summarize } from './stats.js';

/** @typedef {import('./cold-start.js').ToolResult} ToolResult */

/**
 * @typedef {object} SizeResults
 * @property {number} size
 * @property {ToolResult[]} results
 */

/**
 * @typedef {object} Machine
 * @property {string} node
 * @property {string} cpu
 * @property {number} cores
 * @property {string} platform
 * @property {number} memoryGiB
 * @property {number} load1 one-minute load average when the bench started; other work skews timings
 */

/** @returns {Machine} */
export function describeMachine() {
  const list = cpus();
  return {
    node: process.version,
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    platform: `${process.platform} ${process.arch}`,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    load1: loadavg()[0] ?? 0,
  };
}

/**
 * One table covering all sizes; ratios compare medians measured in the same run.
 * @param {readonly SizeResults[]} sizes
 * @param {readonly string[]} baselines tool names used as ratio references, in column order
 * @returns {string}
 */
export function coldStartTable(sizes, baselines) {
  const header = [
    'modules',
    'tool',
    'median ms',
    'min ms',
    'max ms',
    'runs',
    ...baselines.map((b) => `× ${b}`),
  ];
  /** @type {string[][]} */
  const rows = [];
  for (const { size, results } of sizes) {
    const medians = new Map(
      results.filter((r) => r.samples.length > 0).map((r) => [r.tool, summarize(r.samples).median]),
    );
    for (const r of results) {
      if (r.samples.length === 0) {
        // The reason goes into the notes below the table.
        const status = r.unavailable ? 'unavailable' : 'failed';
        rows.push([String(size), r.tool, status, '-', '-', '0', ...baselines.map(() => '-')]);
        continue;
      }
      const s = summarize(r.samples);
      rows.push([
        String(size),
        r.failed ? `${r.tool} (failed)` : r.tool,
        ms(s.median),
        ms(s.min),
        ms(s.max),
        String(s.runs),
        ...baselines.map((b) => times(ratio(s.median, medians.get(b)))),
      ]);
    }
  }
  return alignedTable(header, rows);
}

/**
 * Markdown table with padded columns, the layout the repository's formatter keeps.
 * @param {string[]} header
 * @param {string[][]} rows
 * @returns {string}
 */
function alignedTable(header, rows) {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => (r[i] ?? '').length)));
  /** @param {string[]} cells */
  const line = (cells) => `| ${widths.map((w, i) => (cells[i] ?? '').padEnd(w)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * @param {readonly SizeResults[]} sizes
 * @returns {string[]} one line per caveat, prefixed with size and tool
 */
export function notesOf(sizes) {
  return sizes.flatMap(({ size, results }) =>
    results.flatMap((r) => {
      const why = [
        ...(r.unavailable ? [`unavailable: ${code(oneLine(r.unavailable))}`] : []),
        ...(r.failed ? [`failed after ${r.samples.length} runs: ${code(oneLine(r.failed))}`] : []),
        ...r.notes,
      ];
      return why.map((note) => `${size} modules, ${r.tool}: ${note}`);
    }),
  );
}

/**
 * @typedef {object} ReportInput
 * @property {Date} date
 * @property {string} command
 * @property {Machine} machine
 * @property {number} runs
 * @property {readonly SizeResults[]} sizes
 * @property {readonly string[]} baselines
 * @property {readonly { name: string, description: string }[]} tools
 * @property {number} durationMs wall time of the whole bench
 */

/**
 * @param {ReportInput} input
 * @returns {string}
 */
export function resultsMarkdown(input) {
  const { machine } = input;
  const notes = notesOf(input.sizes);
  return [
    '# Benchmark results',
    '',
    `- date: ${input.date.toISOString()}`,
    `- command: \`${input.command}\``,
    `- machine: node ${machine.node}, ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.platform}`,
    `- load average (1 min) at start: ${machine.load1.toFixed(2)}`,
    `- runs per tool and size: ${input.runs} (after one untimed warm-up run each)`,
    `- wall time of the whole run: ${(input.durationMs / 1000).toFixed(0)} s`,
    '',
    '## Cold start',
    '',
    'Time from spawn to the first HTTP 200 on `/` of a generated TypeScript SSR app (the page proves the',
    'whole module graph was loaded). Runs are interleaved round-robin; ratios compare medians of this run.',
    '',
    coldStartTable(input.sizes, input.baselines),
    '',
    ...(notes.length > 0 ? ['Notes:', '', ...notes.map((n) => `- ${n}`), ''] : []),
    'Tools:',
    '',
    ...input.tools.map((t) => `- \`${t.name}\`: ${t.description}`),
    '',
  ].join('\n');
}

/** @param {number} value */
function ms(value) {
  return value.toFixed(0);
}

/** @param {number | undefined} value */
function times(value) {
  return value === undefined ? '-' : `${value.toFixed(2)}×`;
}

/**
 * Inline code, so error text with markup characters shows literally.
 * @param {string} text
 */
function code(text) {
  return `\`${text.replaceAll('`', "'")}\``;
}

/** @param {string} text */
function oneLine(text) {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
