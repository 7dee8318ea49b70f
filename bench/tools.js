// The tools under comparison: how each one starts the same generated app.

import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  baseEnv,
  bunBin,
  bunMissing,
  hotNodeBin,
  hotNodeMissing,
  tsxBin,
  tsxMissing,
  viteHost,
  viteNodeCli,
  viteNodeMissing,
} from './peers.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * @typedef {object} BenchApp
 * @property {number} size number of modules
 * @property {string} dir the generated TypeScript app
 * @property {string} prebuiltDir the same app compiled to JavaScript
 * @property {string} coldCacheDir hot-node cache dir for the cold-cache row, emptied before each run
 */

/**
 * @typedef {object} Launch
 * @property {string} command
 * @property {string[]} args
 * @property {string} cwd
 * @property {NodeJS.ProcessEnv} env
 */

/**
 * @typedef {object} Tool
 * @property {string} name
 * @property {string} description one line for the report
 * @property {(app: BenchApp) => string | undefined} [unavailable] why the tool cannot run, if it cannot
 * @property {(app: BenchApp) => Promise<void>} [beforeEach] untimed work before every run
 * @property {(app: BenchApp) => string | undefined} [checkWarmup] a caveat found after the warm-up run
 * @property {(app: BenchApp) => Launch} launch
 */

/**
 * hot-node's default cache location for an app, unless the user overrides it for the bench.
 * @param {BenchApp} app
 */
export function hotNodeWarmCacheDir(app) {
  return process.env.HOT_NODE_CACHE_DIR ?? join(app.dir, 'node_modules', '.cache', 'hot-node');
}

/**
 * @param {string} dir
 * @returns {string | undefined}
 */
function cacheMissing(dir) {
  return existsSync(dir)
    ? undefined
    : `no cache written to ${relative(repoRoot, dir)}; the cache rows may not differ`;
}

/** @type {Tool} */
const nodePrebuilt = {
  name: 'node-prebuilt',
  description: 'node on JS compiled ahead of time by esbuild transform (module structure kept)',
  launch: (app) => ({
    command: process.execPath,
    args: ['server.js'],
    cwd: app.prebuiltDir,
    env: baseEnv(),
  }),
};

/** @type {Tool} */
const hotNode = {
  name: 'hot-node',
  description: 'node bin/hot-node.js server.ts, warm transform cache',
  unavailable: hotNodeMissing,
  checkWarmup: (app) => cacheMissing(hotNodeWarmCacheDir(app)),
  launch: (app) => ({
    command: process.execPath,
    args: [hotNodeBin, 'server.ts'],
    cwd: app.dir,
    env: baseEnv(),
  }),
};

/** @type {Tool} */
const hotNodeColdCache = {
  name: 'hot-node (cold cache)',
  description: 'as hot-node, cache dir (HOT_NODE_CACHE_DIR) deleted before each run',
  unavailable: hotNodeMissing,
  beforeEach: (app) => rm(app.coldCacheDir, { recursive: true, force: true }),
  checkWarmup: (app) => cacheMissing(app.coldCacheDir),
  launch: (app) => ({
    command: process.execPath,
    args: [hotNodeBin, 'server.ts'],
    cwd: app.dir,
    env: { ...baseEnv(), HOT_NODE_CACHE_DIR: app.coldCacheDir },
  }),
};

/** @type {Tool} */
const viteRunner = {
  name: 'vite-runner',
  description: "Vite's SSR module runner (createServerModuleRunner, middleware mode, HMR on)",
  launch: (app) => ({
    command: process.execPath,
    args: [viteHost, app.dir],
    cwd: app.dir,
    env: baseEnv(),
  }),
};

/** @type {Tool} */
const tsx = {
  name: 'tsx',
  description: 'node_modules/.bin/tsx server.ts (tsx keeps its own transform cache)',
  unavailable: tsxMissing,
  launch: (app) => ({
    command: tsxBin,
    args: ['server.ts'],
    cwd: app.dir,
    env: baseEnv(),
  }),
};

/** @type {Tool} */
const viteNode = {
  name: 'vite-node',
  description: 'vite-node --watch server.ts (Vite transforms, its own module runner and HMR client)',
  unavailable: viteNodeMissing,
  launch: (app) => ({
    command: process.execPath,
    args: [viteNodeCli, '--watch', 'server.ts'],
    cwd: app.dir,
    env: baseEnv(),
  }),
};

/** @type {Tool} */
const bunHot = {
  name: 'bun --hot',
  description: 'bun --hot server.ts (bun from the devDependency `bun`; its own transpiler and runtime)',
  unavailable: bunMissing,
  launch: (app) => ({ command: bunBin(), args: ['--hot', 'server.ts'], cwd: app.dir, env: baseEnv() }),
};

/** Every tool, in report order. */
export const TOOLS = [nodePrebuilt, hotNode, hotNodeColdCache, viteRunner, viteNode, bunHot, tsx];

/** Names of the rows ratios are computed against. */
export const BASELINES = /** @type {const} */ (['node-prebuilt', 'vite-runner']);
