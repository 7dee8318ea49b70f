// `npm run bench`: cold start, update latency and memory of hot-node against its peers on
// generated TypeScript SSR apps. Progress goes to stderr, the result tables to stdout and
// bench/RESULTS.md.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureInterleaved } from './cold-start.js';
import { ensureApp } from './generate-app.js';
import { checkpointsUpTo, measureMemory } from './memory.js';
import { memoryNotes, memoryTable } from './memory-report.js';
import { parseOptions, USAGE } from './options.js';
import { prebuildApp } from './prebuild.js';
import { coldStartTable, describeMachine, notesOf, resultsMarkdown } from './report.js';
import { BASELINES, TOOLS } from './tools.js';
import { IN_PROCESS_FACTOR, measureUpdates, RESTART_TIMEOUT_FACTOR } from './update-latency.js';
import { updateNotes, updateTable } from './update-report.js';
import { UPDATE_BASELINE, UPDATE_TOOLS } from './update-tools.js';

/** @typedef {import('./tools.js').BenchApp} BenchApp */

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const workDir = join(benchDir, '.work');

/** @param {string} message */
const log = (message) => process.stderr.write(`${message}\n`);

async function main() {
  /** @type {import('./options.js').BenchOptions} */
  let options;
  /** @type {SelectedTools} */
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
  log(`node ${machine.node}, ${machine.cpu}, ${machine.cores} cores, load ${machine.load1.toFixed(2)}`);

  /** @type {Map<number, BenchApp>} */
  const apps = new Map();
  const needed = [
    ...(options.suites.cold || options.suites.update ? options.sizes : []),
    ...(options.suites.memory ? options.memorySizes : []),
  ];
  for (const size of [...new Set(needed)].sort((a, b) => a - b)) apps.set(size, await prepareApp(size));
  /** @param {readonly number[]} sizes */
  const appsOf = (sizes) => new Map(sizes.map((size) => [size, /** @type {BenchApp} */ (apps.get(size))]));

  const cold = options.suites.cold
    ? await runColdStart(options, tools.cold, appsOf(options.sizes))
    : undefined;
  const update = options.suites.update
    ? await runUpdateLatency(options, tools.update, appsOf(options.sizes))
    : undefined;
  const memory = options.suites.memory
    ? await runMemory(
        options,
        tools.update.filter((tool) => !tool.noMemory),
        appsOf(options.memorySizes),
      )
    : undefined;

  const durationMs = performance.now() - started;
  if (cold) {
    console.log(`## Cold start\n\n${coldStartTable(cold.sizes, cold.baselines)}`);
    for (const note of notesOf(cold.sizes)) console.log(`\nnote: ${note}`);
  }
  if (update) {
    console.log(`\n## Update latency\n\n${updateTable(update.sizes, update.baseline)}`);
    for (const note of updateNotes(update.sizes)) console.log(`\nnote: ${note}`);
  }
  if (memory) {
    console.log(`\n## Memory\n\n${memoryTable(memory.sizes, memory.checkpoints)}`);
    for (const note of memoryNotes(memory.sizes)) console.log(`\nnote: ${note}`);
  }
  log(`\ntotal ${(durationMs / 1000).toFixed(1)} s`);

  if (options.writeResults) {
    const markdown = resultsMarkdown({
      date: new Date(),
      command: commandLine(process.argv.slice(2)),
      machine,
      durationMs,
      cold,
      update,
      memory,
    });
    await writeFile(join(benchDir, 'RESULTS.md'), markdown);
    log('wrote bench/RESULTS.md');
  }
}

/**
 * @param {import('./options.js').BenchOptions} options
 * @param {import('./tools.js').Tool[]} tools
 * @param {Map<number, import('./tools.js').BenchApp>} apps
 * @returns {Promise<import('./report.js').ColdStartInput>}
 */
async function runColdStart(options, tools, apps) {
  const started = performance.now();
  log(`cold start: sizes ${options.sizes.join(', ')}, ${options.runs} runs, ${tools.length} tools`);
  /** @type {import('./report.js').SizeResults[]} */
  const sizes = [];
  for (const [size, app] of apps) {
    log(`app with ${size} modules:`);
    sizes.push({ size, results: await measureInterleaved(tools, app, options.runs, log) });
  }
  const durationMs = performance.now() - started;
  log(`cold start took ${(durationMs / 1000).toFixed(1)} s`);
  return { runs: options.runs, sizes, baselines: BASELINES, tools, durationMs };
}

