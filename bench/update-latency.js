// Update latency: every tool serves its own copy of one app at the same time, and edits rotate
// among them, so machine noise spreads over all tools alike. Each edit bumps a marker in a file
// and is timed from right before the write to the first page that shows the new marker.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { copyApp, copyDirFor } from './app-copies.js';
import { waitUntilIdle } from './cpu-idle.js';
import { pickTargets } from './edit-targets.js';
import { restoreEditedFiles } from './file-edits.js';
import { MANIFEST_FILE } from './generate-app.js';
import { UpdateSession } from './update-session.js';

/** @typedef {import('./update-tools.js').UpdateTool} UpdateTool */
/** @typedef {import('./update-session.js').EditSample} EditSample */
/** @typedef {import('./edit-targets.js').EditTarget} EditTarget */
/** @typedef {import('./edit-targets.js').EditKind} EditKind */

/** Least time between two edits. */
const SETTLE_MS = 100;
/**
 * Before an edit the tool's processes must have gone quiet (the aftermath of its previous edit:
 * a restarted process warming up, a whole graph re-run, GC), and the other tools are frozen, on
 * a 2-core machine where their background work would land on the tool measured.
 */
const QUIET = { windowMs: 200, busyMs: 20, maxMs: 5000 };
/** Tools that update in place get this many edits per kind for each edit of a restarting tool. */
export const IN_PROCESS_FACTOR = 2;
/** Longest a tool may take to serve its first page. */
const START_TIMEOUT_MS = 120_000;
/** Tools that restart start a whole process per edit: their cap per edit is this many times longer. */
export const RESTART_TIMEOUT_FACTOR = 3;
/** A tool that stops serving is started again this often per app size before it counts as failed. */
const MAX_RECOVERIES = 3;
/**
 * Caps of a warm-up edit of a tool that updates in place, and of saving it again: an edit that
 * does not show by then is one the tool does not apply (a first update may be slow, but not this).
 */
const WARM_UP_CAP_MS = 5000;
const WARM_UP_RESAVE_CAP_MS = 2000;

/**
 * @typedef {object} UpdateToolResult
 * @property {string} tool
 * @property {EditSample[]} samples measured edits, warm-up excluded
 * @property {string[]} recoveries how and why the tool was brought back to serving the current
 *   version after it missed an edit or stopped serving ('saved again after: ...', 'started again
 *   after: ...')
 * @property {{ kind: EditKind, reason: string }[]} notApplied edit kinds the tool did not apply in
 *   its warm-up, even saved again; they are left out of its measured edits
 * @property {string} [unavailable] why the tool was not measured at all
 * @property {string} [failed] why measuring stopped early
 * @property {string[]} notes caveats to print next to the numbers
 */

/**
 * @typedef {object} UpdateOptions
 * @property {number} edits measured edits per kind for restarting tools (in-process tools get more)
 * @property {number} timeoutMs cap per edit for tools that update in place
 * @property {boolean} trace run hot-node with HOT_NODE_TRACE=1
 * @property {string} copiesDir where the per-tool app copies go
 */

/** @typedef {{ session: UpdateSession, result: UpdateToolResult }} Running */

/**
 * @param {readonly UpdateTool[]} tools
 * @param {import('./tools.js').BenchApp} app
 * @param {UpdateOptions} options
 * @param {(message: string) => void} log
 * @returns {Promise<UpdateToolResult[]>}
 */
