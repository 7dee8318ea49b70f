import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOT_EVENTS_PATH } from './lib/live-reload-client.js';
import { handle } from './router.js';

const HOST = '127.0.0.1';

interface ServerData {
  /** The port the previous version listened on: this one takes it over. */
  port?: number;
}

const saved = import.meta.hot?.data as ServerData | undefined;
const requestedPort = saved?.port ?? Number(process.env.PORT ?? 3000);

/** The router's handler; replaced when the router takes an update, without re-running this module. */
let route = handle;

/** Open pages listening for updates (server-sent events). */
const pages = new Set<ServerResponse>();

function openEventStream(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  // Reconnect quickly: a dropped stream means the server is being replaced.
  res.write('retry: 300\n\n');
  pages.add(res);
  req.on('close', () => pages.delete(res));
}

function notifyPages(event: string, data: unknown): void {
  for (const res of pages) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

const server = createServer((req, res) => {
  if (req.url === HOT_EVENTS_PATH) openEventStream(req, res);
  else void route(req, res);
});

server.listen(requestedPort, HOST, () => {
  const { port } = server.address() as AddressInfo;
  console.log(`listening on http://${HOST}:${port}`);
});

if (import.meta.hot) {
  // An edit of this file re-runs it in place: same process, same port.
  import.meta.hot.accept();

  // An edit of the router (adding a route, say): the router re-runs, this module only takes its handler.
  import.meta.hot.accept('./router.js', (next) => {
    if (next) route = next.handle as typeof handle;
  });

  import.meta.hot.dispose(async (data: ServerData) => {
    const address = server.address() as AddressInfo | null;
    data.port = address?.port ?? requestedPort;
    // Open pages reconnect to the next version, and reload.
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    console.log(`closed http://${HOST}:${data.port}`);
  });

  // The listeners of the current versions of the modules are called: these are re-registered
  // each time this module runs again.
  import.meta.hot.on('vite:afterUpdate', (payload) => {
    const paths = payload.updates.map((update) =>
      path.relative(process.cwd(), fileURLToPath(update.acceptedPath)),
    );
    notifyPages('hot-update', { paths });
  });
  import.meta.hot.on('vite:beforeFullReload', (payload) => {
    notifyPages('full-reload', { triggeredBy: payload.triggeredBy });
  });
}
