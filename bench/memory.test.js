import { describe, expect, it } from 'vitest';
import { checkpointsUpTo } from './memory.js';

describe('checkpointsUpTo', () => {
  it('samples after 0, 1, 50, 200 and 1000 edits in a 1000-edit run', () => {
    expect(checkpointsUpTo(1000)).toEqual([0, 1, 50, 200, 1000]);
  });

  it('ends with the run length when it is not a standard checkpoint', () => {
    expect(checkpointsUpTo(120)).toEqual([0, 1, 50, 120]);
  });

  it('goes past 1000 edits to the run length', () => {
    expect(checkpointsUpTo(5000)).toEqual([0, 1, 50, 200, 1000, 5000]);
  });
});
