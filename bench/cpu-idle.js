// Waits until a process group has gone quiet: tools keep working after the app first answers
// (setting up file watchers, writing caches), and the update bench measures steady state.

import { procStatFields } from './processes.js';

/** USER_HZ: the unit of the CPU times in /proc/<pid>/stat on Linux. */
const TICK_MS = 10;

/**
 * CPU time (user + system) the live processes of one or more groups have used so far, in
 * milliseconds; undefined where /proc is not available.
 * @param {number | readonly number[]} pgids
 * @returns {number | undefined}
 */
export function groupCpuMs(pgids) {
  if (process.platform !== 'linux') return undefined;
  const groups = new Set(typeof pgids === 'number' ? [pgids] : pgids);
  let ticks = 0;
  // pgrp, utime and stime: fields 5, 14 and 15 of proc(5).
  for (const fields of procStatFields()) {
    if (groups.has(Number(fields[2]))) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * TICK_MS;
}

/**
 * Resolves once the groups together used less than `busyMs` of CPU during `windowMs`, or after
 * `maxMs`. Without /proc it just waits one window plus a second.
 * @param {number | readonly number[]} pgids
 * @param {{ windowMs?: number, busyMs?: number, maxMs?: number }} [options]
 * @returns {Promise<boolean>} whether the group went quiet
 */
export async function waitUntilIdle(pgids, options = {}) {
  const { windowMs = 300, busyMs = 30, maxMs = 20_000 } = options;
  const deadline = performance.now() + maxMs;
  const first = groupCpuMs(pgids);
  if (first === undefined) {
    await pause(windowMs + 1000);
    return true;
  }
  let before = first;
  while (performance.now() < deadline) {
    await pause(windowMs);
    const now = groupCpuMs(pgids) ?? before;
    if (now - before < busyMs) return true;
    before = now;
  }
  return false;
}

/** @param {number} ms */
function pause(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
