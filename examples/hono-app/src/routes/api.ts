import { Hono } from 'hono';
import { visitCount } from '../visits.js';

/** `/api/*`: what the dev server is, for tools and tests. */
export const api = new Hono();
api.get('/status', (c) => c.json({ pid: process.pid, visits: visitCount() }));
