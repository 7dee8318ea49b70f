/**
 * A resource with a lifetime: an interval started when the module runs and stopped in its
 * `dispose` handler. Every edit that re-runs this module (or a full reload) replaces the
 * interval; `running` counts live intervals and must stay 1, however many edits happen.
 */

interface TickerState {
  /** Ticks since the process started, across every version of this module. */
  ticks: number;
  /** Intervals started and not yet stopped. */
  running: number;
  /** How many intervals this process has started: one per version of this module. */
  started: number;
}

const TICK_MS = 1000;

const saved = import.meta.hot?.data as { ticker?: TickerState } | undefined;
const state: TickerState = saved?.ticker ?? { ticks: 0, running: 0, started: 0 };
if (saved) saved.ticker = state;

const interval = setInterval(() => {
  state.ticks += 1;
}, TICK_MS);
state.running += 1;
state.started += 1;

import.meta.hot?.dispose(() => {
  clearInterval(interval);
  state.running -= 1;
});

export interface TickerStatus {
  readonly ticks: number;
  readonly running: number;
  readonly started: number;
}

export function tickerStatus(): TickerStatus {
  return { ...state };
}
