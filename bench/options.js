// Command-line and environment options of `npm run bench`.

import { parseArgs } from 'node:util';

/** The parts of the bench, in the order they run. */
export const SUITES = /** @type {const} */ (['cold', 'update', 'memory']);

/** @typedef {typeof SUITES[number]} Suite */

/** What --quick measures unless told otherwise. */
export const QUICK = {
  runs: 3,
  edits: 2,
  memoryEdits: 50,
  editTimeoutMs: 5000,
  sizes: [500],
  tools: ['node-prebuilt', 'hot-node', 'vite-runner'],
};

export const USAGE = `usage: npm run bench -- [options]

  --runs N           cold start: measured runs per tool and size (default 9, env BENCH_RUNS)
  --edits N          update latency: measured edits per kind, tool and size (default 9, env
                     BENCH_EDITS; tools that update in place get twice as many)
  --memory-edits N   memory: leaf edits per tool and size (default 1000, env BENCH_MEMORY_EDITS);
                     samples after 0, 1, 50, 200 and 1000 edits, as far as N goes, and after N
  --memory-sizes A,B memory: app sizes (default 500, env BENCH_MEMORY_SIZES; --sizes does not
                     apply: bun re-runs the whole app per edit, 1000 edits of 2000 modules take long)
  --edit-timeout MS  cap per edit (default 10000, 5000 with --quick; three times that for tools
                     that restart)
  --sizes A,B        app sizes in modules (default 50,500,2000, env BENCH_SIZES)
  --suites a,b       which parts to run: cold, update, memory (default all three)
  --quick            sizes ${QUICK.sizes.join(',')}, tools ${QUICK.tools.join(', ')}; ${QUICK.runs} runs, ${QUICK.edits} edits,
                     ${QUICK.memoryEdits} memory edits (explicit options still win); bench/RESULTS.md is left alone
  --tools a,b        only these tools (names as in the tables; applies to every part)
  --trace            run hot-node with HOT_NODE_TRACE=1 and add its phase timings to the table
  --no-results       do not write bench/RESULTS.md
  --help             show this help`;

/**
 * @typedef {object} BenchOptions
 * @property {number} runs
 * @property {number} edits
 * @property {number} memoryEdits
 * @property {number} editTimeoutMs
 * @property {number[]} sizes app sizes of the cold-start and update-latency parts
 * @property {number[]} memorySizes app sizes of the memory part
 * @property {Record<Suite, boolean>} suites
 * @property {boolean} trace
 * @property {string[] | undefined} tools undefined: every tool
 * @property {boolean} quick
 * @property {boolean} writeResults
 * @property {boolean} help
 */

/**
 * @param {string[]} argv arguments after the script name
 * @param {NodeJS.ProcessEnv} env
 * @returns {BenchOptions}
 */
export function parseOptions(argv, env) {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string' },
      edits: { type: 'string' },
      'memory-edits': { type: 'string' },
      'memory-sizes': { type: 'string' },
      'edit-timeout': { type: 'string' },
      sizes: { type: 'string' },
      suites: { type: 'string' },
      trace: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      tools: { type: 'string' },
      'no-results': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const quick = values.quick === true;
  /**
   * @param {string | undefined} given
   * @param {number} quickValue
   * @param {number} normal
   */
  const pick = (given, quickValue, normal) => given ?? String(quick ? quickValue : normal);
  const sizes = values.sizes ?? env.BENCH_SIZES ?? (quick ? QUICK.sizes.join(',') : '50,500,2000');
  return {
    runs: positiveInt(pick(values.runs ?? env.BENCH_RUNS, QUICK.runs, 9), 'runs'),
    edits: positiveInt(pick(values.edits ?? env.BENCH_EDITS, QUICK.edits, 9), 'edits'),
    memoryEdits: positiveInt(
      pick(values['memory-edits'] ?? env.BENCH_MEMORY_EDITS, QUICK.memoryEdits, 1000),
      'memory-edits',
    ),
    editTimeoutMs: positiveInt(pick(values['edit-timeout'], QUICK.editTimeoutMs, 10_000), 'edit-timeout'),
    sizes: sizeList(sizes, 'sizes'),
    memorySizes: sizeList(values['memory-sizes'] ?? env.BENCH_MEMORY_SIZES ?? '500', 'memory-sizes'),
    suites: parseSuites(values.suites),
    trace: values.trace === true,
    tools: values.tools?.split(',').map((t) => t.trim()) ?? (quick ? [...QUICK.tools] : undefined),
    quick,
    // A quick run is for development: it must not replace the results of a full one.
    writeResults: values['no-results'] !== true && !quick,
    help: values.help === true,
  };
}

/**
 * @param {string | undefined} text comma-separated suite names
 * @returns {Record<Suite, boolean>}
 */
function parseSuites(text) {
  if (text === undefined) return { cold: true, update: true, memory: true };
  const names = text.split(',').map((s) => s.trim());
  const unknown = names.filter((n) => !SUITES.some((s) => s === n));
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(`--suites: expected some of ${SUITES.join(', ')}, got "${text}"`);
  }
  return { cold: names.includes('cold'), update: names.includes('update'), memory: names.includes('memory') };
}

/**
 * @param {string} text comma-separated
 * @param {string} what
 * @returns {number[]}
 */
function sizeList(text, what) {
  return text.split(',').map((s) => positiveInt(s.trim(), what));
}

/**
 * @param {string} text
 * @param {string} what
 * @returns {number}
 */
function positiveInt(text, what) {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`--${what}: expected positive integers, got "${text}"`);
  }
  return value;
}