/**
 * @param {import('./options.js').BenchOptions} options
 * @param {import('./update-tools.js').UpdateTool[]} tools
 * @param {Map<number, import('./tools.js').BenchApp>} apps
 * @returns {Promise<import('./update-report.js').UpdateInput>}
 */
async function runUpdateLatency(options, tools, apps) {
  const started = performance.now();
  log(
    `update latency: sizes ${options.sizes.join(', ')}, ${options.edits} edits per kind, ${tools.length} tools`,
  );
  /** @type {import('./update-report.js').UpdateSizeResults[]} */
  const sizes = [];
  const updateOptions = {
    edits: options.edits,
    timeoutMs: options.editTimeoutMs,
    trace: options.trace,
    copiesDir: join(workDir, 'update-copies'),
  };
  for (const [size, app] of apps) {
    log(`app with ${size} modules:`);
    sizes.push({ size, results: await measureUpdates(tools, app, updateOptions, log) });
  }
  const durationMs = performance.now() - started;
  log(`update latency took ${(durationMs / 1000).toFixed(1)} s`);
  // Every edit with its details (requests, hot-node's lines), for a closer look than the table.
  await writeFile(join(workDir, 'update-latency.json'), `${JSON.stringify(sizes, null, 1)}\n`);
  return {
    edits: options.edits,
    inProcessFactor: IN_PROCESS_FACTOR,
    timeoutMs: options.editTimeoutMs,
    restartTimeoutFactor: RESTART_TIMEOUT_FACTOR,
    sizes,
    baseline: UPDATE_BASELINE,
    tools,
    durationMs,
  };
}

/**
 * @param {import('./options.js').BenchOptions} options
 * @param {import('./update-tools.js').UpdateTool[]} tools
 * @param {Map<number, import('./tools.js').BenchApp>} apps
 * @returns {Promise<import('./memory-report.js').MemoryInput>}
 */
async function runMemory(options, tools, apps) {
  const started = performance.now();
  log(
    `memory: sizes ${options.memorySizes.join(', ')}, ${options.memoryEdits} leaf edits, ${tools.length} tools`,
  );
  /** @type {import('./memory-report.js').MemorySizeResults[]} */
  const sizes = [];
  const memoryOptions = {
    edits: options.memoryEdits,
    timeoutMs: options.editTimeoutMs,
    copiesDir: join(workDir, 'memory-copies'),
  };
  for (const [size, app] of apps) {
    log(`app with ${size} modules:`);
    sizes.push({ size, results: await measureMemory(tools, app, memoryOptions, log) });
  }
  const durationMs = performance.now() - started;
  log(`memory took ${(durationMs / 1000).toFixed(1)} s`);
  await writeFile(join(workDir, 'memory.json'), `${JSON.stringify(sizes, null, 1)}\n`);
  return {
    edits: options.memoryEdits,
    checkpoints: checkpointsUpTo(options.memoryEdits),
    sizes,
    tools,
    durationMs,
  };
}

/**
 * How to repeat this run, for the report.
 * @param {string[]} args
 */
function commandLine(args) {
  return args.length > 0 ? `npm run bench -- ${args.join(' ')}` : 'npm run bench';
}

/**
 * @typedef {object} SelectedTools
 * @property {import('./tools.js').Tool[]} cold
 * @property {import('./update-tools.js').UpdateTool[]} update also the tools of the memory part
 */

/**
 * Tools of every part; a name may belong to some parts only (node-prebuilt is a cold-start
 * baseline, tsx watch and node --watch run in the update and memory parts).
 * @param {string[] | undefined} names
 * @returns {SelectedTools}
 */
function selectTools(names) {
  if (names === undefined) return { cold: TOOLS, update: UPDATE_TOOLS };
  const known = [...new Set([...TOOLS, ...UPDATE_TOOLS].map((t) => t.name))];
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0)
    throw new Error(`unknown tool(s) ${unknown.join(', ')}; known: ${known.join(', ')}`);
  return {
    cold: TOOLS.filter((t) => names.includes(t.name)),
    update: UPDATE_TOOLS.filter((t) => names.includes(t.name)),
  };
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
