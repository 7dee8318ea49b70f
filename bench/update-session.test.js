import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickTargets } from './edit-targets.js';
import { restoreEditedFiles } from './file-edits.js';
import { generateApp } from './generate-app.js';
import { prebuildApp } from './prebuild.js';
import { killAllGroups } from './processes.js';
import { UpdateSession } from './update-session.js';
import { UPDATE_TOOLS } from './update-tools.js';

/** @type {string} */
let dir;
/** @type {import('./edit-targets.js').EditTarget[]} */
let targets;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bench-session-'));
  targets = pickTargets(await generateApp(join(dir, 'app'), 50));
  await prebuildApp(join(dir, 'app'), join(dir, 'prebuilt'));
});

afterAll(async () => {
  killAllGroups();
  restoreEditedFiles();
  await rm(dir, { recursive: true, force: true });
});

/** @param {string} name */
function tool(name) {
  const found = UPDATE_TOOLS.find((t) => t.name === name);
  if (!found) throw new Error(`no tool ${name}`);
  return found;
}

/**
 * @param {string} name
 * @param {string} appDir
 */
async function start(name, appDir) {
  const router = targets.find((t) => t.kind === 'router');
  if (!router) throw new Error('no router target');
  return UpdateSession.start(tool(name), appDir, { trace: false, router, startTimeoutMs: 30_000 });
}

describe('UpdateSession', { timeout: 30_000 }, () => {
  it('sees node --watch apply an edit of the compiled file by a restart', async () => {
    const session = await start('node --watch', join(dir, 'prebuilt'));
    try {
      const [leaf] = targets;
      const sample = await session.edit(/** @type {import('./edit-targets.js').EditTarget} */ (leaf), 10_000);
      expect(sample).toMatchObject({ kind: 'leaf', applied: 'restart' });
      expect(sample.ms).toBeGreaterThan(0);
      expect(
        await readFile(join(dir, 'prebuilt', leaf?.file.replace(/\.ts$/, '.js') ?? ''), 'utf8'),
      ).toContain(' v1-->');
    } finally {
      await session.stop();
    }
  });

  it('sees the floor serve an edited marker of the compiled file from the same process', async () => {
    const session = await start('floor', join(dir, 'prebuilt'));
    try {
      // node --watch's test edited the leaf of this copy: the floor edits another file.
      const mid = /** @type {import('./edit-targets.js').EditTarget} */ (
        targets.find((t) => t.kind === 'mid')
      );
      const sample = await session.edit(mid, 10_000);
      expect(sample).toMatchObject({ kind: 'mid', applied: 'in place' });
    } finally {
      await session.stop();
    }
  });

  it("reads hot-node's count of re-run modules for an in-place update", async () => {
    const session = await start('hot-node', join(dir, 'app'));
    try {
      const router = /** @type {import('./edit-targets.js').EditTarget} */ (
        targets.find((t) => t.kind === 'router')
      );
      const sample = await session.edit(router, 10_000);
      expect(sample).toMatchObject({ kind: 'router', applied: 'in place', modules: 2 });
    } finally {
      await session.stop();
    }
  });
});
