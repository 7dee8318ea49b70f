import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../support/waiting.js';
import { FIGURES_HEADER, figuresOf, figuresRow, percentile, textTable } from './figures.js';
import { isGateTimeoutLine } from './hot-log.js';
import { type HotNodeProcess, startHotNode } from './hot-node-process.js';
import { type LoadResult, startLoad } from './load-generator.js';
import { createMarkedExample, type MarkedExample } from './marked-example.js';
import {
  answersAfterRetirement,
  answersByProcess,
  countByStep,
  splitByRestart,
  staleResponses,
} from './response-check.js';
import { Storm, type StormResult } from './run-storm.js';
import { planStorm } from './storm-plan.js';

/** `HOT_NODE_LOAD_FULL=1`: the full storm of 200 updates (about a minute), else a short one for CI. */
const FULL = process.env.HOT_NODE_LOAD_FULL === '1';
const UPDATES = FULL ? 200 : 40;
/** Pause between an update reported done and the next save: each version serves for a while. */
const GAP_MS = 50;
const CONNECTIONS = 8;
/** Load before the measured runs, so that neither pays for V8 warming up the app. */
const WARM_UP_LOAD_MS = FULL ? 3_000 : 1_000;
const START_TIMEOUT_MS = 20_000;
const STORM_TIMEOUT_MS = FULL ? 600_000 : 180_000;

describe(`update storm: ${UPDATES} updates of the example app under load`, () => {
  let app: MarkedExample | undefined;
  let hotNode: HotNodeProcess | undefined;
  let storm: StormResult;
  let during: LoadResult;
  let quiet: LoadResult;

  beforeAll(async () => {
    app = createMarkedExample();
    hotNode = startHotNode(app.file('src/server.tsx'), ['--verbose', '--stdin-commands'], app.root);
    const listening = await hotNode.waitForLine(
      'stdout',
      0,
      (text) => text.startsWith('listening on '),
      START_TIMEOUT_MS,
    );
    const url = `${hotNode.lines('stdout')[listening]!.text.slice('listening on '.length)}/`;
    const stormRunner = new Storm(app, hotNode);
    await stormRunner.warmUp();
    const warming = startLoad({ url, connections: CONNECTIONS });
    await sleep(WARM_UP_LOAD_MS);
    await warming.stop();

    const load = startLoad({ url, connections: CONNECTIONS });
    try {
      storm = await stormRunner.run(planStorm(UPDATES), GAP_MS);
    } finally {
      during = await load.stop();
    }
    // The same length, same process, nothing edited.
    const baseline = startLoad({ url, connections: CONNECTIONS });
    await sleep(storm.endedAt - storm.startedAt);
    quiet = await baseline.stop();
    console.log(report(hotNode, storm, during, quiet));
  }, STORM_TIMEOUT_MS);

  afterAll(async () => {
    await hotNode?.stop();
    app?.remove();
  });

  it('fails no request while it applies hot updates, failed updates and full reloads', () => {
    const { elsewhere } = splitByRestart(during.failures, storm.restarts);
    const { timeouts, non2xx } = during.autocannon;
    expect({ failures: elsewhere.slice(0, 10), timeouts, non2xx }).toEqual({
      failures: [],
      timeouts: 0,
      non2xx: 0,
    });
    expect(during.samples.length).toBeGreaterThan(UPDATES * CONNECTIONS);
  });

  // The old process hands its keep-alive connections over to the new one instead of closing
  // them: the request each one carries then is served, by the old code or the new.
  it('fails no request when the process restarts', () => {
    const { atRestart } = splitByRestart(during.failures, storm.restarts);
    expect(atRestart.slice(0, 10)).toEqual([]);
  });

  it('answers no request sent after an update was reported done with code older than that update', () => {
    expect(staleResponses(during.samples, storm.timeline).slice(0, 10)).toEqual([]);
  });

  it('answers no request from the process a restart replaced once it closed its server', () => {
    expect(storm.restarts).toHaveLength(1);
    expect(answersAfterRetirement(during.samples, storm.restarts)).toEqual([]);
    // Both processes answered: the load did run across the restart.
    expect(answersByProcess(during.samples).size).toBe(2);
  });

  it('fails no request without updates either', () => {
    expect({ failures: quiet.failures.slice(0, 10), errors: quiet.autocannon.errors }).toEqual({
      failures: [],
      errors: 0,
    });
  });
});

function report(hotNode: HotNodeProcess, storm: StormResult, during: LoadResult, quiet: LoadResult): string {
  const kinds = new Map<string, number>();
  for (const { step } of storm.steps) kinds.set(step.kind, (kinds.get(step.kind) ?? 0) + 1);
  const reportMs = storm.steps
    .filter(({ step }) => step.kind !== 'restart')
    .map(({ savedAt, reportedAt }) => reportedAt - savedAt)
    .sort((a, b) => a - b);
  const stale = staleResponses(during.samples, storm.timeline).length;
  const gateTimeouts = hotNode.lines('stderr').filter((line) => isGateTimeoutLine(line.text)).length;
  const restart = storm.restarts[0];
  const loadAverage = os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  return [
    `update storm: ${storm.steps.length} updates (${[...kinds].map(([kind, n]) => `${kind} ${n}`).join(', ')}), ${CONNECTIONS} connections, ${os.cpus().length} cores, load average ${loadAverage}`,
    textTable([
      [...FIGURES_HEADER, 'failed', 'stale'],
      figuresRow('during updates', figuresOf(during), [String(during.failures.length), String(stale)]),
      figuresRow('no updates', figuresOf(quiet), [String(quiet.failures.length), '-']),
    ]),
    `save -> update reported: p50 ${percentile(reportMs, 0.5).toFixed(1)} ms, p90 ${percentile(reportMs, 0.9).toFixed(1)} ms, max ${reportMs[reportMs.length - 1]?.toFixed(1)} ms`,
    restart
      ? `restart: reported ${(restart.reportedAt - restart.savedAt).toFixed(0)} ms after the save, new process listening ${(restart.listeningAt - restart.savedAt).toFixed(0)} ms, old one closed ${(restart.retiredAt - restart.savedAt).toFixed(0)} ms`
      : 'restart: none',
    `failed requests by step under way: ${describeCounts(
      countByStep(
        storm.steps,
        during.failures.map((f) => f.startedAt),
      ),
    )}; reasons: ${describeCounts(countBy(during.failures.map((f) => f.reason)))}`,
    `requests let through or disposed of before their update was over (--verbose notes): ${gateTimeouts}`,
  ].join('\n');
}

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

function describeCounts(counts: ReadonlyMap<string, number>): string {
  return counts.size === 0 ? 'none' : [...counts].map(([key, n]) => `${key} ${n}`).join(', ');
}
