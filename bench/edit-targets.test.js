import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markerAt, pickTargets, targetFile } from './edit-targets.js';
import { generateApp } from './generate-app.js';

/** @type {string} */
let dir;
/** @type {import('./generate-app.js').AppManifest} */
let manifest;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bench-targets-'));
  manifest = await generateApp(dir, 500);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('pickTargets', () => {
  it('picks a leaf, a level-2 component and the router, in that order', () => {
    const [leaf, mid, router] = pickTargets(manifest);
    const component = (/** @type {string | undefined} */ file) =>
      manifest.components.find((c) => c.file === file);
    expect(leaf?.kind).toBe('leaf');
    expect(component(leaf?.file)?.leaf).toBe(true);
    expect(mid?.kind).toBe('mid');
    expect(component(mid?.file)?.level).toBe(2);
    expect(router).toMatchObject({ kind: 'router', file: 'router.ts', route: '/' });
  });

  it('gives targets whose marker is in their file', async () => {
    for (const target of pickTargets(manifest)) {
      expect(await readFile(join(dir, target.file), 'utf8')).toContain(target.marker);
    }
  });

  it('takes the components from a feature in the middle of the app', () => {
    const routes = new Set(manifest.components.map((c) => c.route));
    const [leaf] = pickTargets(manifest);
    expect(leaf?.route).not.toBe('/f0');
    expect(routes.has(leaf?.route ?? '')).toBe(true);
  });
});

describe('markerAt', () => {
  it('replaces the version', () => {
    expect(markerAt('<!--f3-l5-n0 v0-->', 12)).toBe('<!--f3-l5-n0 v12-->');
  });
});

describe('targetFile', () => {
  it('names the compiled file for the prebuilt app', () => {
    const target = {
      kind: /** @type {const} */ ('leaf'),
      file: 'components/f0/l5n0.ts',
      route: '/f0',
      marker: '',
    };
    expect(targetFile(target, 'prebuilt')).toBe('components/f0/l5n0.js');
    expect(targetFile(target, 'ts')).toBe('components/f0/l5n0.ts');
  });
});
