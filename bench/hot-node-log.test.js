import { describe, expect, it } from 'vitest';
import { eventConcerns, parseHotNodeLine } from './hot-node-log.js';

describe('parseHotNodeLine', () => {
  it('reads files, module count and time of a hot update', () => {
    expect(parseHotNodeLine('[hot-node] hot update components/f0/l5n0.ts (13 modules, 5.8 ms)')).toEqual({
      type: 'hot-update',
      files: ['components/f0/l5n0.ts'],
      modules: 13,
      ms: 5.8,
    });
  });

  it('reads a hot update of one module', () => {
    expect(parseHotNodeLine('[hot-node] hot update a.ts, b.ts (1 module, 2 ms)')).toMatchObject({
      files: ['a.ts', 'b.ts'],
      modules: 1,
    });
  });

  it('reads a full reload', () => {
    const line = '[hot-node] full reload after lib/store.ts (40.2 ms): no module accepts the change';
    expect(parseHotNodeLine(line)).toEqual({ type: 'full-reload', files: ['lib/store.ts'], ms: 40.2 });
  });

  it('reads a failed update', () => {
    const line = '[hot-node] update of router.ts failed (3.0 ms); the previous code keeps running.';
    expect(parseHotNodeLine(line)).toEqual({ type: 'failed', files: ['router.ts'] });
  });

  it('reads the phase timings of a trace line', () => {
    const line = '[hot-node] trace router.ts: event +0.4ms, transformed +3.1ms, evaluated +7.25ms, done +8ms';
    expect(parseHotNodeLine(line)).toEqual({
      type: 'trace',
      files: ['router.ts'],
      timings: { event: 0.4, transformed: 3.1, evaluated: 7.25, done: 8 },
    });
  });

  it('ignores other lines', () => {
    expect(parseHotNodeLine('listening on 3000')).toBeUndefined();
    expect(parseHotNodeLine('[hot-node] waiting for file changes')).toBeUndefined();
  });
});

describe('eventConcerns', () => {
  it('matches a Windows path to the forward-slash file', () => {
    expect(
      eventConcerns({ type: 'failed', files: ['components\\f0\\l5n0.ts'] }, 'components/f0/l5n0.ts'),
    ).toBe(true);
  });

  it('does not match another file', () => {
    expect(eventConcerns({ type: 'failed', files: ['router.ts'] }, 'server.ts')).toBe(false);
  });
});
