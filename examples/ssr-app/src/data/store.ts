/**
 * The app's state: a visit counter, a click counter and a list of items. It lives in
 * `import.meta.hot.data`, which hot-node hands from each version of this module to the next,
 * so editing this file (or anything that makes it re-run) keeps the state.
 */

export interface Item {
  readonly id: number;
  readonly text: string;
  readonly addedAt: string;
}

interface State {
  visits: number;
  clicks: number;
  items: Item[];
  nextId: number;
}

function initialState(): State {
  const now = new Date().toISOString();
  return {
    visits: 0,
    clicks: 0,
    items: [
      { id: 1, text: 'Edit src/routes/home.tsx and watch this page', addedAt: now },
      { id: 2, text: 'Add an item: it survives edits of src/data/store.ts', addedAt: now },
    ],
    nextId: 3,
  };
}

const saved = import.meta.hot?.data as { state?: State } | undefined;
// Without hot-node's HMR (`--no-hmr`), `import.meta.hot` is undefined: plain module state.
const state: State = saved?.state ?? initialState();
if (saved) saved.state = state;

export function recordVisit(): number {
  state.visits += 1;
  return state.visits;
}

export function clicks(): number {
  return state.clicks;
}

export function click(): number {
  state.clicks += 1;
  return state.clicks;
}

export function items(): readonly Item[] {
  return state.items;
}

export function addItem(text: string): Item {
  const item: Item = {
    id: state.nextId++,
    text: text.trim().slice(0, 200),
    addedAt: new Date().toISOString(),
  };
  state.items.push(item);
  return item;
}
