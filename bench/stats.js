// Summary statistics for a list of timings.

/**
 * @typedef {object} Summary
 * @property {number} runs
 * @property {number} median
 * @property {number} min
 * @property {number} max
 */

/**
 * @param {readonly number[]} samples
 * @returns {Summary}
 */
export function summarize(samples) {
  if (samples.length === 0) throw new Error('no samples to summarize');
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (/** @type {number} */ i) => sorted[i] ?? Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
  return {
    runs: sorted.length,
    median,
    min: at(0),
    max: at(sorted.length - 1),
  };
}

/**
 * `value / reference`, or undefined when there is no reference.
 * @param {number} value
 * @param {number | undefined} reference
 * @returns {number | undefined}
 */
export function ratio(value, reference) {
  return reference === undefined || reference === 0 ? undefined : value / reference;
}
