import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import type { Exit } from './waiting.js';

/** A process a test started as the leader of its own process group. */
export interface GroupProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
}

/**
 * Spawns `command` in a process group of its own, so that hot-node's supervisor and its
 * workers can be stopped together, without waiting for the workers to notice their
 * supervisor is gone (they write caches and logs on their way out).
 */
export function spawnInGroup(command: string, args: readonly string[], options: SpawnOptions): GroupProcess {
  const child = spawn(command, args, { ...options, detached: true });
  const exited = new Promise<Exit>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited };
}

/** Kills every process of the group `started` leads, at once, and waits for its leader to end. */
export async function killGroup({ child, exited }: GroupProcess): Promise<void> {
  if (child.pid !== undefined) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // The whole group is gone already.
    }
  }
  await exited;
}
