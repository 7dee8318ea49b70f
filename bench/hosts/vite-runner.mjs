// Runs an app's server.ts through Vite's SSR module runner, the way an SSR framework's dev
// server does. Usage: node bench/hosts/vite-runner.mjs <app-root> [entry]
// Vite's own file watcher drives HMR; the runner's HMR log goes to stderr as `[vite-runner] ...`
// lines so the bench can tell an in-place update from a full reload.

import { resolve } from 'node:path';
import { createServer, createServerModuleRunner } from 'vite';

const root = resolve(process.argv[2] ?? '.');
const entry = process.argv[3] ?? '/server.ts';

const vite = await createServer({
  root,
  configFile: false,
  appType: 'custom',
  logLevel: 'warn',
  clearScreen: false,
  // HMR stays on (the app self-accepts, as under hot-node); updates travel over the in-process
  // hot channel, so no WebSocket server is needed.
  server: { middlewareMode: true, hmr: true, ws: false },
});

/** @param {string} text */
const log = (text) => process.stderr.write(`[vite-runner] ${text}\n`);

const runner = createServerModuleRunner(vite.environments.ssr, {
  hmr: {
    logger: {
      debug: (...parts) => log(parts.join(' ')),
      error: (error) => log(`error: ${error instanceof Error ? error.message : String(error)}`),
    },
  },
});
await runner.import(entry);
