import { addItem, items } from '../../data/store.js';
import { json, type RouteHandler, readFields, redirect, text } from '../../lib/http.js';

export const path = '/api/items';

/**
 * `GET` lists the items; `POST` adds one, from JSON (`{"text": "..."}`, answered with the
 * item) or from the home page's form (answered with a redirect back to it).
 */
export const handle: RouteHandler = async (request) => {
  if (request.method === 'GET') return json(items());
  if (request.method !== 'POST') return text('method not allowed\n', 405);
  const fields = await readFields(request);
  const value = fields.text?.trim();
  if (!value) return json({ error: 'text is required' }, 400);
  const item = addItem(value);
  return request.headers['content-type']?.startsWith('application/json') ? json(item, 201) : redirect('/');
};
