import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateApp } from './generate-app.js';

/** @type {string[]} */
const dirs = [];

async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), 'bench-gen-'));
  dirs.push(dir);
  return dir;
}

/** @param {string} dir */
async function tsModules(dir) {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).sort();
}

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('generateApp', () => {
  it.each([50, 500, 2000])('writes exactly %i TypeScript modules', async (size) => {
    const dir = await tempDir();
    await generateApp(dir, size);
    expect(await tsModules(dir)).toHaveLength(size);
  });

  it('writes identical files for the same size', async () => {
    const [a, b] = [await tempDir(), await tempDir()];
    await generateApp(a, 500);
    await generateApp(b, 500);
    const files = await tsModules(a);
    expect(await tsModules(b)).toEqual(files);
    for (const file of files) {
      expect(await readFile(join(b, file), 'utf8')).toBe(await readFile(join(a, file), 'utf8'));
    }
  });

  it('gives every component a marker that appears only in its own file', async () => {
    const dir = await tempDir();
    const manifest = await generateApp(dir, 50);
    const markers = new Set(manifest.components.map((c) => c.marker));
    expect(markers.size).toBe(manifest.components.length);
    for (const c of manifest.components) {
      expect(await readFile(join(dir, c.file), 'utf8')).toContain(c.marker);
    }
  });

  it('renders the router marker from the router module only', async () => {
    const dir = await tempDir();
    const manifest = await generateApp(dir, 50);
    expect(await readFile(join(dir, manifest.router.file), 'utf8')).toContain(manifest.router.marker);
    for (const c of manifest.components) {
      expect(await readFile(join(dir, c.file), 'utf8')).not.toContain(manifest.router.marker);
    }
  });

  it('rejects a size too small for one feature', async () => {
    await expect(generateApp(await tempDir(), 10)).rejects.toThrow(/app size/);
  });
});
