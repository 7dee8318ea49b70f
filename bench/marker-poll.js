// Polls one route without pause until its page carries a given marker: the stop of the update
// latency clock. Keeps its connection alive between requests, like a browser reloading a page.

import { Agent, request } from 'node:http';

/** Pause after a failed connection only, so a restarting server is not flooded with connects. */
const RETRY_PAUSE_MS = 2;

/**
 * @typedef {{ ok: true, at: number, processId: string, moduleInstance: string, requests: number }
 *   | { ok: false, reason: string, requests: number }} PollResult
 * `at` is the performance.now() at which the matching response was fully read; the ids are the
 * app's x-process-id and x-module-instance headers.
 */

/** @typedef {{ status: number, body: string, headers: import('node:http').IncomingHttpHeaders }} Reply */

export class MarkerPoller {
  #port;
  #agent = new Agent({ keepAlive: true, maxSockets: 1 });

  /** @param {number} port on 127.0.0.1 */
  constructor(port) {
    this.#port = port;
  }

  /**
   * Requests `path` again as soon as each response is read, until a 200 contains `marker`.
   * @param {string} path
   * @param {string} marker
   * @param {number} timeoutMs
   * @param {Promise<unknown>} [abort] stops polling when it settles (the server process exited)
   * @returns {Promise<PollResult>}
   */
  async until(path, marker, timeoutMs, abort) {
    const deadline = performance.now() + timeoutMs;
    let aborted = false;
    abort?.then(() => {
      aborted = true;
    });
    let requests = 0;
    let last = 'no response';
    while (!aborted && performance.now() < deadline) {
      requests++;
      const reply = await this.#get(path);
      if (reply.status === 200 && reply.body.includes(marker)) {
        const at = performance.now();
        return {
          ok: true,
          at,
          processId: header(reply, 'x-process-id'),
          moduleInstance: header(reply, 'x-module-instance'),
          requests,
        };
      }
      if (reply.status === 0) {
        last = reply.body;
        await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
      } else {
        last =
          reply.status === 200
            ? 'HTTP 200 with an older version'
            : `HTTP ${reply.status}: ${reply.body.slice(0, 200)}`;
      }
    }
    const why = aborted ? 'the server process exited' : `no page with ${marker} within ${timeoutMs} ms`;
    return { ok: false, reason: `${why} (last: ${last})`, requests };
  }

  close() {
    this.#agent.destroy();
  }

  /**
   * One GET; status 0 means no response (connection refused or reset, ...).
   * @param {string} path
   * @returns {Promise<Reply>}
   */
  #get(path) {
    return new Promise((resolve) => {
      const req = request(
        { host: '127.0.0.1', port: this.#port, path, agent: this.#agent, timeout: 10_000 },
        (res) => {
          /** @type {Buffer[]} */
          const chunks = [];
          res.on('data', (chunk) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString(),
              headers: res.headers,
            }),
          );
          res.on('error', (error) => resolve({ status: 0, body: error.message, headers: {} }));
          // A connection closed mid-response (the server went away) ends with 'close' alone.
          res.on('close', () => resolve({ status: 0, body: 'response cut short', headers: {} }));
        },
      );
      req.on('timeout', () => req.destroy(new Error('request timed out')));
      req.on('error', (error) =>
        resolve({
          status: 0,
          body: /** @type {NodeJS.ErrnoException} */ (error).code ?? error.message,
          headers: {},
        }),
      );
      req.end();
    });
  }
}

/**
 * @param {Reply} reply
 * @param {string} name
 */
function header(reply, name) {
  const value = reply.headers[name];
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}
