import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { groupCpuMs, waitUntilIdle } from './cpu-idle.js';

/** @type {import('node:child_process').ChildProcess[]} */
const children = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** @param {string} code */
function group(code) {
  const child = spawn(process.execPath, ['-e', code], { detached: true, stdio: 'ignore' });
  children.push(child);
  return /** @type {number} */ (child.pid);
}

describe.runIf(process.platform === 'linux')('waitUntilIdle', () => {
  it('returns once a busy start is over', async () => {
    const pgid = group(
      'const end = Date.now() + 600; while (Date.now() < end) {} setInterval(() => {}, 1000);',
    );
    const started = performance.now();
    expect(await waitUntilIdle(pgid, { maxMs: 5000 })).toBe(true);
    expect(performance.now() - started).toBeGreaterThan(400);
  });

  it('gives up on a group that stays busy', async () => {
    const pgid = group('for (;;) {}');
    expect(await waitUntilIdle(pgid, { maxMs: 700 })).toBe(false);
  });

  it('counts the CPU time of the group', async () => {
    // 300 ms of CPU, not of the clock: on a busy machine the clock runs ahead of the CPU time.
    const child = spawn(
      process.execPath,
      [
        '-e',
        'while (process.cpuUsage().user < 300_000) {} console.log("done"); setInterval(() => {}, 1000);',
      ],
      { detached: true, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    children.push(child);
    await new Promise((resolve) => child.stdout?.once('data', resolve));
    expect(groupCpuMs(/** @type {number} */ (child.pid))).toBeGreaterThanOrEqual(250);
  });
});
