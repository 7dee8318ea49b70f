import { describe, expect, it } from 'vitest';
import { ratio, summarize } from './stats.js';

describe('summarize', () => {
  it('takes the middle sample of an odd count', () => {
    expect(summarize([30, 10, 20])).toEqual({ runs: 3, median: 20, min: 10, max: 30 });
  });

  it('averages the two middle samples of an even count', () => {
    expect(summarize([4, 1, 3, 2]).median).toBe(2.5);
  });

  it('refuses an empty list', () => {
    expect(() => summarize([])).toThrow();
  });
});

describe('ratio', () => {
  it('is undefined without a reference', () => {
    expect(ratio(5, undefined)).toBeUndefined();
  });

  it('divides by the reference', () => {
    expect(ratio(6, 2)).toBe(3);
  });
});
