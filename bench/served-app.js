// One tool serving its copy of the app on a free port of 127.0.0.1, in a process group of its own:
// started until its first page, asked for pages, stopped. The update and memory parts drive it.

import { MarkerPoller } from './marker-poll.js';
import { getFreePort, waitForPortFree } from './ports.js';
import { spawnGroup } from './processes.js';

/** @typedef {import('./update-tools.js').UpdateTool} UpdateTool */
/** @typedef {import('./update-tools.js').LaunchOptions} LaunchOptions */
/** @typedef {import('./marker-poll.js').PollResult} PollResult */

/**
 * @typedef {object} ServeOptions
 * @property {LaunchOptions} launch how the tool is started (trace, probe)
 * @property {(chunk: string) => void} onStderr
 * @property {string} firstMarker what the page at `/` shows once the app serves
 * @property {number} startTimeoutMs
 */

export class ServedApp {
  #proc;
  #poller;
  #port;

  /**
   * @param {import('./processes.js').GroupProcess} proc
   * @param {number} port
   */
  constructor(proc, port) {
    this.#proc = proc;
    this.#port = port;
    this.#poller = new MarkerPoller(port);
  }

  /**
   * Starts the tool on a free port and waits for its first page.
   * @param {UpdateTool} tool
   * @param {string} dir the tool's copy of the app
   * @param {ServeOptions} options
   * @returns {Promise<ServedApp>} rejects, after stopping the tool, when no page came
   */
  static async start(tool, dir, options) {
    const port = await getFreePort();
    const launch = tool.launch(dir, options.launch);
    const proc = spawnGroup(launch.command, launch.args, {
      cwd: launch.cwd,
      env: { ...launch.env, PORT: String(port) },
    });
    proc.onStderr(options.onStderr);
    const app = new ServedApp(proc, port);
    const first = await app.until('/', options.firstMarker, options.startTimeoutMs);
    if (!first.ok) {
      const output = proc.output().trim();
      await app.stop();
      throw new Error(`${first.reason}${output ? `\n${output}` : ''}`);
    }
    return app;
  }

  /** The process group the tool runs in (its leader's pid). */
  get processGroup() {
    return this.#proc.child.pid;
  }

  /**
   * Requests `path` until a page shows `marker`, or the time is up, or the tool exited.
   * @param {string} path
   * @param {string} marker
   * @param {number} timeoutMs
   * @returns {Promise<PollResult>}
   */
  until(path, marker, timeoutMs) {
    return this.#poller.until(path, marker, timeoutMs, this.#proc.exited);
  }

  async stop() {
    this.#poller.close();
    await this.#proc.kill();
    await waitForPortFree(this.#port);
  }
}
