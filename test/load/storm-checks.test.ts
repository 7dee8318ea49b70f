import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeReport } from '../../src/hot/hot-logger.js';
import { ReportBuilder, type UpdateOutcome } from '../../src/hot/update-report.js';
import { parseHotLogLine } from './hot-log.js';
import { MarkTimeline } from './mark-timeline.js';
import { NO_MARKS } from './marks.js';
import { planStorm } from './storm-plan.js';

/** The first line hot-node writes for an update of src/routes/home.tsx that ended with `outcome`. */
function reportLine(outcome: UpdateOutcome): string {
  const report = new ReportBuilder(1, undefined);
  report.changedFiles = [path.join(process.cwd(), 'src/routes/home.tsx')];
  report.reEvaluated = ['home'];
  if (outcome === 'full-reload') report.fullReload = { reason: 'nothing accepts it', chain: [] };
  return `[hot-node] ${describeReport(report.finish(outcome))[0]}`;
}

describe('reading hot-node’s reports', () => {
  it.each(['hot-update', 'full-reload', 'failed'] as const)('reads the line of a %s', (outcome) => {
    expect(parseHotLogLine(reportLine(outcome))).toEqual({ kind: outcome, subject: 'src/routes/home.tsx' });
  });

  it('reads the supervisor’s restart line', () => {
    expect(parseHotLogLine('[hot-node] restart: package.json changed')).toEqual({
      kind: 'restart',
      subject: 'package.json changed',
    });
  });

  it('takes no other line for a report', () => {
    const others = [
      '[hot-node] trace src/routes/home.tsx: event +0.00ms, transformed +9.84ms, done +10.16ms',
      '[hot-node] listening socket handed to the new server: 127.0.0.1:36041',
      '[hot-node] error during transform in src/routes/home.tsx:',
      '> 35 | export const broken = = 1;',
    ];
    expect(others.map(parseHotLogLine)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('stale responses', () => {
  const timeline = new MarkTimeline();
  timeline.done(100, { ...NO_MARKS, home: 3 });

  it('a request sent after an update was reported done must not get an older version', () => {
    expect(timeline.check(101, { ...NO_MARKS, home: 2 })).toEqual({
      startedAt: 101,
      expected: { ...NO_MARKS, home: 3 },
      got: { ...NO_MARKS, home: 2 },
    });
  });

  it('a request sent before the report may get the older version', () => {
    expect(timeline.check(99, { ...NO_MARKS, home: 2 })).toBeUndefined();
  });

  it('a response without the mark of a piece counts as stale', () => {
    expect(timeline.check(101, { home: 3 })).toBeDefined();
  });
});

describe('the storm plan', () => {
  it('follows every syntax error with the fix of the same piece', () => {
    const steps = planStorm(200);
    const broken = steps.flatMap((step, i) => (step.kind === 'syntax-error' ? [i] : []));
    expect(broken.length).toBeGreaterThan(0);
    for (const i of broken)
      expect(steps[i + 1]).toEqual({ kind: 'fix', piece: (steps[i] as { piece: string }).piece });
  });

  it('has one restart and full reloads', () => {
    const kinds = planStorm(40).map((step) => step.kind);
    expect(kinds.filter((kind) => kind === 'restart')).toHaveLength(1);
    expect(kinds.filter((kind) => kind === 'full-reload')).toHaveLength(4);
  });
});
