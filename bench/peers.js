// Where the tools under comparison live (all are devDependencies; nothing is downloaded at run
// time), and the Node flags that load the memory probe into the process that runs the app.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export const hotNodeBin = join(repoRoot, 'bin', 'hot-node.js');
export const tsxBin = join(repoRoot, 'node_modules', '.bin', 'tsx');
export const viteHost = fileURLToPath(new URL('./hosts/vite-runner.mjs', import.meta.url));
/** Run with the bench's own node rather than through the bin's `#!/usr/bin/env node`. */
export const viteNodeCli = join(repoRoot, 'node_modules', 'vite-node', 'dist', 'cli.mjs');
/** Loaded into the prebuilt app's process by the update part's floor tool; see the file. */
export const floorHook = fileURLToPath(new URL('./hosts/floor-hook.mjs', import.meta.url));
/** Loaded into the app's process by the memory part; see the file for its protocol. */
export const memoryProbe = fileURLToPath(new URL('./hosts/memory-probe.mjs', import.meta.url));

/** @returns {NodeJS.ProcessEnv} */
export function baseEnv() {
  return { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' };
}

/**
 * Node options that load `probe` before the app and allow it a full GC; none without a probe.
 * @param {string | undefined} probe absolute path of the probe module
 * @returns {string[]}
 */
export function probeNodeFlags(probe) {
  return probe === undefined ? [] : ['--expose-gc', '--import', pathToFileURL(probe).href];
}

/** @returns {string | undefined} */
export function hotNodeMissing() {
  return existsSync(hotNodeBin) ? undefined : 'bin/hot-node.js does not exist yet';
}

/** @returns {string | undefined} */
export function tsxMissing() {
  return existsSync(tsxBin) ? undefined : 'node_modules/.bin/tsx not installed';
}

/** @returns {string | undefined} */
export function viteNodeMissing() {
  return existsSync(viteNodeCli) ? undefined : 'vite-node is not installed (devDependency `vite-node`)';
}

/**
 * Bun from the project's devDependencies, or the binary BENCH_BUN names (to try another one).
 * @returns {string}
 */
export function bunBin() {
  return process.env.BENCH_BUN ?? join(repoRoot, 'node_modules', '.bin', 'bun');
}

/** @type {Map<string, string | undefined>} */
const bunChecks = new Map();

/**
 * Why bun cannot run, if it cannot; asked once per binary (the npm package's binary may be a
 * stub whose post-install step did not run).
 * @returns {string | undefined}
 */
export function bunMissing() {
  const bin = bunBin();
  if (!bunChecks.has(bin)) bunChecks.set(bin, checkBun(bin));
  return bunChecks.get(bin);
}

/**
 * @param {string} bin
 * @returns {string | undefined}
 */
function checkBun(bin) {
  if (!existsSync(bin)) return 'bun is not installed (devDependency `bun`, or BENCH_BUN=<path to bun>)';
  const result = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (result.status === 0) return undefined;
  return `\`${bin} --version\` failed: ${result.error?.message ?? result.stderr.trim()}`;
}
