// Memory: each tool runs its own copy of the app alone, with the memory probe loaded, and a leaf
// module is edited over and over; after 0, 1, 50, 200 and 1000 edits the probe reports heap and
// RSS after a full GC. Edits follow each other as soon as the page shows the previous one.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { copyApp, copyDirFor } from './app-copies.js';
import { pickTargets } from './edit-targets.js';
import { restoreEditedFiles } from './file-edits.js';
import { MANIFEST_FILE } from './generate-app.js';
import { MemorySession } from './memory-session.js';
import { summarize } from './stats.js';

/** @typedef {import('./update-tools.js').UpdateTool} UpdateTool */
/** @typedef {import('./memory-session.js').MemoryPoint} MemoryPoint */
/** @typedef {import('./edit-targets.js').EditTarget} EditTarget */

/** Edit counts memory is sampled after, up to the run's number of edits. */
export const MEMORY_CHECKPOINTS = [0, 1, 50, 200, 1000];
/** Longest a tool may take to serve its first page. */
const START_TIMEOUT_MS = 120_000;
/**
 * After the first edit, an edit that does not show within this many times the median so far
 * (and at least MISS_FLOOR_MS) counts as missed and the file is saved again: a tool that drops a
 * file event would otherwise cost a whole edit timeout per drop.
 */
const MISS_FACTOR = 10;
const MISS_FLOOR_MS = 1000;

/**
 * @typedef {object} MemoryToolResult
 * @property {string} tool
 * @property {MemoryPoint[]} points in edit order, the first after 0 edits
 * @property {boolean} restarts the tool restarts on an edit, so only the fresh process was sampled
 * @property {number} [editMs] median time from a write to the first page showing it
 * @property {number} resaves edits that did not show in time and were saved again
 * @property {string} [notApplied] why leaf edits were not sampled: the tool did not apply the first
 * @property {string} [unavailable] why the tool was not measured at all
 * @property {string} [failed] why measuring stopped early
 * @property {string[]} notes caveats to print next to the numbers
 */

/**
 * @typedef {object} MemoryOptions
 * @property {number} edits leaf edits per tool, the last checkpoint
 * @property {number} timeoutMs cap per edit
 * @property {string} copiesDir where the per-tool app copies go
 */

/**
 * The checkpoints of a run with `edits` edits: the standard ones below it, and `edits` itself.
 * @param {number} edits
 * @returns {number[]}
 */
export function checkpointsUpTo(edits) {
  return [...MEMORY_CHECKPOINTS.filter((n) => n < edits), edits];
}

/**
 * Measures the tools one after the other on one app.
 * @param {readonly UpdateTool[]} tools
 * @param {import('./tools.js').BenchApp} app
 * @param {MemoryOptions} options
 * @param {(message: string) => void} log
 * @returns {Promise<MemoryToolResult[]>}
 */
export async function measureMemory(tools, app, options, log) {
  const manifest = JSON.parse(await readFile(join(app.dir, MANIFEST_FILE), 'utf8'));
  const targets = pickTargets(manifest);
  const leaf = /** @type {EditTarget} */ (targets.find((t) => t.kind === 'leaf'));
  const router = /** @type {EditTarget} */ (targets.find((t) => t.kind === 'router'));
  /** @type {MemoryToolResult[]} */
  const results = [];
  try {
    for (const tool of tools) {
      /** @type {MemoryToolResult} */
      const result = { tool: tool.name, points: [], restarts: !tool.inProcess, resaves: 0, notes: [] };
      results.push(result);
      const reason = tool.unavailable?.();
      if (reason !== undefined) {
        result.unavailable = reason;
        log(`  ${tool.name}: unavailable: ${reason}`);
        continue;
      }
      const dir = copyDirFor(join(options.copiesDir, `app-${app.size}`), tool.name);
      await copyApp(tool.variant === 'prebuilt' ? app.prebuiltDir : app.dir, dir);
      await measureTool(tool, dir, { leaf, router }, options, result, log);
    }
  } finally {
    restoreEditedFiles();
  }
  return results;
}

/**
 * @param {UpdateTool} tool
 * @param {string} dir
 * @param {{ leaf: EditTarget, router: EditTarget }} targets
 * @param {MemoryOptions} options
 * @param {MemoryToolResult} result filled in
 * @param {(message: string) => void} log
 */
