import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { groupRssBytes } from './group-memory.js';

/** @type {import('node:child_process').ChildProcess[]} */
const children = [];

afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  }
});

describe.runIf(process.platform === 'linux')('groupRssBytes', () => {
  it('adds up the resident memory of every process of the group', async () => {
    // A leader and a child it starts, each touching 40 MB, the child announcing itself.
    const touch = 'const b = Buffer.alloc(40 * 2 ** 20, 1); setInterval(() => b[0]++, 1000);';
    const script = `
      const { spawn } = require('node:child_process');
      const c = spawn(process.execPath, ['-e', ${JSON.stringify(`${touch} console.log('ready');`)}], { stdio: ['ignore', 'inherit', 'ignore'] });
      ${touch}
    `;
    const leader = spawn(process.execPath, ['-e', script], {
      detached: true,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    children.push(leader);
    await new Promise((resolve) => leader.stdout?.once('data', resolve));
    // One such process stays below 100 MB; the two above 160 MB.
    expect(groupRssBytes(/** @type {number} */ (leader.pid))).toBeGreaterThan(120 * 2 ** 20);
  });

  it('is 0 for a group without processes', () => {
    expect(groupRssBytes(2 ** 22 + 12_345)).toBe(0);
  });
});
