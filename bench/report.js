// Turns measurements into the markdown printed to stdout and saved as bench/RESULTS.md.

import { cpus, loadavg, totalmem } from 'node:os';
import { alignedTable, code, ms, oneLine, times } from './markdown-table.js';
import { memoryEditsLine, memorySection } from './memory-report.js';
import { ratio, summarize } from './stats.js';
import { updateEditsLine, updateSection } from './update-report.js';

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
 * @typedef {object} ColdStartInput
 * @property {number} runs
 * @property {readonly SizeResults[]} sizes
 * @property {readonly string[]} baselines
 * @property {readonly { name: string, description: string }[]} tools
 * @property {number} durationMs
 */

/**
 * @typedef {object} ReportInput
 * @property {Date} date
 * @property {string} command
 * @property {Machine} machine
 * @property {number} durationMs wall time of the whole bench
 * @property {ColdStartInput} [cold] absent when the cold-start part did not run
 * @property {import('./update-report.js').UpdateInput} [update] absent when update latency did not run
 * @property {import('./memory-report.js').MemoryInput} [memory] absent when memory did not run
 */

/**
 * @param {ReportInput} input
 * @returns {string}
 */
export function resultsMarkdown(input) {
  const { machine, cold, update, memory } = input;
  return [
    '# Benchmark results',
    '',
    `- date: ${input.date.toISOString()}`,
    `- command: \`${input.command}\``,
    `- machine: node ${machine.node}, ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.platform}`,
    `- load average (1 min) at start: ${machine.load1.toFixed(2)}`,
    ...(cold
      ? [`- cold start: ${cold.runs} runs per tool and size (after one untimed warm-up run each)`]
      : []),
    ...(update ? [`- update latency: ${updateEditsLine(update)}`] : []),
    ...(memory ? [`- memory: ${memoryEditsLine(memory)}`] : []),
    `- wall time of the whole run: ${seconds(input.durationMs)}${partTimes(input)}`,
    '',
    ...(cold ? coldStartSection(cold) : []),
    ...(update ? updateSection(update) : []),
    ...(memory ? memorySection(memory) : []),
  ].join('\n');
}

/**
 * @param {ReportInput} input
 * @returns {string}
 */
function partTimes({ cold, update, memory }) {
  const parts = [
    ...(cold ? [`cold start ${seconds(cold.durationMs)}`] : []),
    ...(update ? [`update latency ${seconds(update.durationMs)}`] : []),
    ...(memory ? [`memory ${seconds(memory.durationMs)}`] : []),
  ];
  return parts.length > 1 ? ` (${parts.join(', ')})` : '';
}

/** @param {number} ms */
function seconds(ms) {
  return `${(ms / 1000).toFixed(0)} s`;
}

/**
 * @param {ColdStartInput} cold
 * @returns {string[]} markdown lines
 */
function coldStartSection(cold) {
  const notes = notesOf(cold.sizes);
  return [
    '## Cold start',
    '',
    'Time from spawn to the first HTTP 200 on `/` of a generated TypeScript SSR app (the page proves the',
    'whole module graph was loaded). Runs are interleaved round-robin; ratios compare medians of this run.',
    '',
    coldStartTable(cold.sizes, cold.baselines),
    '',
    ...(notes.length > 0 ? ['Notes:', '', ...notes.map((n) => `- ${n}`), ''] : []),
    'Tools:',
    '',
    ...cold.tools.map((t) => `- \`${t.name}\`: ${t.description}`),
    '',
  ];
}
