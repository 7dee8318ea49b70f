/**
 * A counter that outlives edits of the routes: they import it, so an edit of a route re-runs
 * the route, not this module. An edit of this file starts it again from what the previous
 * version left in `import.meta.hot.data`.
 */
const state: { visits: number } = import.meta.hot?.data.state ?? { visits: 0 };
if (import.meta.hot) import.meta.hot.data.state = state;

export function countVisit(): number {
  state.visits += 1;
  return state.visits;
}

export function visitCount(): number {
  return state.visits;
}
