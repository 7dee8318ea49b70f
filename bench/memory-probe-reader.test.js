import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ProbeReader, parseProbeLine } from './memory-probe-reader.js';
import { memoryProbe } from './peers.js';

/** @type {import('node:child_process').ChildProcess[]} */
const children = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/**
 * A node process with the probe loaded, its stderr going to a reader.
 * @param {string[]} flags
 */
function probed(flags) {
  const reader = new ProbeReader();
  const child = spawn(
    process.execPath,
    [...flags, '--import', pathToFileURL(memoryProbe).href, '-e', 'setInterval(() => {}, 1000)'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  children.push(child);
  child.stderr?.on('data', (chunk) => reader.write(chunk.toString()));
  return { reader, child };
}

/** @param {ProbeReader} reader */
async function announced(reader) {
  const deadline = Date.now() + 10_000;
  while (reader.pid === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return reader.pid;
}

describe('parseProbeLine', () => {
  it('reads a sample line', () => {
    expect(parseProbeLine('[bench-memory] sample pid=12 gc=full rss=1000 heap=200')).toEqual({
      type: 'sample',
      pid: 12,
      fullGc: true,
      rss: 1000,
      heap: 200,
    });
  });

  it("reads a sample line with V8's code space", () => {
    expect(parseProbeLine('[bench-memory] sample pid=12 gc=full rss=1000 heap=200 code=30')).toMatchObject({
      heap: 200,
      code: 30,
    });
  });

  it('reads a ready line', () => {
    expect(parseProbeLine('[bench-memory] ready pid=7')).toEqual({ type: 'ready', pid: 7 });
  });

  it('ignores other lines', () => {
    expect(parseProbeLine('[hot-node] hot update a.ts (1 module, 2.0 ms)')).toBeUndefined();
  });
});

describe('ProbeReader', () => {
  it('gets heap and RSS after a full GC from a process with the probe and --expose-gc', async () => {
    const { reader, child } = probed(['--expose-gc']);
    expect(await announced(reader)).toBe(child.pid);
    const sample = await reader.sample(10_000);
    if (typeof sample === 'string') throw new Error(sample);
    expect(sample.fullGc).toBe(true);
    expect(sample.heap).toBeGreaterThan(1_000_000);
    expect(sample.rss).toBeGreaterThan(sample.heap);
    expect(sample.code).toBeGreaterThan(0);
    expect(sample.code).toBeLessThan(sample.heap);
  });

  it('says when no full GC was possible', async () => {
    const { reader } = probed([]);
    await announced(reader);
    const sample = await reader.sample(10_000);
    expect(typeof sample !== 'string' && sample.fullGc).toBe(false);
  });

  it('passes on the lines that are not the probe’s', () => {
    /** @type {string[]} */
    const other = [];
    const reader = new ProbeReader((line) => other.push(line));
    reader.write('[bench-memory] ready pid=5\nlistening on 3000\n[hot-node] hot upd');
    reader.write('ate a.ts (1 module, 2.0 ms)\n');
    expect(reader.pid).toBe(5);
    expect(other).toEqual(['listening on 3000', '[hot-node] hot update a.ts (1 module, 2.0 ms)']);
  });

  it('reports a probe that never announced itself', async () => {
    expect(await new ProbeReader().sample(100)).toMatch(/did not announce/);
  });
});
