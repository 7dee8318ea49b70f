import { clicks, items } from '../../data/store.js';
import { json, type RouteHandler } from '../../lib/http.js';
import { tickerStatus } from '../../lib/ticker.js';

export const path = '/api/status';

/**
 * The process at a glance. `activeTimers` is Node's own count of live timers (the ticker's
 * interval and each http server's connection check): it stays the same across edits when
 * every module releases what it started.
 */
export const handle: RouteHandler = () =>
  json({
    pid: process.pid,
    uptimeSeconds: Math.round(process.uptime()),
    ticker: tickerStatus(),
    clicks: clicks(),
    items: items().length,
    activeTimers: process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length,
  });