export async function measureUpdates(tools, app, options, log) {
  const manifest = JSON.parse(await readFile(join(app.dir, MANIFEST_FILE), 'utf8'));
  const targets = pickTargets(manifest);
  /** @type {UpdateToolResult[]} */
  const results = tools.map((tool) => ({
    tool: tool.name,
    samples: [],
    recoveries: [],
    notApplied: [],
    notes: [],
  }));
  /** @type {Running[]} */
  let running = [];
  /** @param {readonly Running[]} runs */
  const quiet = async (runs) => {
    await pause(SETTLE_MS);
    const groups = runs.map((r) => r.session.processGroup).filter((pgid) => pgid !== undefined);
    await waitUntilIdle(groups, QUIET);
  };
  // The other tools are frozen while one is edited (see UpdateSession.freeze): it is measured
  // once it has gone quiet itself.
  const edit = async (/** @type {Running} */ run, /** @type {EditTarget} */ target, record = true) => {
    const others = running.filter((r) => r !== run);
    const quietAlone = async () => {
      for (const other of others) other.session.freeze(true);
      await quiet([run]);
    };
    let ok = false;
    try {
      ok = await editOnce(run, target, options.timeoutMs, record, quietAlone, log);
    } finally {
      for (const other of others) other.session.freeze(false);
    }
    if (!ok) running = running.filter((r) => r !== run);
    return ok;
  };
  try {
    // Started side by side: start-up is not measured here, and it is the slowest part.
    const sessions = await Promise.all(tools.map((tool) => startTool(tool, app, targets, options, log)));
    sessions.forEach((session, i) => {
      const result = /** @type {UpdateToolResult} */ (results[i]);
      if (typeof session === 'string') result.unavailable = session;
      else running.push({ session, result });
    });
    // Untimed edits that prove the tool applies edits at all; in-process tools get one per kind,
    // to warm up their caches and JIT (a restart starts from scratch anyway).
    for (const run of [...running]) {
      const warmUps = run.session.tool.inProcess ? targets : targets.slice(0, 1);
      for (const target of warmUps) {
        // Tools that restart, and tools that stop serving, go through the recoveries of a measured edit.
        const outcome = run.session.tool.inProcess
          ? await warmUpInPlace(run, target, () => quiet(running), log)
          : 'broken';
        if (outcome === 'broken' && !(await edit(run, target, false))) break;
      }
      if (running.includes(run) && run.result.notApplied.length === targets.length) {
        running = running.filter((r) => r !== run);
        noteOutput(run.result, run.session.unexpectedOutput());
        await run.session.stop();
      }
    }
    for (let round = 0; round < options.edits && running.length > 0; round++) {
      const before = new Map(running.map((r) => [r, r.result.samples.length]));
      for (const target of targets) {
        for (const run of rotate(running, round)) {
          if (run.result.notApplied.some((n) => n.kind === target.kind)) continue;
          const repeats = run.session.tool.inProcess ? IN_PROCESS_FACTOR : 1;
          for (let i = 0; i < repeats && running.includes(run); i++) await edit(run, target);
        }
      }
      const line = [...before].map(
        ([r, n]) => `${r.session.tool.name} ${roundTimes(r.result.samples.slice(n))}`,
      );
      log(`  round ${round + 1}/${options.edits} (ms, leaf/mid/router): ${line.join(', ')}`);
    }
  } finally {
    for (const { session, result } of running) {
      noteOutput(result, session.unexpectedOutput());
      await session.stop();
    }
    restoreEditedFiles();
  }
  return results;
}

/**
 * One edit after a settling pause. When a tool misses it or stops serving, the file is saved
 * again and, if that does not help, the tool is started again; past MAX_RECOVERIES such repairs
 * per app size the tool counts as failed and is stopped.
 * @param {Running} run
 * @param {EditTarget} target
 * @param {number} timeoutMs cap per edit for tools that update in place
 * @param {boolean} record false for warm-up edits
 * @param {() => Promise<void>} quiet waits until the machine is quiet enough for an edit
 * @param {(message: string) => void} log
 * @returns {Promise<boolean>} whether the tool is still running
 */
