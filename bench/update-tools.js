// The tools compared on update latency: how each one runs an app copy and watches it for edits.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const hotNodeBin = join(repoRoot, 'bin', 'hot-node.js');
const tsxBin = join(repoRoot, 'node_modules', '.bin', 'tsx');
const viteHost = fileURLToPath(new URL('./hosts/vite-runner.mjs', import.meta.url));

/** @typedef {import('./tools.js').Launch} Launch */

/**
 * @typedef {object} UpdateTool
 * @property {string} name
 * @property {string} description one line for the report
 * @property {'ts' | 'prebuilt'} variant which app it runs: the TypeScript one or the compiled JS
 * @property {boolean} inProcess applies edits without a restart, so extra edits cost little
 * @property {boolean} [reportsUpdates] prints hot-node's per-update stderr lines
 * @property {() => string | undefined} [unavailable] why the tool cannot run, if it cannot
 * @property {(dir: string, options: { trace: boolean }) => Launch} launch
 */

/** @returns {NodeJS.ProcessEnv} */
function baseEnv() {
  return { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' };
}

/** @type {UpdateTool} */
const hotNode = {
  name: 'hot-node',
  description: 'node bin/hot-node.js server.ts (watches and updates in place by default)',
  variant: 'ts',
  inProcess: true,
  reportsUpdates: true,
  unavailable: () => (existsSync(hotNodeBin) ? undefined : 'bin/hot-node.js does not exist yet'),
  launch: (dir, { trace }) => ({
    command: process.execPath,
    args: [hotNodeBin, 'server.ts'],
    cwd: dir,
    env: trace ? { ...baseEnv(), HOT_NODE_TRACE: '1' } : baseEnv(),
  }),
};

/** @type {UpdateTool} */
const viteRunner = {
  name: 'vite-runner',
  description: "Vite's SSR module runner, HMR driven by Vite's own watcher (bench/hosts/vite-runner.mjs)",
  variant: 'ts',
  inProcess: true,
  launch: (dir) => ({ command: process.execPath, args: [viteHost, dir], cwd: dir, env: baseEnv() }),
};

/** @type {UpdateTool} */
const bunHot = {
  name: 'bun --hot',
  description: 'bun --hot server.ts (re-runs the module graph in the same process)',
  variant: 'ts',
  inProcess: true,
  unavailable: () => bunProblem(bunBin()),
  launch: (dir) => ({ command: bunBin(), args: ['--hot', 'server.ts'], cwd: dir, env: baseEnv() }),
};

/** @type {UpdateTool} */
const tsxWatch = {
  name: 'tsx watch',
  description: 'node_modules/.bin/tsx watch server.ts (restarts the process on a change)',
  variant: 'ts',
  inProcess: false,
  unavailable: () => (existsSync(tsxBin) ? undefined : 'node_modules/.bin/tsx not installed'),
  launch: (dir) => ({
    command: tsxBin,
    args: ['watch', '--clear-screen=false', 'server.ts'],
    cwd: dir,
    env: baseEnv(),
  }),
};

/** @type {UpdateTool} */
const nodeWatch = {
  name: 'node --watch',
  description: 'node --watch server.js on the prebuilt JS; edits go to the .js files (restarts)',
  variant: 'prebuilt',
  inProcess: false,
  launch: (dir) => ({ command: process.execPath, args: ['--watch', 'server.js'], cwd: dir, env: baseEnv() }),
};

/**
 * Bun from the project's devDependencies, or the binary BENCH_BUN names (to try it out first).
 * @returns {string}
 */
function bunBin() {
  return process.env.BENCH_BUN ?? join(repoRoot, 'node_modules', '.bin', 'bun');
}

/**
 * @param {string} bin
 * @returns {string | undefined}
 */
function bunProblem(bin) {
  if (!existsSync(bin)) return 'bun is not installed (devDependency `bun`, or BENCH_BUN=<path to bun>)';
  const result = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (result.status === 0) return undefined;
  return `\`${bin} --version\` failed: ${result.error?.message ?? result.stderr.trim()}`;
}

/** Every tool, in report order. */
export const UPDATE_TOOLS = [hotNode, viteRunner, bunHot, tsxWatch, nodeWatch];

/** The row update ratios are computed against. */
export const UPDATE_BASELINE = 'vite-runner';
