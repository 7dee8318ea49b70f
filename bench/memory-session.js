// One tool serving its own copy of the app with the memory probe loaded, for the memory part:
// start, edits as fast as the tool applies them, memory samples after a full GC, stop.

import { join } from 'node:path';
import { waitUntilIdle } from './cpu-idle.js';
import { markerAt, targetFile } from './edit-targets.js';
import { prepareEdit, saveAgain } from './file-edits.js';
import { groupRssBytes } from './group-memory.js';
import { ProbeReader } from './memory-probe-reader.js';
import { memoryProbe } from './peers.js';
import { ServedApp } from './served-app.js';
import { ToolStderr } from './tool-stderr.js';

/** @typedef {import('./edit-targets.js').EditTarget} EditTarget */
/** @typedef {import('./update-tools.js').UpdateTool} UpdateTool */

/** Longest the probe may take to collect garbage and answer. */
const SAMPLE_TIMEOUT_MS = 30_000;
/** Margin on top of a tool's change throttle, for timer delays in a busy tool. */
const THROTTLE_MARGIN_MS = 10;

/**
 * @typedef {object} MemoryPoint memory after some number of edits
 * @property {number} edits
 * @property {number} [heap] bytes of JS heap in use after a full GC, in the app's process
 * @property {number} [heapWithoutCode] the same without V8's code space (node only): what is
 *   left once the JIT's compiled code is set aside
 * @property {number} [rss] bytes resident, of the app's process, after that GC
 * @property {number} [groupRss] bytes resident, summed over all processes of the tool
 * @property {boolean} [fullGc] false when the probe could not force a full GC
 * @property {string} [problem] why heap and rss are missing
 */

/** @typedef {{ ok: true, ms: number } | { ok: false, reason: string }} EditOutcome */

export class MemorySession {
  /** @type {UpdateTool} */ tool;
  #dir;
  #router;
  #startTimeoutMs;
  /** @type {ServedApp | undefined} */ #app;
  #stderr;
  #probe;
  /** @type {Map<string, number>} file -> marker version it has now */ #versions = new Map();
  /** When the page showed the last write (or gave up on it): the tool's watcher saw it before. */
  #lastShown = Number.NEGATIVE_INFINITY;

  /**
   * @param {UpdateTool} tool
   * @param {string} dir the tool's app copy
   * @param {{ router: EditTarget, startTimeoutMs: number }} options `router`'s marker on `/`
   *   tells that the app serves
   */
  constructor(tool, dir, options) {
    this.tool = tool;
    this.#dir = dir;
    this.#router = options.router;
    this.#startTimeoutMs = options.startTimeoutMs;
    this.#stderr = new ToolStderr({ readsHotNode: tool.reportsUpdates === true, trace: false });
    this.#probe = new ProbeReader((line) => this.#stderr.write(`${line}\n`));
  }

  /**
   * Starts the tool with the probe on a free port, waits for its first page and for it to go quiet.
   * @param {UpdateTool} tool
   * @param {string} dir
   * @param {{ router: EditTarget, startTimeoutMs: number }} options
   * @returns {Promise<MemorySession>} rejects (after stopping the tool) if no page came
   */
  static async start(tool, dir, options) {
    const session = new MemorySession(tool, dir, options);
    await session.#launch();
    return session;
  }

  async #launch() {
    this.#app = await ServedApp.start(this.tool, this.#dir, {
      launch: { trace: false, probe: memoryProbe },
      onStderr: (chunk) => this.#probe.write(chunk),
      firstMarker: this.#router.marker,
      startTimeoutMs: this.#startTimeoutMs,
    });
    await this.#quiet();
  }

  /**
   * Memory after `edits` edits, once the tool has gone quiet: heap and RSS of the app's process
   * after a full GC (from the probe), and the RSS of all the tool's processes.
   * @param {number} edits
   * @returns {Promise<MemoryPoint>}
   */
  async sample(edits) {
    await this.#quiet();
    const answer = await this.#probe.sample(SAMPLE_TIMEOUT_MS);
    const pid = this.#app?.processGroup;
    const groupRss = pid === undefined ? undefined : groupRssBytes(pid);
    /** @type {MemoryPoint} */
    const point =
      typeof answer === 'string'
        ? { edits, problem: answer }
        : {
            edits,
            heap: answer.heap,
            ...(answer.code === undefined ? {} : { heapWithoutCode: answer.heap - answer.code }),
            rss: answer.rss,
            fullGc: answer.fullGc,
          };
    if (groupRss !== undefined) point.groupRss = groupRss;
    return point;
  }

  /**
   * Bumps the target's marker and waits only for the first page that shows it.
   * @param {EditTarget} target
   * @param {number} timeoutMs
   * @returns {Promise<EditOutcome>}
   */
  async edit(target, timeoutMs) {
    const file = targetFile(target, this.tool.variant);
    const version = this.#versions.get(file) ?? 0;
    const write = prepareEdit(
      join(this.#dir, file),
      markerAt(target.marker, version),
      markerAt(target.marker, version + 1),
    );
    await this.#spaced();
    const start = performance.now();
    write();
    this.#versions.set(file, version + 1);
    return this.#shows(target, version + 1, timeoutMs, start);
  }

  /**
   * Saves the target's file again unchanged (a developer's answer to a save that did not show)
   * and waits for its page to show the file's current version.
   * @param {EditTarget} target
   * @param {number} timeoutMs
   * @returns {Promise<EditOutcome>}
   */
  async saveAgain(target, timeoutMs) {
    const file = targetFile(target, this.tool.variant);
    await this.#spaced();
    const start = performance.now();
    saveAgain(join(this.#dir, file));
    return this.#shows(target, this.#versions.get(file) ?? 0, timeoutMs, start);
  }

  /** Stderr lines that were neither probe lines, update reports nor known chatter. */
  unexpectedOutput() {
    return this.#stderr.unexpected();
  }

  async stop() {
    const app = this.#app;
    this.#app = undefined;
    await app?.stop();
  }

  /**
   * @param {EditTarget} target
   * @param {number} version
   * @param {number} timeoutMs
   * @param {number} start
   * @returns {Promise<EditOutcome>}
   */
  async #shows(target, version, timeoutMs, start) {
    const app = /** @type {ServedApp} */ (this.#app);
    const result = await app.until(target.route, markerAt(target.marker, version), timeoutMs);
    this.#lastShown = performance.now();
    return result.ok ? { ok: true, ms: result.at - start } : { ok: false, reason: result.reason };
  }

  /**
   * Waits out the tool's change throttle: its watcher emitted the previous change before the
   * page showed it, so a write this long after the page showed is never dropped.
   */
  async #spaced() {
    const throttle = this.tool.changeThrottleMs;
    if (throttle === undefined) return;
    const wait = this.#lastShown + throttle + THROTTLE_MARGIN_MS - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  /** Waits for the tool to finish what an update or start left to do (caches, watchers, GC). */
  async #quiet() {
    const pid = this.#app?.processGroup;
    if (pid !== undefined) await waitUntilIdle(pid, { windowMs: 200, busyMs: 20, maxMs: 10_000 });
  }
}
