// The tools that keep an app running while it is edited: how each one runs an app copy, watches
// it, and (for the memory part) loads the memory probe into the process that runs the app.

import { pathToFileURL } from 'node:url';
import {
  baseEnv,
  bunBin,
  bunMissing,
  floorHook,
  hotNodeBin,
  hotNodeMissing,
  probeNodeFlags,
  tsxBin,
  tsxMissing,
  viteHost,
  viteNodeCli,
  viteNodeMissing,
} from './peers.js';

/** @typedef {import('./tools.js').Launch} Launch */

/**
 * @typedef {object} LaunchOptions
 * @property {boolean} trace run hot-node with HOT_NODE_TRACE=1
 * @property {string} [probe] absolute path of the memory probe to load into the app's process
 */

/**
 * @typedef {object} UpdateTool
 * @property {string} name
 * @property {string} description one line for the report
 * @property {'ts' | 'prebuilt'} variant which app it runs: the TypeScript one or the compiled JS
 * @property {boolean} inProcess claims to apply edits without a restart (whether it does is
 *   measured); such tools get more edits, since extra edits cost little
 * @property {boolean} [reportsUpdates] prints hot-node's per-update stderr lines
 * @property {number} [changeThrottleMs] its watcher drops a change to a file that comes this soon
 *   after the previous change event for that file (no trailing event): rapid edits must wait
 * @property {boolean} [noMemory] left out of the memory part (a baseline of update latency only)
 * @property {() => string | undefined} [unavailable] why the tool cannot run, if it cannot
 * @property {(dir: string, options: LaunchOptions) => Launch} launch
 */

/** @type {UpdateTool} */
const hotNode = {
  name: 'hot-node',
  description: 'node bin/hot-node.js server.ts (watches and updates in place by default)',
  variant: 'ts',
  inProcess: true,
  reportsUpdates: true,
  unavailable: hotNodeMissing,
  launch: (dir, { trace, probe }) => ({
    command: process.execPath,
    // Node options before the entry apply to the process that runs the program (its worker).
    args: [hotNodeBin, ...probeNodeFlags(probe), 'server.ts'],
    cwd: dir,
    env: trace ? { ...baseEnv(), HOT_NODE_TRACE: '1' } : baseEnv(),
  }),
};

/** Vite's watcher, chokidar 3, emits at most one change per file within 50 ms, on the leading edge. */
const VITE_CHANGE_THROTTLE_MS = 50;

/** @type {UpdateTool} */
const viteRunner = {
  name: 'vite-runner',
  description: "Vite's SSR module runner, HMR driven by Vite's own watcher (bench/hosts/vite-runner.mjs)",
  variant: 'ts',
  inProcess: true,
  changeThrottleMs: VITE_CHANGE_THROTTLE_MS,
  launch: (dir, { probe }) => ({
    command: process.execPath,
    args: [...probeNodeFlags(probe), viteHost, dir],
    cwd: dir,
    env: baseEnv(),
  }),
};

/** @type {UpdateTool} */
const viteNode = {
  name: 'vite-node',
  description:
    "vite-node --watch server.ts (Vite's watcher and module graph; vite-node's HMR client re-runs an accepting module with its module cache emptied)",
  variant: 'ts',
  inProcess: true,
  changeThrottleMs: VITE_CHANGE_THROTTLE_MS,
  unavailable: viteNodeMissing,
  launch: (dir, { probe }) => ({
    command: process.execPath,
    args: [...probeNodeFlags(probe), viteNodeCli, '--watch', 'server.ts'],
    cwd: dir,
    env: baseEnv(),
  }),
};

/** @type {UpdateTool} */
const bunHot = {
  name: 'bun --hot',
  description: 'bun --hot server.ts (re-runs the module graph in the same process)',
  variant: 'ts',
  inProcess: true,
  unavailable: bunMissing,
  launch: (dir, { probe }) => ({
    command: bunBin(),
    // Bun needs no flag for a full GC: the probe calls Bun.gc(true).
    args: [...(probe === undefined ? [] : ['--preload', probe]), '--hot', 'server.ts'],
    cwd: dir,
    env: baseEnv(),
  }),
};

/** @type {UpdateTool} */
const tsxWatch = {
  name: 'tsx watch',
  description: 'node_modules/.bin/tsx watch server.ts (restarts the process on a change)',
  variant: 'ts',
  inProcess: false,
  unavailable: tsxMissing,
  launch: (dir, { probe }) => ({
    command: tsxBin,
    // tsx passes Node options on to the process that runs the app.
    args: ['watch', '--clear-screen=false', ...probeNodeFlags(probe), 'server.ts'],
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
  launch: (dir, { probe }) => ({
    command: process.execPath,
    // Watch mode passes the other Node options on to the process it restarts.
    args: ['--watch', ...probeNodeFlags(probe), 'server.js'],
    cwd: dir,
    env: baseEnv(),
  }),
};

/** @type {UpdateTool} */
const floor = {
  name: 'floor',
  description:
    'node server.js on the prebuilt JS with bench/hosts/floor-hook.mjs, which watches the files and puts a changed marker into the pages served: no transform, no module run again (the event, a read, the render, the round trip)',
  variant: 'prebuilt',
  inProcess: true,
  noMemory: true,
  launch: (dir) => ({
    command: process.execPath,
    args: ['--import', pathToFileURL(floorHook).href, 'server.js'],
    cwd: dir,
    env: baseEnv(),
  }),
};

/** Every tool, in report order. */
export const UPDATE_TOOLS = [hotNode, viteRunner, viteNode, bunHot, tsxWatch, nodeWatch, floor];

/** The row update ratios are computed against. */
export const UPDATE_BASELINE = 'vite-runner';
