// Command-line and environment options of `npm run bench`.

import { parseArgs } from 'node:util';

export const USAGE = `usage: npm run bench -- [options]

  --runs N          measured runs per tool and size (default 9, env BENCH_RUNS)
  --sizes A,B       app sizes in modules (default 500,2000, env BENCH_SIZES)
  --quick           sizes 50,500 with 3 runs (explicit --runs/--sizes still win)
  --tools a,b       only these tools (names as in the table)
  --no-results      do not write bench/RESULTS.md
  --help            show this help`;

/**
 * @typedef {object} BenchOptions
 * @property {number} runs
 * @property {number[]} sizes
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
      sizes: { type: 'string' },
      quick: { type: 'boolean', default: false },
      tools: { type: 'string' },
      'no-results': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const quick = values.quick === true;
  const runs = positiveInt(values.runs ?? env.BENCH_RUNS ?? (quick ? '3' : '9'), 'runs');
  const sizes = (values.sizes ?? env.BENCH_SIZES ?? (quick ? '50,500' : '500,2000'))
    .split(',')
    .map((s) => positiveInt(s.trim(), 'sizes'));
  return {
    runs,
    sizes,
    tools: values.tools?.split(',').map((t) => t.trim()),
    writeResults: values['no-results'] !== true,
    help: values.help === true,
  };
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
