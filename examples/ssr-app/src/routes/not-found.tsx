import { page } from '../layout.js';
import type { RouteHandler } from '../lib/http.js';

export const handle: RouteHandler = (request) =>
  page(
    'Not found',
    request.url.pathname,
    <>
      <h1>Not found</h1>
      <p>
        Nothing is served at <code>{request.url.pathname}</code>. <a href="/">Back home</a>.
      </p>
    </>,
    404,
  );
