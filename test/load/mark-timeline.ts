import { type Marks, NO_MARKS, PIECES, type Piece } from './marks.js';

/** A response that came from code older than an update reported done before it was sent. */
export interface StaleResponse {
  readonly startedAt: number;
  readonly expected: Marks;
  readonly got: Partial<Record<Piece, number>>;
}

/**
 * The versions the program is known to run from each moment on: each time hot-node reports
 * an update done, the marks of every piece as they are from then on (a failed update leaves
 * them as they were). Times are `performance.now()` of this process.
 */
export class MarkTimeline {
  readonly #times: number[] = [Number.NEGATIVE_INFINITY];
  readonly #marks: Marks[] = [NO_MARKS];

  /** The update reported at `at` was done: from then on the program runs `marks`. */
  done(at: number, marks: Marks): void {
    if (at < this.#times[this.#times.length - 1]!) throw new Error('updates are reported in order');
    this.#times.push(at);
    this.#marks.push(marks);
  }

  /** The versions a request sent at `at` must be answered by (at least). */
  expectedAt(at: number): Marks {
    let low = 0;
    let high = this.#times.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (this.#times[middle]! <= at) low = middle;
      else high = middle - 1;
    }
    return this.#marks[low]!;
  }

  /** `undefined` if a response with `got` to a request sent at `startedAt` is fresh; else what it lacks. */
  check(startedAt: number, got: Partial<Record<Piece, number>>): StaleResponse | undefined {
    const expected = this.expectedAt(startedAt);
    const stale = PIECES.some((piece) => (got[piece] ?? -1) < expected[piece]);
    return stale ? { startedAt, expected, got } : undefined;
  }
}
