import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { killAllGroups, spawnGroup } from './processes.js';

/**
 * Running, as opposed to gone or a zombie waiting for init to reap it.
 * @param {number} pid
 */
function running(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (process.platform !== 'linux') return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

afterEach(() => {
  killAllGroups();
});

describe('spawnGroup', () => {
  it('kills grandchildren along with the child', async () => {
    // The child starts a long-lived grandchild and prints its pid, like tsx does with node.
    const script = `
      const { spawn } = require('node:child_process');
      const g = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      console.log('grandchild ' + g.pid);
      setInterval(() => {}, 1000);
    `;
    const proc = spawnGroup(process.execPath, ['-e', script], { cwd: process.cwd(), env: process.env });
    const grandchild = await new Promise((resolve) => {
      proc.onStdout((text) => {
        const match = /grandchild (\d+)/.exec(text);
        if (match) resolve(Number(match[1]));
      });
    });
    expect(running(grandchild)).toBe(true);
    await proc.kill();
    expect(running(grandchild)).toBe(false);
  });

  it('keeps the tail of the output for error reports', async () => {
    const proc = spawnGroup(process.execPath, ['-e', 'console.error("it broke"); process.exit(2)'], {
      cwd: process.cwd(),
      env: process.env,
    });
    await proc.exited;
    expect(proc.output()).toContain('it broke');
    await proc.kill();
  });
});
