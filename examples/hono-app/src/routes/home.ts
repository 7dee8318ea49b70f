import type { Context } from 'hono';
import { countVisit } from '../visits.js';

/** `GET /`: edit the greeting while the server runs. */
export function home(c: Context): Response {
  const visits = countVisit();
  return c.text(`Hello from Hono (visit ${visits})`);
}
