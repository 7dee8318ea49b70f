// @ts-check
// The dev server: a plain Node program that embeds hot-node. It serves every request through
// the latest version of the app module, which hot-node swaps in place when a file is saved.
import { serve } from '@hono/node-server';
import { createRunner } from 'hot-node';

const root = import.meta.dirname;
const hostname = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 3000);

// Watches every file the app imports; an edit re-runs the edited module up to src/app.ts.
const runner = createRunner({ root });

/** The app module's current version. */
async function loadApp() {
  const module = /** @type {typeof import('./src/app.js')} */ (await runner.import('./src/app.ts'));
  return module.app;
}

let app = await loadApp();
// Listen once every file is watched: from then on, no save is missed.
await runner.ready();
runner.on('update', async (report) => {
  // A failed update leaves the previous version in service (hot-node printed why).
  if (report.outcome !== 'failed') app = await loadApp();
});

const server = serve({ fetch: (request, env) => app.fetch(request, env), hostname, port }, (info) => {
  console.log(`listening on http://${info.address}:${info.port}`);
});

// Ctrl-C: stop accepting, run the modules' dispose handlers, release the watcher; then
// nothing is left and the process exits by itself.
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.once(signal, () => {
    server.close();
    void runner.close();
  });
}
