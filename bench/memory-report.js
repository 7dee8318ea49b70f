// The memory part of the printed tables and of bench/RESULTS.md.

import { alignedTable, code, oneLine } from './markdown-table.js';

/** @typedef {import('./memory.js').MemoryToolResult} MemoryToolResult */
/** @typedef {import('./memory-session.js').MemoryPoint} MemoryPoint */

/**
 * @typedef {object} MemorySizeResults
 * @property {number} size
 * @property {MemoryToolResult[]} results
 */

/**
 * @typedef {object} MemoryInput
 * @property {number} edits leaf edits per tool
 * @property {number[]} checkpoints edit counts memory was sampled after
 * @property {readonly MemorySizeResults[]} sizes
 * @property {readonly { name: string, description: string }[]} tools
 * @property {number} durationMs
 */

/** The rows of each tool: what was sampled, how it is named in the table. */
const MEASURES = /** @type {const} */ ([
  { key: 'heap', label: 'heap MiB' },
  { key: 'heapWithoutCode', label: 'heap w/o code MiB' },
  { key: 'rss', label: 'RSS MiB' },
  { key: 'groupRss', label: 'RSS all MiB' },
]);

/** Heap growth per edit the project aims to stay below. */
export const HEAP_GROWTH_TARGET_BYTES = 1024;

/**
 * Bytes per edit between two samples of one measure; undefined when either is missing or they
 * are the same sample.
 * @param {readonly MemoryPoint[]} points
 * @param {'heap' | 'heapWithoutCode' | 'rss' | 'groupRss'} key
 * @param {number} fromEdits
 * @param {number} toEdits
 * @returns {number | undefined}
 */
export function growthPerEdit(points, key, fromEdits, toEdits) {
  const from = points.find((p) => p.edits === fromEdits)?.[key];
  const to = points.find((p) => p.edits === toEdits)?.[key];
  if (from === undefined || to === undefined || toEdits <= fromEdits) return undefined;
  return (to - from) / (toEdits - fromEdits);
}

/**
 * One row per size, tool and measure, one column per checkpoint; growth per edit over the whole
 * run (from 0 edits) and over its last stretch (from the checkpoint before the last), which
 * leaves out one-time costs of the first updates.
 * @param {readonly MemorySizeResults[]} sizes
 * @param {readonly number[]} checkpoints
 * @returns {string}
 */
export function memoryTable(sizes, checkpoints) {
  const last = checkpoints.at(-1) ?? 0;
  const before = checkpoints.at(-2) ?? 0;
  const header = [
    'modules',
    'tool',
    'measure',
    ...checkpoints.map((n, i) => (i === 0 ? `${n} edits` : String(n))),
    `B/edit 0→${last}`,
    `B/edit ${before}→${last}`,
    'ms/edit',
  ];
  /** @type {string[][]} */
  const rows = [];
  for (const { size, results } of sizes) {
    for (const r of results) {
      const tool = r.failed && r.points.length > 0 ? `${r.tool} (failed)` : r.tool;
      if (r.points.length === 0) {
        const status = r.unavailable ? 'unavailable' : 'failed';
        rows.push([String(size), tool, '-', status, ...checkpoints.slice(1).map(() => '-'), '-', '-', '-']);
        continue;
      }
      const measured = MEASURES.filter(({ key }) => r.points.some((p) => p[key] !== undefined));
      measured.forEach(({ key, label }, i) => {
        rows.push([
          String(size),
          tool,
          label,
          ...checkpoints.map((n) => mibCell(r.points.find((p) => p.edits === n)?.[key])),
          bytesCell(growthPerEdit(r.points, key, 0, last)),
          bytesCell(growthPerEdit(r.points, key, before, last)),
          i === 0 && r.editMs !== undefined ? fine(r.editMs) : '-',
        ]);
      });
    }
  }
  return alignedTable(header, rows);
}

