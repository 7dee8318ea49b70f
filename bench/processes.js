// Spawns measured tools in their own process group and guarantees none outlives the bench:
// tools like tsx start grandchildren, so killing the direct child alone is not enough.

import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Process group ids (= pids of the group leaders) that may still be alive. */
const liveGroups = new Set();

let cleanupInstalled = false;

/**
 * @typedef {object} GroupProcess
 * @property {import('node:child_process').ChildProcess} child
 * @property {Promise<void>} exited resolves once the child has exited and its stdio closed
 * @property {() => string} output last few kilobytes of stdout+stderr, for error reports
 * @property {(listener: (chunk: string) => void) => void} onStdout
 * @property {(listener: (chunk: string) => void) => void} onStderr
 * @property {() => Promise<void>} kill SIGKILLs the whole group and waits for the child to exit
 */

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env: NodeJS.ProcessEnv }} options
 * @returns {GroupProcess}
 */
export function spawnGroup(command, args, options) {
  installCleanup();
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid !== undefined) liveGroups.add(pid);

  let tail = '';
  /** @param {Buffer} chunk */
  const keep = (chunk) => {
    tail = (tail + chunk.toString()).slice(-4096);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  /** @type {Promise<void>} */
  const exited = new Promise((resolve) => {
    child.on('close', () => resolve());
    child.on('error', (error) => {
      tail += `\nspawn error: ${error.message}`;
      resolve();
    });
  });

  return {
    child,
    exited,
    output: () => tail,
    onStdout: (listener) => child.stdout?.on('data', (chunk) => listener(chunk.toString())),
    onStderr: (listener) => child.stderr?.on('data', (chunk) => listener(chunk.toString())),
    kill: async () => {
      if (pid !== undefined) killGroup(pid);
      await exited;
      if (pid !== undefined) {
        // The leader may exit before its grandchildren; retry until the group is empty.
        await waitForGroupGone(pid);
        liveGroups.delete(pid);
      }
    },
  };
}

/** @param {number} pgid */
function killGroup(pgid) {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // ESRCH: the group is already gone.
  }
}

/**
 * Whether any process of the group still runs. Zombies do not count: a killed grandchild stays a
 * zombie until init reaps it, which can take seconds, yet it no longer holds ports or CPU.
 * @param {number} pgid
 * @returns {boolean}
 */
function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  if (process.platform !== 'linux') return true;
  for (const [state, , pgrp] of procStatFields()) {
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') return true;
  }
  return false;
}

/**
 * For each process, the fields of its /proc/<pid>/stat after the command name (state, ppid,
 * pgrp, ...; `proc(5)` numbers them from 3). Linux only.
 * @returns {Generator<string[]>}
 */
export function* procStatFields() {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // "pid (comm) state ppid pgrp ...": comm may contain spaces and parentheses.
    yield stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  }
}

/** @param {number} pgid */
async function waitForGroupGone(pgid) {
  const deadline = Date.now() + 5000;
  while (groupAlive(pgid)) {
    if (Date.now() > deadline) throw new Error(`process group ${pgid} survived SIGKILL`);
    killGroup(pgid);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Kills every group still alive; synchronous so it works inside an 'exit' handler. */
export function killAllGroups() {
  for (const pgid of liveGroups) killGroup(pgid);
  liveGroups.clear();
}

function installCleanup() {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', killAllGroups);
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
    process.on(signal, () => {
      killAllGroups();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}
