import type { IncomingMessage, ServerResponse } from 'node:http';
import { renderToString } from 'react-dom/server';
import { html, type RouteHandler, type RouteModule, send, toRouteRequest } from './lib/http.js';
import { liveReloadScript } from './lib/live-reload-client.js';
import * as about from './routes/about.js';
import * as items from './routes/api/items.js';
import * as status from './routes/api/status.js';
import * as counter from './routes/counter.js';
import * as home from './routes/home.js';
import * as notFound from './routes/not-found.js';

/** In the order of the files accepted below: an update of file i replaces entry i. */
let routes: RouteModule[] = [home, about, counter, items, status];
let table = byPath(routes);
let fallback: RouteHandler = notFound.handle;

function byPath(modules: readonly RouteModule[]): ReadonlyMap<string, RouteHandler> {
  return new Map(modules.map((route) => [route.path, route.handle]));
}

/** Serves a request with the current version of its route. */
export async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const request = toRouteRequest(req);
    const route = table.get(request.url.pathname) ?? fallback;
    send(res, await route(request));
  } catch (error) {
    // A route that throws while rendering: the process lives on, the page shows the error
    // and reloads itself once an edit fixed it.
    console.error(error);
    if (res.headersSent) res.destroy();
    else send(res, html(`<!doctype html>${renderToString(<ErrorPage error={error} />)}`, 500));
  }
}

/** Without the layout: the layout may be what fails. */
function ErrorPage({ error }: { error: unknown }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <title>500 · hot-node SSR</title>
        <script dangerouslySetInnerHTML={{ __html: liveReloadScript }} />
      </head>
      <body>
        <h1>500: the route threw</h1>
        <pre>{error instanceof Error ? error.stack : String(error)}</pre>
        <p>Fix it and save: this page reloads.</p>
      </body>
    </html>
  );
}

// The routes take their updates here and the router swaps them in place: an edit of a route
// (or of what only routes import: the layout, the store, the ticker) re-runs what changed and
// the routes on the way, never this module nor the server.
import.meta.hot?.accept(
  [
    './routes/home.js',
    './routes/about.js',
    './routes/counter.js',
    './routes/api/items.js',
    './routes/api/status.js',
    './routes/not-found.js',
  ],
  ([nextHome, nextAbout, nextCounter, nextItems, nextStatus, nextNotFound]) => {
    const next = [nextHome, nextAbout, nextCounter, nextItems, nextStatus] as Array<RouteModule | undefined>;
    routes = routes.map((route, i) => next[i] ?? route);
    table = byPath(routes);
    if (nextNotFound) fallback = (nextNotFound as Pick<RouteModule, 'handle'>).handle;
  },
);
