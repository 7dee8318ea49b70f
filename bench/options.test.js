import { describe, expect, it } from 'vitest';
import { parseOptions, QUICK } from './options.js';

describe('parseOptions', () => {
  it('runs every part with 9 runs, 9 edits and 1000 memory edits by default', () => {
    expect(parseOptions([], {})).toMatchObject({
      runs: 9,
      edits: 9,
      memoryEdits: 1000,
      suites: { cold: true, update: true, memory: true },
    });
  });

  it('runs the sizes 50, 500 and 2000 by default, memory at 500 only', () => {
    const options = parseOptions([], {});
    expect(options.sizes).toEqual([50, 500, 2000]);
    expect(options.memorySizes).toEqual([500]);
  });

  it('lets an explicit edit count win over --quick', () => {
    expect(parseOptions(['--quick', '--edits', '5'], {}).edits).toBe(5);
  });

  it('measures only the quick tools with --quick', () => {
    expect(parseOptions(['--quick'], {}).tools).toEqual(QUICK.tools);
  });

  it('lets explicit tools win over --quick', () => {
    expect(parseOptions(['--quick', '--tools', 'bun --hot, hot-node'], {}).tools).toEqual([
      'bun --hot',
      'hot-node',
    ]);
  });

  it('measures every tool without --quick or --tools', () => {
    expect(parseOptions([], {}).tools).toBeUndefined();
  });

  it('leaves bench/RESULTS.md alone with --quick', () => {
    expect(parseOptions(['--quick'], {}).writeResults).toBe(false);
    expect(parseOptions([], {}).writeResults).toBe(true);
  });

  it('makes 50 memory edits with --quick', () => {
    expect(parseOptions(['--quick'], {}).memoryEdits).toBe(50);
  });

  it('takes the memory edits and sizes from the environment', () => {
    const options = parseOptions([], { BENCH_MEMORY_EDITS: '200', BENCH_MEMORY_SIZES: '50,2000' });
    expect(options.memoryEdits).toBe(200);
    expect(options.memorySizes).toEqual([50, 2000]);
  });

  it('runs only the parts --suites names', () => {
    expect(parseOptions(['--suites', 'update,memory'], {}).suites).toEqual({
      cold: false,
      update: true,
      memory: true,
    });
  });

  it('rejects an unknown part', () => {
    expect(() => parseOptions(['--suites', 'warm'], {})).toThrow(/--suites/);
  });

  it('rejects a memory edit count that is not a positive integer', () => {
    expect(() => parseOptions(['--memory-edits', '0'], {})).toThrow(/--memory-edits/);
  });
});