async function editOnce(run, target, timeoutMs, record, quiet, log) {
  const { session, result } = run;
  const cap = session.tool.inProcess ? timeoutMs : timeoutMs * RESTART_TIMEOUT_FACTOR;
  await quiet();
  /** @type {string} */
  let problem;
  try {
    const sample = await session.edit(target, cap);
    if (record) result.samples.push(sample);
    else log(`  ${session.tool.name} warm-up ${target.kind}: ${describeSample(sample)}`);
    if (sample.timeout === undefined) return true;
    problem = `${target.kind} edit timed out: ${sample.timeout}`;
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  log(`  ${session.tool.name}: ${indent(problem)}`);
  if (result.recoveries.length < MAX_RECOVERIES) {
    // First what a developer does when a save does not show: save again.
    if (await session.saveAgain(cap)) {
      result.recoveries.push(`saved again after: ${problem}`);
      log(`  ${session.tool.name}: saving the file again fixed it`);
      return true;
    }
    result.recoveries.push(`started again after: ${problem}`);
    try {
      await session.restart();
      log(`  ${session.tool.name}: started again`);
      return true;
    } catch (error) {
      problem = `could not start again: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  result.failed = problem;
  noteOutput(result, session.unexpectedOutput());
  await session.stop();
  log(`  ${session.tool.name} failed`);
  return false;
}

/**
 * A warm-up edit of a tool that updates in place. An edit that does not show, even saved again,
 * is of a kind the tool does not apply: noted, and left out of the measured edits. The tool keeps
 * running for the other kinds (each kind checks only its own marker).
 * @param {Running} run
 * @param {EditTarget} target
 * @param {() => Promise<void>} quiet
 * @param {(message: string) => void} log
 * @returns {Promise<'applied' | 'not applied' | 'broken'>} broken: the tool does not even serve
 *   the previous version
 */
async function warmUpInPlace(run, target, quiet, log) {
  const { session, result } = run;
  const name = session.tool.name;
  await quiet();
  /** @type {EditSample} */
  let sample;
  try {
    sample = await session.edit(target, WARM_UP_CAP_MS);
  } catch (error) {
    log(`  ${name}: ${indent(error instanceof Error ? error.message : String(error))}`);
    return 'broken';
  }
  log(`  ${name} warm-up ${target.kind}: ${describeSample(sample)}`);
  if (sample.timeout === undefined) return 'applied';
  if (await session.saveAgain(WARM_UP_RESAVE_CAP_MS)) {
    result.recoveries.push(`saved again after: warm-up ${target.kind} edit timed out: ${sample.timeout}`);
    log(`  ${name}: saving the file again fixed it`);
    return 'applied';
  }
  result.notApplied.push({ kind: target.kind, reason: sample.timeout });
  log(`  ${name}: ${target.kind} edits not applied; left out`);
  return 'not applied';
}

/**
 * Copies the app for the tool and starts it; returns why not, if it cannot run.
 * @param {UpdateTool} tool
 * @param {import('./tools.js').BenchApp} app
 * @param {EditTarget[]} targets
 * @param {UpdateOptions} options
 * @param {(message: string) => void} log
 * @returns {Promise<UpdateSession | string>}
 */
async function startTool(tool, app, targets, options, log) {
  const reason = tool.unavailable?.();
  if (reason !== undefined) {
    log(`  ${tool.name}: unavailable: ${reason}`);
    return reason;
  }
  const dir = copyDirFor(join(options.copiesDir, `app-${app.size}`), tool.name);
  await copyApp(tool.variant === 'prebuilt' ? app.prebuiltDir : app.dir, dir);
  const router = /** @type {EditTarget} */ (targets.find((t) => t.kind === 'router'));
  const started = performance.now();
  try {
    const session = await UpdateSession.start(tool, dir, {
      trace: options.trace,
      router,
      startTimeoutMs: START_TIMEOUT_MS,
    });
    log(`  ${tool.name}: serving and quiet after ${(performance.now() - started).toFixed(0)} ms`);
    return session;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    log(`  ${tool.name}: did not start: ${indent(why)}`);
    return `did not start: ${why}`;
  }
}

/**
 * @param {UpdateToolResult} result
 * @param {string[]} lines
 */
function noteOutput(result, lines) {
  if (lines.length === 0) return;
  const shown = lines.slice(0, 3).map((l) => `\`${l.replaceAll('`', "'").slice(0, 200)}\``);
  result.notes.push(`${lines.length} unexpected stderr line(s), e.g. ${shown.join(' / ')}`);
}

/**
 * "31 ms, in place", or "timed out".
 * @param {EditSample} sample
 */
function describeSample(sample) {
  return sample.ms === undefined ? 'timed out' : `${sample.ms.toFixed(0)} ms, ${sample.applied}`;
}

/**
 * "12/15/40/-": one number per edit, "-" for a timeout.
 * @param {EditSample[]} samples
 */
function roundTimes(samples) {
  return samples.map((s) => (s.ms === undefined ? '-' : s.ms.toFixed(0))).join('/');
}

/**
 * @template T
 * @param {readonly T[]} items
 * @param {number} by
 * @returns {T[]}
 */
function rotate(items, by) {
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

/** @param {number} ms */
function pause(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** @param {string} text */
function indent(text) {
  return text.replaceAll('\n', '\n    ');
}
