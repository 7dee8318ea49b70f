// One tool serving its own copy of the app on a fixed port, for as long as the update bench
// edits it: start, timed edits, stop.

import { join } from 'node:path';
import { waitUntilIdle } from './cpu-idle.js';
import { markerAt, targetFile } from './edit-targets.js';
import { prepareEdit, saveAgain } from './file-edits.js';
import { ServedApp } from './served-app.js';
import { ToolStderr } from './tool-stderr.js';

/** @typedef {import('./edit-targets.js').EditTarget} EditTarget */
/** @typedef {import('./edit-targets.js').EditKind} EditKind */
/** @typedef {import('./update-tools.js').UpdateTool} UpdateTool */

/** A tool must serve the version of the previous edit within this before the next edit. */
const READY_TIMEOUT_MS = 15_000;

/**
 * @typedef {'in place' | 'reload' | 'restart'} Applied
 * in place: same process and module state; reload: same process, modules ran afresh (a changed
 * x-module-instance); restart: a new process (a changed x-process-id).
 */

/**
 * @typedef {object} EditSampleCore
 * @property {EditKind} kind
 * @property {number} [ms] from right before the write to the first page with the new marker
 * @property {string} [timeout] why no such page came in time
 * @property {Applied} [applied]
 * @property {number} requests requests made until the new page came
 */

/** @typedef {EditSampleCore & import('./tool-stderr.js').HotNodeReport} EditSample */

/** @typedef {{ processId: string, moduleInstance: string }} Identity */

export class UpdateSession {
  /** @type {UpdateTool} */ tool;
  /** @type {string} */ dir;
  #trace;
  #router;
  #startTimeoutMs;
  /** @type {ServedApp | undefined} */ #app;
  #stderr;
  /** @type {Map<string, number>} file -> marker version it serves now */ #versions = new Map();
  /** @type {EditTarget | undefined} */ #lastEdited;

  /**
   * @param {UpdateTool} tool
   * @param {string} dir the tool's app copy
   * @param {{ trace: boolean, router: EditTarget, startTimeoutMs: number }} options `router`'s
   *   marker on `/` tells that the app serves
   */
  constructor(tool, dir, options) {
    this.tool = tool;
    this.dir = dir;
    this.#trace = options.trace;
    this.#router = options.router;
    this.#startTimeoutMs = options.startTimeoutMs;
    this.#stderr = new ToolStderr({ readsHotNode: tool.reportsUpdates === true, trace: options.trace });
  }

  /**
   * Starts the tool on a free port and waits for its first page.
   * @param {UpdateTool} tool
   * @param {string} dir
   * @param {{ trace: boolean, router: EditTarget, startTimeoutMs: number }} options
   * @returns {Promise<UpdateSession>} rejects (after stopping the tool) if no page came
   */
  static async start(tool, dir, options) {
    const session = new UpdateSession(tool, dir, options);
    await session.#launch();
    return session;
  }

  /** Stops the tool and starts it again on the copy as edited so far (after it broke). */
  async restart() {
    await this.stop();
    await this.#launch();
  }

  async #launch() {
    const app = await ServedApp.start(this.tool, this.dir, {
      launch: { trace: this.#trace },
      onStderr: (chunk) => this.#stderr.write(chunk),
      firstMarker: markerAt(
        this.#router.marker,
        this.#versions.get(targetFile(this.#router, this.tool.variant)) ?? 0,
      ),
      startTimeoutMs: this.#startTimeoutMs,
    });
    this.#app = app;
    // Tools may still set up file watchers while the app already answers (hot-node does): edits
    // start once the tool has gone quiet, since the bench measures steady state.
    if (app.processGroup !== undefined) await waitUntilIdle(app.processGroup);
  }

  /** The process group the tool runs in (its leader's pid), while it runs. */
  get processGroup() {
    return this.#app?.processGroup;
  }

  /**
   * Bumps the target's marker in this tool's copy and times how long until its page shows it.
   * @param {EditTarget} target
   * @param {number} timeoutMs
   * @returns {Promise<EditSample>}
   * @throws when the tool does not even serve the previous version (it is broken, not slow)
   */
  async edit(target, timeoutMs) {
    const app = /** @type {ServedApp} */ (this.#app);
    const file = targetFile(target, this.tool.variant);
    const version = this.#versions.get(file) ?? 0;
    const ready = await app.until(target.route, markerAt(target.marker, version), READY_TIMEOUT_MS);
    if (!ready.ok) throw new Error(`not serving the previous version of ${file}: ${ready.reason}`);
    const before = { processId: ready.processId, moduleInstance: ready.moduleInstance };

    const write = prepareEdit(
      join(this.dir, file),
      markerAt(target.marker, version),
      markerAt(target.marker, version + 1),
    );
    const mark = this.#stderr.mark();
    const start = performance.now();
    write();
    this.#versions.set(file, version + 1);
    this.#lastEdited = target;
    const result = await app.until(target.route, markerAt(target.marker, version + 1), timeoutMs);

    /** @type {EditSample} */
    const sample = result.ok
      ? {
          kind: target.kind,
          ms: result.at - start,
          applied: appliedHow(before, result),
          requests: result.requests,
        }
      : { kind: target.kind, timeout: result.reason, requests: result.requests };
    if (this.tool.reportsUpdates) Object.assign(sample, await this.#stderr.hotNodeReport(file, mark));
    return sample;
  }

  /**
   * Saves the last edited file again, unchanged, and waits for its page to show it.
   * @param {number} timeoutMs
   * @returns {Promise<boolean>} whether the page shows the file's current version now
   */
  async saveAgain(timeoutMs) {
    const target = this.#lastEdited;
    if (target === undefined || this.#app === undefined) return false;
    const file = targetFile(target, this.tool.variant);
    saveAgain(join(this.dir, file));
    const marker = markerAt(target.marker, this.#versions.get(file) ?? 0);
    return (await this.#app.until(target.route, marker, timeoutMs)).ok;
  }

  /**
   * Freezes (`SIGSTOP`) or thaws (`SIGCONT`) every process of the tool: a tool not being
   * measured is frozen, so that its background work (a watcher's polling, GC, the tail of a
   * restart) does not land on the tool that is. Nothing it watches changes meanwhile.
   * @param {boolean} frozen
   */
  freeze(frozen) {
    const pgid = this.#app?.processGroup;
    if (pgid === undefined) return;
    try {
      process.kill(-pgid, frozen ? 'SIGSTOP' : 'SIGCONT');
    } catch {
      // The group is gone: the tool's own exit is reported where it is awaited.
    }
  }

  /** Stderr lines that were neither update reports nor known chatter, oldest first. */
  unexpectedOutput() {
    return this.#stderr.unexpected();
  }

  async stop() {
    const app = this.#app;
    this.#app = undefined;
    await app?.stop();
  }
}

/**
 * @param {Identity} before
 * @param {Identity} after
 * @returns {Applied}
 */
function appliedHow(before, after) {
  if (after.processId !== before.processId) return 'restart';
  if (after.moduleInstance !== before.moduleInstance) return 'reload';
  return 'in place';
}
