// The update-latency part of the printed table and of bench/RESULTS.md.

import { EDIT_KINDS } from './edit-targets.js';
import { TRACE_PHASES } from './hot-node-log.js';
import { alignedTable, code, oneLine, times } from './markdown-table.js';
import { ratio, summarize } from './stats.js';

/** @typedef {import('./update-latency.js').UpdateToolResult} UpdateToolResult */
/** @typedef {import('./update-session.js').EditSample} EditSample */

/**
 * @typedef {object} UpdateSizeResults
 * @property {number} size
 * @property {UpdateToolResult[]} results
 */

/**
 * @typedef {object} UpdateInput
 * @property {number} edits measured edits per kind for restarting tools
 * @property {number} inProcessFactor how many times more edits in-process tools get
 * @property {number} timeoutMs cap per edit for tools that update in place
 * @property {number} restartTimeoutFactor how much longer the cap is for tools that restart
 * @property {readonly UpdateSizeResults[]} sizes
 * @property {string} baseline tool name ratios are computed against
 * @property {readonly { name: string, description: string }[]} tools
 * @property {number} durationMs
 */

/**
 * One row per size, tool and edit kind; ratios compare medians of the same size and kind.
 * Trace columns appear only when hot-node printed trace lines.
 * @param {readonly UpdateSizeResults[]} sizes
 * @param {string} baseline
 * @returns {string}
 */
export function updateTable(sizes, baseline) {
  const traced = sizes.some((s) => s.results.some((r) => r.samples.some((e) => e.trace !== undefined)));
  const header = [
    'modules',
    'tool',
    'edit',
    'median ms',
    'min ms',
    'max ms',
    'edits',
    'timeouts',
    `× ${baseline}`,
    'applied',
    're-ran',
    ...(traced ? TRACE_PHASES.map((p) => `${p} ms`) : []),
  ];
  /** @type {string[][]} */
  const rows = [];
  for (const { size, results } of sizes) {
    for (const kind of EDIT_KINDS) {
      const reference = results.find((r) => r.tool === baseline);
      const referenceMs = timed(reference?.samples ?? [], kind);
      const referenceMedian = referenceMs.length > 0 ? summarize(referenceMs).median : undefined;
      for (const r of results) {
        const samples = r.samples.filter((s) => s.kind === kind);
        const ms = timed(samples, kind);
        const timeouts = samples.length - ms.length;
        const tool = r.failed ? `${r.tool} (failed)` : r.tool;
        if (ms.length === 0) {
          const status = r.unavailable
            ? 'unavailable'
            : r.notApplied.some((n) => n.kind === kind)
              ? 'not applied'
              : timeouts > 0
                ? 'timed out'
                : 'failed';
          rows.push([String(size), tool, kind, status, '-', '-', '0', String(timeouts), '-', '-', '-']);
          continue;
        }
        const s = summarize(ms);
        rows.push([
          String(size),
          tool,
          kind,
          fine(s.median),
          fine(s.min),
          fine(s.max),
          String(s.runs),
          String(timeouts),
          times(ratio(s.median, referenceMedian)),
          appliedCell(samples),
          medianCell(samples.map((e) => e.modules)),
          ...(traced
            ? TRACE_PHASES.map((p) =>
                medianCell(
                  samples.map((e) => e.trace?.[p]),
                  fine,
                ),
              )
            : []),
        ]);
      }
    }
  }
  return alignedTable(header, rows);
}

/**
 * @param {readonly UpdateSizeResults[]} sizes
 * @returns {string[]} one line per caveat, prefixed with size and tool
 */
export function updateNotes(sizes) {
  return sizes.flatMap(({ size, results }) =>
    results.flatMap((r) => {
      const reported = countBy(r.samples.map((s) => s.reported).filter((x) => x !== undefined));
      const timeouts = r.samples.filter((s) => s.timeout !== undefined);
      const why = [
        ...(r.unavailable ? [`unavailable: ${code(oneLine(r.unavailable))}`] : []),
        ...(r.failed ? [`failed after ${r.samples.length} edits: ${code(oneLine(r.failed))}`] : []),
        ...r.notApplied.map(
          (n) =>
            `${n.kind} edits not applied (left out after a warm-up edit that did not show, even saved again): ${code(oneLine(n.reason))}`,
        ),
        ...recoveryNotes(r.recoveries),
        ...(timeouts.length > 0
          ? [`${timeouts.length} edit(s) timed out, e.g. ${code(oneLine(timeouts[0]?.timeout ?? ''))}`]
          : []),
        ...(reported.length > 0 ? [`hot-node reported ${reported.join(', ')}`] : []),
        ...r.notes,
      ];
      return why.map((note) => `${size} modules, ${r.tool}: ${note}`);
    }),
  );
}

