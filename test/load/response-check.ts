import type { Failure, Sample } from './load-generator.js';
import type { MarkTimeline, StaleResponse } from './mark-timeline.js';
import type { RestartRecord, StepRecord } from './run-storm.js';

/** Responses of the retired process to requests sent after it closed its server. */
export interface LateAnswer {
  readonly startedAt: number;
  readonly pid: number;
  readonly retiredAt: number;
}

/** Every response that came from code older than the last update reported done when its request was sent. */
export function staleResponses(samples: readonly Sample[], timeline: MarkTimeline): StaleResponse[] {
  return samples.flatMap((sample) => timeline.check(sample.startedAt, sample.marks) ?? []);
}

/**
 * Responses from the process a restart replaced, to requests sent after it closed its
 * server: it should serve nothing by then. Its pid is the one of the last response before
 * the restart was reported.
 */
export function answersAfterRetirement(
  samples: readonly Sample[],
  restarts: readonly RestartRecord[],
): LateAnswer[] {
  return restarts.flatMap((restart) => {
    const before = samples.filter((sample) => sample.endedAt < restart.reportedAt);
    const pid = before[before.length - 1]?.pid;
    if (pid === undefined) return [];
    return samples
      .filter((sample) => sample.startedAt > restart.retiredAt && sample.pid === pid)
      .map((sample) => ({ startedAt: sample.startedAt, pid, retiredAt: restart.retiredAt }));
  });
}

/** The processes that answered, with how many responses each. */
export function answersByProcess(samples: readonly Sample[]): Map<number | undefined, number> {
  const counts = new Map<number | undefined, number>();
  for (const sample of samples) counts.set(sample.pid, (counts.get(sample.pid) ?? 0) + 1);
  return counts;
}

/** The step that was under way (saved, not yet followed by the next save) when a request was sent. */
export function stepAt(steps: readonly StepRecord[], at: number): StepRecord | undefined {
  let found: StepRecord | undefined;
  for (const step of steps) {
    if (step.savedAt > at) break;
    found = step;
  }
  return found;
}

/** How many of `times` fell in each kind of step (`before` the first one). */
export function countByStep(steps: readonly StepRecord[], times: readonly number[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const at of times) {
    const kind = stepAt(steps, at)?.step.kind ?? 'before';
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return counts;
}

/**
 * The failures of requests sent while a restart was under way (from its save until the old
 * process closed its server), and the others.
 */
export function splitByRestart(
  failures: readonly Failure[],
  restarts: readonly RestartRecord[],
): { atRestart: Failure[]; elsewhere: Failure[] } {
  const atRestart: Failure[] = [];
  const elsewhere: Failure[] = [];
  for (const failure of failures) {
    const during = restarts.some(
      (restart) => failure.startedAt >= restart.savedAt && failure.startedAt <= restart.retiredAt,
    );
    (during ? atRestart : elsewhere).push(failure);
  }
  return { atRestart, elsewhere };
}