async function measureTool(tool, dir, { leaf, router }, options, result, log) {
  /** @type {MemorySession} */
  let session;
  try {
    session = await MemorySession.start(tool, dir, { router, startTimeoutMs: START_TIMEOUT_MS });
  } catch (error) {
    result.failed = `did not start: ${error instanceof Error ? error.message : String(error)}`;
    log(`  ${tool.name}: ${result.failed}`);
    return;
  }
  const started = performance.now();
  try {
    await takeSample(session, 0, result, log);
    if (result.restarts) {
      result.notes.push('restarts on every edit: each edit starts a fresh process like the one at 0 edits');
      return;
    }
    const checkpoints = new Set(checkpointsUpTo(options.edits));
    /** @type {number[]} */
    const editMs = [];
    for (let edits = 1; edits <= options.edits; edits++) {
      const cap =
        editMs.length === 0
          ? options.timeoutMs
          : Math.min(options.timeoutMs, Math.max(MISS_FLOOR_MS, MISS_FACTOR * summarize(editMs).median));
      const outcome = await editApplied(
        session,
        leaf,
        { cap, timeoutMs: options.timeoutMs, edits },
        result,
        log,
      );
      if (outcome === undefined) break;
      if (outcome.ok) editMs.push(outcome.ms);
      if (checkpoints.has(edits)) {
        result.editMs = summarize(editMs).median;
        await takeSample(session, edits, result, log);
      }
    }
  } finally {
    if (result.resaves > 0) {
      result.notes.push(
        `${result.resaves} of ${result.points.at(-1)?.edits ?? 0} edits did not show within ${MISS_FACTOR}× the median edit time (at least ${MISS_FLOOR_MS} ms) and were saved again (not counted in ms/edit)`,
      );
    }
    const unexpected = session.unexpectedOutput();
    if (unexpected.length > 0) {
      const shown = unexpected.slice(0, 3).map((l) => `\`${l.replaceAll('`', "'").slice(0, 200)}\``);
      result.notes.push(`${unexpected.length} unexpected stderr line(s), e.g. ${shown.join(' / ')}`);
    }
    await session.stop();
    log(`  ${tool.name}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

/**
 * One leaf edit. A first edit that never shows means the tool does not apply leaf edits here;
 * a later one that misses its cap is saved again, and the run fails if that does not show either.
 * @param {MemorySession} session
 * @param {EditTarget} leaf
 * @param {{ cap: number, timeoutMs: number, edits: number }} limits `cap` for this edit,
 *   `timeoutMs` for a second save; `edits` numbers this edit, from 1
 * @param {MemoryToolResult} result
 * @param {(message: string) => void} log
 * @returns {Promise<import('./memory-session.js').EditOutcome | undefined>} the edit's outcome,
 *   failed when it showed only after a second save; undefined when the run cannot go on
 */
async function editApplied(session, leaf, { cap, timeoutMs, edits }, result, log) {
  const outcome = await session.edit(leaf, cap);
  if (outcome.ok) return outcome;
  const name = session.tool.name;
  if (edits === 1) {
    result.notApplied = `the first leaf edit did not show: ${outcome.reason}`;
    log(`  ${name}: leaf edits not applied: ${outcome.reason}`);
    return undefined;
  }
  const again = await session.saveAgain(leaf, timeoutMs);
  if (again.ok) {
    result.resaves++;
    return outcome;
  }
  result.failed = `edit ${edits} did not show, even saved again: ${outcome.reason}`;
  log(`  ${name} failed: ${outcome.reason}`);
  return undefined;
}

/**
 * @param {MemorySession} session
 * @param {number} edits
 * @param {MemoryToolResult} result
 * @param {(message: string) => void} log
 */
async function takeSample(session, edits, result, log) {
  const point = await session.sample(edits);
  result.points.push(point);
  if (point.fullGc === false && !result.notes.some((n) => n.startsWith('no full GC'))) {
    result.notes.push('no full GC was possible: heap includes garbage');
  }
  const mib = (/** @type {number | undefined} */ bytes) =>
    bytes === undefined ? '?' : (bytes / 2 ** 20).toFixed(1);
  const timing = result.editMs === undefined ? '' : `, ${result.editMs.toFixed(1)} ms/edit`;
  log(
    `  ${session.tool.name} after ${edits} edits: heap ${mib(point.heap)} MiB, RSS ${mib(point.rss)} MiB` +
      `, all processes ${mib(point.groupRss)} MiB${timing}${point.problem ? ` (${point.problem})` : ''}`,
  );
}
