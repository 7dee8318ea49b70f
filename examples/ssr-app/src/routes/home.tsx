import { items, recordVisit } from '../data/store.js';
import { page } from '../layout.js';
import type { RouteHandler } from '../lib/http.js';

export const path = '/';

// Edit this text, save, and watch the page: it reloads with the new text, same process.
const headline = 'Hello from a hot server';

export const handle: RouteHandler = () => {
  const visits = recordVisit();
  return page(
    'Home',
    path,
    <>
      <h1 id="headline">{headline}</h1>
      <p>
        Rendered with React <code>renderToString</code> on <code>node:http</code>, run by hot-node. This page
        has been visited <output id="visits">{visits}</output> times.
      </p>
      <h2>Items</h2>
      <ul id="items">
        {items().map((item) => (
          <li key={item.id}>{item.text}</li>
        ))}
      </ul>
      <form method="post" action="/api/items">
        <input name="text" required maxLength={200} placeholder="A new item" />{' '}
        <button type="submit">Add</button>
      </form>
    </>,
  );
};
