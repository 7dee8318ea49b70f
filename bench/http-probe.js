// Polls a server until it answers 200. A fresh connection per attempt (no keep-alive agent)
// so a refused connection is noticed as soon as the server starts listening.

import { request } from 'node:http';

/**
 * @typedef {object} ProbeOptions
 * @property {number} port
 * @property {string} [path]
 * @property {number} [intervalMs] pause after a failed attempt
 * @property {number} [timeoutMs] give up after this long
 * @property {Promise<unknown>} [abort] stop polling when this settles (e.g. the process exited)
 * @property {(wake: () => void) => void} [onWakeup] lets the caller cut a pause short
 */

/**
 * @typedef {{ ok: true, at: number, body: string } | { ok: false, reason: string }} ProbeResult
 * `at` is the performance.now() at which the full 200 response was read.
 */

/**
 * @param {ProbeOptions} options
 * @returns {Promise<ProbeResult>}
 */
export async function waitForHttp200(options) {
  const { port, path = '/', intervalMs = 2, timeoutMs = 120_000 } = options;
  const deadline = performance.now() + timeoutMs;
  let aborted = false;
  let wake = () => {};
  options.abort?.then(() => {
    aborted = true;
    wake();
  });
  options.onWakeup?.(() => wake());

  let lastFailure = 'no attempt';
  while (!aborted && performance.now() < deadline) {
    const attempt = await getOnce(port, path);
    if (attempt.status === 200) return { ok: true, at: performance.now(), body: attempt.body };
    lastFailure =
      attempt.status === 0 ? attempt.body : `HTTP ${attempt.status}: ${attempt.body.slice(0, 300)}`;
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, intervalMs);
      wake = () => {
        clearTimeout(timer);
        resolve(undefined);
      };
    });
  }
  if (aborted) return { ok: false, reason: `process exited before answering (last attempt: ${lastFailure})` };
  return { ok: false, reason: `no HTTP 200 within ${timeoutMs} ms (${lastFailure})` };
}

/**
 * One GET; status 0 means no response (connection refused, reset, ...).
 * @param {number} port
 * @param {string} path
 * @returns {Promise<{ status: number, body: string }>}
 */
function getOnce(port, path) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false, timeout: 30_000 }, (res) => {
      /** @type {Buffer[]} */
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', (error) => resolve({ status: 0, body: error.message }));
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', (error) =>
      resolve({ status: 0, body: /** @type {NodeJS.ErrnoException} */ (error).code ?? error.message }),
    );
    req.end();
  });
}
