// Waits until a process group has gone quiet: tools keep working after the app first answers
// (setting up file watchers, writing caches), and the update bench measures steady state.

import { readdirSync, readFileSync } from 'node:fs';

/** USER_HZ: the unit of the CPU times in /proc/<pid>/stat on Linux. */
const TICK_MS = 10;

/**
 * CPU time (user + system) the live processes of a group have used so far, in milliseconds;
 * undefined where /proc is not available.
 * @param {number} pgid
 * @returns {number | undefined}
 */
export function groupCpuMs(pgid) {
  if (process.platform !== 'linux') return undefined;
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // "pid (comm) state ppid pgrp ... utime stime ...": fields 14 and 15, comm may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * TICK_MS;
}

/**
 * Resolves once the group used less than `busyMs` of CPU during `windowMs`, or after `maxMs`.
 * Without /proc it just waits one window plus a second.
 * @param {number} pgid
 * @param {{ windowMs?: number, busyMs?: number, maxMs?: number }} [options]
 * @returns {Promise<boolean>} whether the group went quiet
 */
export async function waitUntilIdle(pgid, options = {}) {
  const { windowMs = 300, busyMs = 30, maxMs = 20_000 } = options;
  const deadline = performance.now() + maxMs;
  const first = groupCpuMs(pgid);
  if (first === undefined) {
    await pause(windowMs + 1000);
    return true;
  }
  let before = first;
  while (performance.now() < deadline) {
    await pause(windowMs);
    const now = groupCpuMs(pgid) ?? before;
    if (now - before < busyMs) return true;
    before = now;
  }
  return false;
}

/** @param {number} ms */
function pause(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