/**
 * "saved again 2× (first after: ...)", "started again 1× (...)".
 * @param {readonly string[]} recoveries
 * @returns {string[]}
 */
function recoveryNotes(recoveries) {
  return ['saved again', 'started again'].flatMap((how) => {
    const matching = recoveries.filter((r) => r.startsWith(how));
    if (matching.length === 0) return [];
    const first = (matching[0] ?? '').slice(`${how} after: `.length);
    return [
      `missed an edit or stopped serving; ${how} ${matching.length}×, first after: ${code(oneLine(first))}`,
    ];
  });
}

/**
 * The "update latency" line of the results header.
 * @param {UpdateInput} update
 */
export function updateEditsLine(update) {
  return (
    `${update.edits} edits per kind, tool and size for tools that restart, ${update.edits * update.inProcessFactor}` +
    ` for tools that update in place, after untimed warm-up edits (one per kind for tools that update in place, one` +
    ` leaf edit for tools that restart); cap ${update.timeoutMs} ms per edit` +
    ` (${update.timeoutMs * update.restartTimeoutFactor} ms for tools that restart)`
  );
}

/**
 * @param {UpdateInput} update
 * @returns {string[]} markdown lines
 */
export function updateSection(update) {
  const notes = updateNotes(update.sizes);
  return [
    '## Update latency',
    '',
    'All tools serve their own copy of the app at the same time and edits rotate among them; while one tool',
    "is edited the others are frozen (SIGSTOP, then SIGCONT), and the edit is made once the tool's processes",
    "have gone quiet (under 20 ms of CPU in 200 ms), so no tool's background work, restart or graph re-run",
    'lands on the tool measured. An edit bumps the version in a marker comment the edited',
    'module renders (`<!--f3-l5-n0 v1-->` -> `v2`), written over the old text in one system call (no',
    'truncation first, which a busy tool could read as an empty file): the clock starts right before the write',
    "and stops at the first response on the module's route that contains the new marker, polled back to back over one",
    'keep-alive connection. `leaf`: a leaf component; `mid`: a component two levels below its route;',
    '`router`: the router module every request passes. `applied`: `in place` (same process, same module',
    'state), `reload` (same process, shared modules ran again) or `restart` (new process), from the',
    '`x-process-id` and `x-module-instance` headers of the generated server. `re-ran`: modules hot-node',
    're-evaluated, from its update line; the `event` to `done` columns are its own phase timings',
    '(`HOT_NODE_TRACE=1`, from the file event). Ratios compare medians of the same size and edit kind in',
    'this run. An edit with no such page within the cap counts as a timeout; the bench then saves the file',
    'again unchanged, as a developer would, and restarts the tool if that does not help either (see the notes).',
    '`not applied`: a kind of edit whose untimed warm-up edit did not show even saved again; it is left out.',
    '',
    updateTable(update.sizes, update.baseline),
    '',
    ...(notes.length > 0 ? ['Notes:', '', ...notes.map((n) => `- ${n}`), ''] : []),
    'Tools:',
    '',
    ...update.tools.map((t) => `- \`${t.name}\`: ${t.description}`),
    '',
  ];
}

/**
 * @param {readonly EditSample[]} samples
 * @param {string} kind
 * @returns {number[]}
 */
function timed(samples, kind) {
  return samples
    .filter((s) => s.kind === kind && s.ms !== undefined)
    .map((s) => /** @type {number} */ (s.ms));
}

/**
 * "in place", or the counts when edits were applied in different ways.
 * @param {readonly EditSample[]} samples
 */
function appliedCell(samples) {
  const counts = countBy(samples.map((s) => s.applied).filter((a) => a !== undefined));
  return counts.length === 1 ? (counts[0] ?? '').replace(/ ×\d+$/, '') : counts.join(', ') || '-';
}

/**
 * @param {readonly (number | undefined)[]} values
 * @param {(value: number) => string} [format]
 */
function medianCell(values, format = (v) => String(Math.round(v))) {
  const known = values.filter((v) => v !== undefined);
  return known.length > 0 ? format(summarize(known).median) : '-';
}

/**
 * "value ×count" per distinct value, most frequent first.
 * @param {readonly string[]} values
 * @returns {string[]}
 */
function countBy(values) {
  /** @type {Map<string, number>} */
  const counts = new Map();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([v, n]) => `${v} ×${n}`);
}

/**
 * Milliseconds with one decimal below 100 ms, where in-process updates live.
 * @param {number} value
 */
function fine(value) {
  return value < 100 ? value.toFixed(1) : value.toFixed(0);
}
