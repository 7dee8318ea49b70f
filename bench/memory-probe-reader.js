// Reads the memory probe's lines (bench/hosts/memory-probe.mjs) out of a tool's stderr and asks
// the probe for samples.

/** Every probe line starts with this. */
export const PROBE_PREFIX = '[bench-memory]';

const READY = /^\[bench-memory\] ready pid=(\d+)$/;
const SAMPLE = /^\[bench-memory\] sample pid=(\d+) gc=(full|none) rss=(\d+) heap=(\d+)(?: code=(\d+))?$/;

/**
 * @typedef {{ type: 'ready', pid: number }
 *   | { type: 'sample', pid: number, fullGc: boolean, rss: number, heap: number, code?: number }} ProbeLine
 */

/**
 * @typedef {object} ProbeSample
 * @property {number} pid the process that runs the app
 * @property {boolean} fullGc whether a full GC ran right before (false: heap includes garbage)
 * @property {number} rss bytes, of that process
 * @property {number} heap bytes of JS heap in use
 * @property {number} [code] bytes of it in V8's code space (node only)
 */

/**
 * @param {string} line one stderr line, without its newline
 * @returns {ProbeLine | undefined} undefined for any other line
 */
export function parseProbeLine(line) {
  const text = line.trim();
  let match = READY.exec(text);
  if (match) return { type: 'ready', pid: Number(match[1]) };
  if ((match = SAMPLE.exec(text))) {
    return {
      type: 'sample',
      pid: Number(match[1]),
      fullGc: match[2] === 'full',
      rss: Number(match[3]),
      heap: Number(match[4]),
      ...(match[5] === undefined ? {} : { code: Number(match[5]) }),
    };
  }
  return undefined;
}

export class ProbeReader {
  #partial = '';
  /** @type {number | undefined} */ #pid;
  /** @type {((sample: ProbeSample) => void)[]} */ #waiting = [];
  /** @type {(line: string) => void} */ #onOtherLine;

  /** @param {(line: string) => void} [onOtherLine] gets every line that is not the probe's */
  constructor(onOtherLine = () => {}) {
    this.#onOtherLine = onOtherLine;
  }

  /** The process the probe announced itself in last (a tool that restarts has a new one). */
  get pid() {
    return this.#pid;
  }

  /** @param {string} chunk as it came from the pipe; lines may span chunks */
  write(chunk) {
    const lines = (this.#partial + chunk).split('\n');
    this.#partial = lines.pop() ?? '';
    for (const line of lines) {
      const parsed = parseProbeLine(line);
      if (parsed === undefined) this.#onOtherLine(line.replace(/\r$/, ''));
      else if (parsed.type === 'ready') this.#pid = parsed.pid;
      else if (parsed.pid === this.#pid) {
        const { type: _, ...sample } = parsed;
        for (const resolve of this.#waiting.splice(0)) resolve(sample);
      }
    }
  }

  /**
   * Asks the probe for a sample (SIGUSR2) and waits for it.
   * @param {number} timeoutMs
   * @returns {Promise<ProbeSample | string>} the sample, or why there is none
   */
  async sample(timeoutMs) {
    const pid = this.#pid;
    if (pid === undefined) return 'the memory probe did not announce itself';
    /** @type {(sample: ProbeSample) => void} */
    let onSample = () => {};
    /** @type {NodeJS.Timeout | undefined} */
    let timer;
    /** @type {Promise<ProbeSample | string>} */
    const answer = new Promise((resolve) => {
      onSample = resolve;
      timer = setTimeout(() => resolve(`no answer from the memory probe within ${timeoutMs} ms`), timeoutMs);
    });
    this.#waiting.push(onSample);
    try {
      process.kill(pid, 'SIGUSR2');
    } catch (error) {
      this.#stopWaiting(onSample, timer);
      return `cannot signal process ${pid}: ${error instanceof Error ? error.message : String(error)}`;
    }
    const result = await answer;
    this.#stopWaiting(onSample, timer);
    return result;
  }

  /**
   * @param {(sample: ProbeSample) => void} onSample
   * @param {NodeJS.Timeout | undefined} timer
   */
  #stopWaiting(onSample, timer) {
    clearTimeout(timer);
    this.#waiting = this.#waiting.filter((w) => w !== onSample);
  }
}
