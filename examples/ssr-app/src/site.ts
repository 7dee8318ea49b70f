/**
 * Settings of the site, from the environment: `npm run example` loads `examples/ssr-app/.env`
 * with `--env-file`. They are read here at top level on purpose: hot-node records which
 * module read which variable while loading, and when the file changes it updates
 * `process.env` and re-runs those modules (then their importers up to the router) as if they
 * had been edited. A read inside a request handler would see the new value too, but the
 * pages would not be told to reload.
 */

/** Shown in the navigation bar and in every page's title. */
export const siteName = process.env.SITE_NAME ?? 'hot-node SSR';
