// Command-line and environment options of `npm run bench`.

import { parseArgs } from 'node:util';

export const USAGE = `usage: npm run bench -- [options]

  --runs N          cold start: measured runs per tool and size (default 9, env BENCH_RUNS)
  --edits N         update latency: measured edits per kind, tool and size (default 9, env
                    BENCH_EDITS; tools that update in place get twice as many)
  --edit-timeout MS update latency: cap per edit (default 10000, 5000 with --quick; three
                    times that for tools that restart)
  --sizes A,B       app sizes in modules (default 500,2000, env BENCH_SIZES)
  --suites a,b      which parts to run: cold, update (default both)
  --quick           sizes 50,500 with 3 runs and 2 edits (explicit options still win)
  --tools a,b       only these tools (names as in the tables; applies to both parts)
  --trace           run hot-node with HOT_NODE_TRACE=1 and add its phase timings to the table
  --no-results      do not write bench/RESULTS.md
  --help            show this help`;

/**
 * @typedef {object} BenchOptions
 * @property {number} runs
 * @property {number} edits
 * @property {number} editTimeoutMs
 * @property {number[]} sizes
 * @property {{ cold: boolean, update: boolean }} suites
 * @property {boolean} trace
 * @property {string[] | undefined} tools
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
  const runs = positiveInt(values.runs ?? env.BENCH_RUNS ?? (quick ? '3' : '9'), 'runs');
  const edits = positiveInt(values.edits ?? env.BENCH_EDITS ?? (quick ? '2' : '9'), 'edits');
  const editTimeoutMs = positiveInt(values['edit-timeout'] ?? (quick ? '5000' : '10000'), 'edit-timeout');
  const sizes = (values.sizes ?? env.BENCH_SIZES ?? (quick ? '50,500' : '500,2000'))
    .split(',')
    .map((s) => positiveInt(s.trim(), 'sizes'));
  return {
    runs,
    edits,
    editTimeoutMs,
    sizes,
    suites: parseSuites(values.suites),
    trace: values.trace === true,
    tools: values.tools?.split(',').map((t) => t.trim()),
    writeResults: values['no-results'] !== true,
    help: values.help === true,
  };
}

/**
 * @param {string | undefined} text comma-separated suite names
 * @returns {{ cold: boolean, update: boolean }}
 */
function parseSuites(text) {
  if (text === undefined) return { cold: true, update: true };
  const names = text.split(',').map((s) => s.trim());
  const unknown = names.filter((n) => n !== 'cold' && n !== 'update');
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(`--suites: expected cold and/or update, got "${text}"`);
  }
  return { cold: names.includes('cold'), update: names.includes('update') };
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
