import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { KNOWN_DIVERGENCES } from './known-divergences.js';
import { createLimit } from './limit.js';
import { observe, pathNormalizer, runHotNode, runNative } from './run-program.js';
import { suitePrograms } from './suite.js';

const cliPath = fileURLToPath(new URL('../../bin/hot-node.js', import.meta.url));

const programs = suitePrograms(process.env.DIFF_FILTER);
// The machine has two cores: more processes at once only makes every run slower.
const limit = createLimit(2);
const tempDirs = new Set<string>();

afterAll(async () => {
  await Promise.all([...tempDirs].map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('hot-node evaluates ES modules like native Node', () => {
  for (const program of programs) {
    const divergence = KNOWN_DIVERGENCES.get(program.id);
    const name = divergence ? `${program.id} (differs by design: ${divergence})` : program.id;
    test.concurrent(name, { timeout: 60_000 }, async () => {
      const root = await mkdtemp(join(tmpdir(), 'hot-node-diff-'));
      tempDirs.add(root);
      try {
        const nativeDir = join(root, 'native', 'app');
        const native = await limit(() => runNative(program, nativeDir));
        expect(native.timedOut, 'native run timed out: fix the program').toBe(false);
        const hotDir = join(root, 'hot', 'app');
        const hot = await limit(() => runHotNode(program, hotDir, cliPath));
        const context = `${program.id}${hot.timedOut ? ' (hot-node timed out)' : ''}\n${program.description}`;
        const observed = observe(hot, await pathNormalizer(hotDir));
        const expected = observe(native, await pathNormalizer(nativeDir));
        if (divergence) {
          expect(
            observed,
            `${context}\nno longer differs: remove it from known-divergences.ts and the README`,
          ).not.toEqual(expected);
        } else {
          expect(observed, context).toEqual(expected);
        }
      } finally {
        await rm(root, { recursive: true, force: true });
        tempDirs.delete(root);
      }
    });
  }
});
