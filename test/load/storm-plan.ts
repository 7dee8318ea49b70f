import type { HotLogKind } from './hot-log.js';
import type { Piece } from './marks.js';

/**
 * One step of the storm:
 * - `edit`: a new version of a piece (its mark), taken in place;
 * - `full-reload`: a version of server.tsx that does not take its own updates: it runs, does
 *   not accept, and nothing imports it (acceptance is what the version that runs registered);
 * - `accept-again`: server.tsx takes its own updates again (taken in place);
 * - `syntax-error`: a piece broken (the update fails, its previous version keeps running);
 * - `fix`: the broken piece mended, with a new version;
 * - `restart`: package.json changed, a new process with the same code.
 */
export type StormStep =
  | { readonly kind: 'edit' | 'syntax-error' | 'fix'; readonly piece: Piece }
  | { readonly kind: 'full-reload' | 'accept-again' | 'restart' };

/** What hot-node reports when the step is done. */
export function expectedReport(step: StormStep): HotLogKind {
  switch (step.kind) {
    case 'syntax-error':
      return 'failed';
    case 'full-reload':
      return 'full-reload';
    case 'restart':
      return 'restart';
    default:
      return 'hot-update';
  }
}

const CYCLE = 20;

/** Step `i` of a cycle of 20; `round` varies the piece the third syntax error breaks. */
function cycleStep(i: number, round: number): StormStep {
  const steps: StormStep[] = [
    { kind: 'edit', piece: 'home' },
    { kind: 'edit', piece: 'layout' },
    { kind: 'edit', piece: 'home' },
    { kind: 'syntax-error', piece: 'home' },
    { kind: 'fix', piece: 'home' },
    { kind: 'edit', piece: 'router' },
    { kind: 'edit', piece: 'home' },
    { kind: 'edit', piece: 'server' },
    { kind: 'edit', piece: 'layout' },
    { kind: 'full-reload' },
    { kind: 'edit', piece: 'home' },
    { kind: 'full-reload' },
    { kind: 'accept-again' },
    { kind: 'syntax-error', piece: 'layout' },
    { kind: 'fix', piece: 'layout' },
    { kind: 'edit', piece: 'home' },
    { kind: 'edit', piece: 'layout' },
    { kind: 'syntax-error', piece: round % 2 === 0 ? 'router' : 'server' },
    { kind: 'fix', piece: round % 2 === 0 ? 'router' : 'server' },
    { kind: 'edit', piece: 'server' },
  ];
  return steps[i]!;
}

/**
 * `count` steps (a multiple of 20): leaf routes, the layout component, the router, the
 * server in place, syntax errors each followed by their fix, full reloads of the entry (two
 * per 20 steps) and, halfway, one process restart (in place of an edit of home.tsx).
 */
export function planStorm(count: number): StormStep[] {
  if (count < CYCLE || count % CYCLE !== 0) throw new Error(`a storm has a multiple of ${CYCLE} steps`);
  const steps = Array.from({ length: count }, (_, i) => cycleStep(i % CYCLE, Math.floor(i / CYCLE)));
  steps[count / 2] = { kind: 'restart' };
  return steps;
}
