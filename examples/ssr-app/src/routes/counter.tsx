import { click, clicks } from '../data/store.js';
import { page } from '../layout.js';
import { type RouteHandler, redirect } from '../lib/http.js';

export const path = '/counter';

// The count lives in src/data/store.ts: edit this file (the label, the step) and it stays.
const label = 'Clicks so far';

export const handle: RouteHandler = (request) => {
  if (request.method === 'POST') {
    click();
    return redirect(path);
  }
  return page(
    'Counter',
    path,
    <>
      <h1>Counter</h1>
      <p>
        {label}: <output id="clicks">{clicks()}</output>
      </p>
      <form method="post" action={path}>
        <button type="submit">+1</button>
      </form>
    </>,
  );
};
