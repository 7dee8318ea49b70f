import { page } from '../layout.js';
import type { RouteHandler } from '../lib/http.js';

export const path = '/about';

export const handle: RouteHandler = () =>
  page(
    'About',
    path,
    <>
      <h1>About this app</h1>
      <p>
        Each page is a route module under <code>src/routes/</code>. The router accepts their updates with{' '}
        <code>import.meta.hot.accept([...routes], callback)</code> and swaps the handler in place: saving a
        route re-runs that one file.
      </p>
      <ul>
        <li>
          <code>src/data/store.ts</code> keeps its state in <code>import.meta.hot.data</code>.
        </li>
        <li>
          <code>src/lib/ticker.ts</code> starts an interval and stops it in <code>dispose</code>.
        </li>
        <li>
          <code>src/server.tsx</code> closes its server in <code>dispose</code> and listens again on the same
          port.
        </li>
      </ul>
    </>,
  );
