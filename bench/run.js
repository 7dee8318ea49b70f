// `npm run bench`: cold start of hot-node against its peers on generated TypeScript SSR apps.
// Progress goes to stderr, the result table to stdout and bench/RESULTS.md.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureInterleaved } from './cold-start.js';
import { ensureApp } from './generate-app.js';
import { parseOptions, USAGE } from './options.js';
import { prebuildApp } from './prebuild.js';
import { coldStartTable, describeMachine, notesOf, resultsMarkdown } from './report.js';
import { BASELINES, TOOLS } from './tools.js';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const workDir = join(benchDir, '.work');

/** @param {string} message */
const log = (message) => process.stderr.write(`${message}\n`);

async function main() {
  /** @type {import('./options.js').BenchOptions} */
  let options;
  /** @type {import('./tools.js').Tool[]} */
  let tools;
  try {
    options = parseOptions(process.argv.slice(2), process.env);
    tools = selectTools(options.tools);
  } catch (error) {
    log(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const started = performance.now();
  const machine = describeMachine();
  log(`cold start: sizes ${options.sizes.join(', ')}, ${options.runs} runs, ${tools.length} tools`);
  log(`node ${machine.node}, ${machine.cpu}, ${machine.cores} cores, load ${machine.load1.toFixed(2)}`);

  /** @type {import('./report.js').SizeResults[]} */
  const sizes = [];
  for (const size of options.sizes) {
    const app = await prepareApp(size);
    log(`app with ${size} modules:`);
    sizes.push({ size, results: await measureInterleaved(tools, app, options.runs, log) });
  }

  const durationMs = performance.now() - started;
  const table = coldStartTable(sizes, BASELINES);
  console.log(table);
  for (const note of notesOf(sizes)) console.log(`\nnote: ${note}`);
  log(`\ntotal ${(durationMs / 1000).toFixed(1)} s`);

  if (options.writeResults) {
    const markdown = resultsMarkdown({
      date: new Date(),
      command: commandLine(process.argv.slice(2)),
      machine,
      runs: options.runs,
      sizes,
      baselines: BASELINES,
      tools,
      durationMs,
    });
    await writeFile(join(benchDir, 'RESULTS.md'), markdown);
    log('wrote bench/RESULTS.md');
  }
}

/**
 * How to repeat this run, for the report.
 * @param {string[]} args
 */
function commandLine(args) {
  return args.length > 0 ? `npm run bench -- ${args.join(' ')}` : 'npm run bench';
}

/**
 * @param {string[] | undefined} names
 * @returns {import('./tools.js').Tool[]}
 */
function selectTools(names) {
  if (names === undefined) return TOOLS;
  const unknown = names.filter((n) => !TOOLS.some((t) => t.name === n));
  if (unknown.length > 0) {
    throw new Error(`unknown tool(s) ${unknown.join(', ')}; known: ${TOOLS.map((t) => t.name).join(', ')}`);
  }
  return TOOLS.filter((t) => names.includes(t.name));
}

/**
 * Generates the app when missing (or stale) and compiles the node-prebuilt copy; untimed.
 * @param {number} size
 * @returns {Promise<import('./tools.js').BenchApp>}
 */
async function prepareApp(size) {
  const dir = join(workDir, `app-${size}`);
  const { generated } = await ensureApp(dir, size);
  if (generated) log(`generated ${size}-module app in ${join('bench', '.work', `app-${size}`)}`);
  const prebuiltDir = join(workDir, `app-${size}.prebuilt`);
  await prebuildApp(dir, prebuiltDir);
  return { size, dir, prebuiltDir, coldCacheDir: join(workDir, 'hot-node-cold-cache', `app-${size}`) };
}

main().catch((error) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
