import { describe, expect, it } from 'vitest';
import { parseOptions } from './options.js';

describe('parseOptions', () => {
  it('runs both parts with 9 runs and 9 edits by default', () => {
    expect(parseOptions([], {})).toMatchObject({ runs: 9, edits: 9, suites: { cold: true, update: true } });
  });

  it('lets an explicit edit count win over --quick', () => {
    expect(parseOptions(['--quick', '--edits', '5'], {}).edits).toBe(5);
  });

  it('runs only the parts --suites names', () => {
    expect(parseOptions(['--suites', 'update'], {}).suites).toEqual({ cold: false, update: true });
  });

  it('rejects an unknown part', () => {
    expect(() => parseOptions(['--suites', 'warm'], {})).toThrow(/--suites/);
  });
});
