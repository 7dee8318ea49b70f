// Reads hot-node's stderr lines about updates: the one-line summary every update prints, and the
// per-phase timings it adds when run with HOT_NODE_TRACE=1.

/** Phases of a traced update, in the order hot-node prints them. */
export const TRACE_PHASES = /** @type {const} */ (['event', 'transformed', 'evaluated', 'done']);

/** @typedef {Partial<Record<typeof TRACE_PHASES[number], number>>} TraceTimings milliseconds */

/**
 * @typedef {{ type: 'hot-update', files: string[], modules: number, ms: number }
 *   | { type: 'full-reload', files: string[], ms: number }
 *   | { type: 'failed', files: string[] }
 *   | { type: 'trace', files: string[], timings: TraceTimings }} HotNodeEvent
 */

const HOT_UPDATE = /^\[hot-node\] hot update (.+) \((\d+) modules?, ([\d.]+) ms\)$/;
const FULL_RELOAD = /^\[hot-node\] full reload after (.+?) \(([\d.]+) ms\)/;
const FAILED = /^\[hot-node\] update of (.+) failed/;
const TRACE = /^\[hot-node\] trace (.+?): (.+)$/;
const TRACE_PART = /^(\w+) ([+-]?\d+(?:\.\d+)?) ?ms$/;

/**
 * @param {string} line one stderr line, without its newline
 * @returns {HotNodeEvent | undefined} undefined for any other line
 */
export function parseHotNodeLine(line) {
  const text = line.trimEnd();
  let match = HOT_UPDATE.exec(text);
  if (match) {
    return { type: 'hot-update', files: fileList(match[1]), modules: Number(match[2]), ms: Number(match[3]) };
  }
  if ((match = FULL_RELOAD.exec(text))) {
    return { type: 'full-reload', files: fileList(match[1]), ms: Number(match[2]) };
  }
  if ((match = FAILED.exec(text))) return { type: 'failed', files: fileList(match[1]) };
  if ((match = TRACE.exec(text))) {
    return { type: 'trace', files: fileList(match[1]), timings: traceTimings(match[2] ?? '') };
  }
  return undefined;
}

/**
 * "event +0.4ms, transformed +3.1ms, ..." -> timings; unknown phases are ignored.
 * @param {string} text
 * @returns {TraceTimings}
 */
function traceTimings(text) {
  /** @type {TraceTimings} */
  const timings = {};
  for (const part of text.split(',')) {
    const match = TRACE_PART.exec(part.trim());
    const phase = TRACE_PHASES.find((p) => p === match?.[1]);
    if (phase !== undefined) timings[phase] = Number(match?.[2]);
  }
  return timings;
}

/** @param {string | undefined} text */
function fileList(text) {
  return (text ?? '').split(', ').map((f) => f.trim());
}

/**
 * Whether an event concerns `file` (hot-node prints paths relative to its working folder, with
 * the platform's separator).
 * @param {HotNodeEvent} event
 * @param {string} file relative, with forward slashes
 */
export function eventConcerns(event, file) {
  return event.files.some((f) => f.replaceAll('\\', '/') === file);
}
