// What a tool writes to stderr during the update bench: hot-node's per-update lines, read back
// for each edit, and anything unexpected, kept for the report's notes.

import { eventConcerns, parseHotNodeLine } from './hot-node-log.js';

/** @typedef {import('./hot-node-log.js').TraceTimings} TraceTimings */

/** How long hot-node's report line may trail the page that shows the update. */
const REPORT_GRACE_MS = 1000;

/** Lines that are expected chatter, not problems worth a note. */
const CHATTER = [/^\[vite-runner\] (connected\.|hot updated: )/, /^\s*$/];

/**
 * @typedef {object} HotNodeReport what hot-node said about one update
 * @property {number} [modules] modules it re-ran, from its `hot update` line
 * @property {string} [reported] its outcome when not a hot update ('full reload', 'failed', 'no update line')
 * @property {TraceTimings} [trace] its phase timings (HOT_NODE_TRACE=1)
 */

export class ToolStderr {
  #readsHotNode;
  #trace;
  /** @type {string[]} */ #lines = [];
  /** @type {string[]} */ #unexpected = [];
  #partial = '';
  #traceMissing = false;

  /**
   * @param {{ readsHotNode: boolean, trace: boolean }} options `trace`: hot-node runs with
   *   HOT_NODE_TRACE=1, so each update also gets a trace line
   */
  constructor(options) {
    this.#readsHotNode = options.readsHotNode;
    this.#trace = options.trace;
  }

  /** @param {string} chunk as it came from the pipe; lines may span chunks */
  write(chunk) {
    const lines = (this.#partial + chunk).split('\n');
    this.#partial = lines.pop() ?? '';
    for (const line of lines) this.#onLine(line.replace(/\r$/, ''));
  }

  /** Position of the next line, to read only what comes after an edit. */
  mark() {
    return this.#lines.length;
  }

  /** Lines that were neither update reports nor known chatter, oldest first. */
  unexpected() {
    return [...this.#unexpected];
  }

  /**
   * What hot-node printed about the update of `file` since `mark`, waiting briefly for lines
   * still on the way. After one update without a trace line, trace lines are no longer awaited.
   * @param {string} file relative to the app, forward slashes
   * @param {number} mark from mark(), taken right before the edit
   * @returns {Promise<HotNodeReport>}
   */
  async hotNodeReport(file, mark) {
    const deadline = performance.now() + REPORT_GRACE_MS;
    for (;;) {
      const events = this.#lines
        .slice(mark)
        .map(parseHotNodeLine)
        .filter((e) => e !== undefined && eventConcerns(e, file));
      const outcome = events.find((e) => e?.type !== 'trace');
      const trace = events.find((e) => e?.type === 'trace');
      const awaitingTrace = this.#trace && !this.#traceMissing && trace === undefined;
      if ((outcome !== undefined && !awaitingTrace) || performance.now() > deadline) {
        if (this.#trace && trace === undefined) this.#traceMissing = true;
        return {
          ...(outcome?.type === 'hot-update' ? { modules: outcome.modules } : {}),
          ...(outcome?.type === 'full-reload' ? { reported: 'full reload' } : {}),
          ...(outcome?.type === 'failed' ? { reported: 'failed' } : {}),
          ...(outcome === undefined ? { reported: 'no update line' } : {}),
          ...(trace?.type === 'trace' ? { trace: trace.timings } : {}),
        };
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** @param {string} line */
  #onLine(line) {
    this.#lines.push(line);
    const known = CHATTER.some((re) => re.test(line)) || (this.#readsHotNode && parseHotNodeLine(line));
    if (!known) this.#unexpected.push(line);
  }
}
