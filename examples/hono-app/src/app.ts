import { Hono } from 'hono';
import { api } from './routes/api.js';
import { home } from './routes/home.js';

/**
 * The application: every route mounted on one Hono app. The dev server (dev.mjs) serves
 * requests through the latest version of `app`.
 */
export const app = new Hono();
app.get('/', home);
app.route('/api', api);

// An edit of this file or of a route re-runs the route and this module (a new `app`); the
// modules below the edited one, such as the visit counter, keep running with their state.
import.meta.hot?.accept();