/**
 * @param {readonly MemorySizeResults[]} sizes
 * @returns {string[]} one line per caveat, prefixed with size and tool
 */
export function memoryNotes(sizes) {
  return sizes.flatMap(({ size, results }) =>
    results.flatMap((r) => {
      const problems = [...new Set(r.points.map((p) => p.problem).filter((p) => p !== undefined))];
      const why = [
        ...(r.unavailable ? [`unavailable: ${code(oneLine(r.unavailable))}`] : []),
        ...(r.notApplied
          ? [`leaf edits not applied, only the fresh process was sampled: ${code(oneLine(r.notApplied))}`]
          : []),
        ...(r.failed ? [`failed: ${code(oneLine(r.failed))}`] : []),
        ...problems.map((p) => `no heap sample: ${code(oneLine(p))}`),
        ...r.notes,
      ];
      return why.map((note) => `${size} modules, ${r.tool}: ${note}`);
    }),
  );
}

/**
 * The "memory" line of the results header.
 * @param {MemoryInput} memory
 */
export function memoryEditsLine(memory) {
  return `${memory.edits} leaf edits per tool and size, sampled after ${memory.checkpoints.join(', ')} edits`;
}

/**
 * @param {MemoryInput} memory
 * @returns {string[]} markdown lines
 */
export function memorySection(memory) {
  const notes = memoryNotes(memory.sizes);
  const last = memory.checkpoints.at(-1) ?? 0;
  return [
    '## Memory',
    '',
    'Each tool runs its own copy of the app alone, with a probe (`bench/hosts/memory-probe.mjs`) loaded into',
    'the process that runs the app: `--expose-gc --import` under node, `--preload` under bun. The same leaf',
    'module is edited again and again, each edit written as soon as the page shows the previous one (for',
    "Vite-based tools 60 ms later: Vite's watcher, chokidar 3, drops a change to a file that comes within 50 ms",
    'of its previous change event). After',
    `${memory.checkpoints.join(', ')} edits the bench waits for the tool to go quiet and signals the probe,`,
    'which runs a full garbage collection (`gc()`, `Bun.gc(true)`) and reports the JS heap in use (`heap`:',
    "V8's heapUsed, JavaScriptCore's heap size under bun; `heap w/o code`: the same without V8's code space,",
    'where the JIT puts the machine code of the functions it optimises, node only) and the RSS of that process',
    '(`RSS`). `RSS all` adds',
    "up the RSS of every process of the tool (hot-node's supervisor, the watcher process of `node --watch` and",
    '`tsx watch`; shared pages count once per process). `B/edit`: growth per edit in bytes, over the whole',
    `run and over its last stretch (after the first updates' one-time costs); the heap target is below`,
    `${HEAP_GROWTH_TARGET_BYTES} B per edit over ${last} edits. \`ms/edit\`: median time from a write to the first`,
    'page that shows it, during this run. Tools that restart on an edit start a fresh process each time: only',
    'that fresh process is sampled. One run per tool and size.',
    '',
    memoryTable(memory.sizes, memory.checkpoints),
    '',
    ...(notes.length > 0 ? ['Notes:', '', ...notes.map((n) => `- ${n}`), ''] : []),
    'Tools:',
    '',
    ...memory.tools.map((t) => `- \`${t.name}\`: ${t.description}`),
    '',
  ];
}

/**
 * Mebibytes with one decimal.
 * @param {number | undefined} bytes
 */
function mibCell(bytes) {
  return bytes === undefined ? '-' : (bytes / 2 ** 20).toFixed(1);
}

/**
 * Whole bytes per edit.
 * @param {number | undefined} bytes
 */
function bytesCell(bytes) {
  return bytes === undefined ? '-' : String(Math.round(bytes));
}

/**
 * Milliseconds with one decimal below 100 ms.
 * @param {number} value
 */
function fine(value) {
  return value < 100 ? value.toFixed(1) : value.toFixed(0);
}
