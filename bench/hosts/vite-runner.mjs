// Runs an app's server.ts through Vite's SSR module runner, the way an SSR framework's dev
// server does. Usage: node bench/hosts/vite-runner.mjs <app-root> [entry]

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

const runner = createServerModuleRunner(vite.environments.ssr);
await runner.import(entry);
