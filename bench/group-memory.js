// Resident memory of a whole process group: what a tool costs in total, supervisor or watcher
// processes included (hot-node's supervisor, node --watch's and tsx watch's parent).

import { readdirSync, readFileSync } from 'node:fs';

/**
 * Sum of VmRSS over the live processes of a group, in bytes (pages shared between the processes
 * count once per process); undefined where /proc is not available.
 * @param {number} pgid
 * @returns {number | undefined}
 */
export function groupRssBytes(pgid) {
  if (process.platform !== 'linux') return undefined;
  let kib = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    if (processGroupOf(entry) !== pgid) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      // Zombies and kernel threads have no VmRSS line.
      kib += Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
    } catch {
      // exited while we looked
    }
  }
  return kib * 1024;
}

/**
 * @param {string} pid
 * @returns {number}
 */
function processGroupOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid pgrp ...": comm may contain spaces and parentheses.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return -1;
  }
}
