import { describe, expect, it } from 'vitest';
import { growthPerEdit, memoryNotes, memoryTable } from './memory-report.js';

/** @typedef {import('./memory.js').MemoryToolResult} MemoryToolResult */
/** @typedef {import('./memory-session.js').MemoryPoint} MemoryPoint */

const MiB = 2 ** 20;

/**
 * @param {string} tool
 * @param {MemoryPoint[]} points
 * @param {Partial<MemoryToolResult>} [extra]
 * @returns {MemoryToolResult}
 */
function result(tool, points, extra = {}) {
  return { tool, points, restarts: false, resaves: 0, notes: [], ...extra };
}

/**
 * @param {number} edits
 * @param {number} heap
 * @returns {MemoryPoint}
 */
function point(edits, heap) {
  return { edits, heap, rss: heap * 4, groupRss: heap * 5, fullGc: true };
}

/**
 * Cells of the table row for tool and measure.
 * @param {string} table
 * @param {string} tool
 * @param {string} measure
 */
function row(table, tool, measure) {
  const line = table.split('\n').find((l) => l.includes(`| ${tool} `) && l.includes(`| ${measure} `));
  return line?.split('|').map((c) => c.trim()) ?? [];
}

describe('growthPerEdit', () => {
  it('divides the growth between two checkpoints by the edits between them', () => {
    const points = [point(0, 10 * MiB), point(200, 10 * MiB + 2048), point(1000, 10 * MiB + 10_240)];
    expect(growthPerEdit(points, 'heap', 0, 1000)).toBeCloseTo(10.24);
    expect(growthPerEdit(points, 'heap', 200, 1000)).toBeCloseTo(10.24);
  });

  it('is negative when memory shrank', () => {
    expect(growthPerEdit([point(0, 2000), point(10, 1000)], 'heap', 0, 10)).toBe(-100);
  });

  it('is undefined when a checkpoint was not sampled', () => {
    expect(growthPerEdit([point(0, 2000)], 'heap', 0, 1000)).toBeUndefined();
  });
});

describe('memoryTable', () => {
  const checkpoints = [0, 1, 50];

  it('has a column per checkpoint and the growth per edit in bytes', () => {
    const table = memoryTable(
      [
        {
          size: 500,
          results: [
            result('hot-node', [point(0, 10 * MiB), point(1, 10 * MiB), point(50, 10 * MiB + 5000)], {
              editMs: 12.34,
            }),
          ],
        },
      ],
      checkpoints,
    );
    expect(table.split('\n')[0]).toContain('| 0 edits | 1    | 50   | B/edit 0→50 | B/edit 1→50 |');
    expect(row(table, 'hot-node', 'heap MiB').slice(4, 10)).toEqual([
      '10.0',
      '10.0',
      '10.0',
      '100',
      '102',
      '12.3',
    ]);
  });

  it('gives every tool a heap, an RSS and an all-processes RSS row', () => {
    const table = memoryTable([{ size: 50, results: [result('bun --hot', [point(0, MiB)])] }], checkpoints);
    expect(row(table, 'bun --hot', 'heap MiB')[4]).toBe('1.0');
    expect(row(table, 'bun --hot', 'RSS MiB')[4]).toBe('4.0');
    expect(row(table, 'bun --hot', 'RSS all MiB')[4]).toBe('5.0');
  });

  it("adds a heap row without V8's code space for a tool whose probe reported it", () => {
    const points = [{ ...point(0, 3 * MiB), heapWithoutCode: 2 * MiB }];
    const results = [result('hot-node', points), result('bun --hot', [point(0, MiB)])];
    const table = memoryTable([{ size: 50, results }], checkpoints);
    expect(row(table, 'hot-node', 'heap w/o code MiB')[4]).toBe('2.0');
    expect(row(table, 'bun --hot', 'heap MiB')[4]).toBe('1.0');
    expect(row(table, 'bun --hot', 'heap w/o code MiB')).toEqual([]);
  });

  it('leaves the checkpoints a tool did not reach empty', () => {
    const table = memoryTable(
      [{ size: 50, results: [result('tsx watch', [point(0, MiB)], { restarts: true })] }],
      checkpoints,
    );
    expect(row(table, 'tsx watch', 'heap MiB').slice(4, 10)).toEqual(['1.0', '-', '-', '-', '-', '-']);
  });

  it('shows a tool without samples as unavailable', () => {
    const table = memoryTable(
      [{ size: 50, results: [result('bun --hot', [], { unavailable: 'not installed' })] }],
      checkpoints,
    );
    expect(row(table, 'bun --hot', '-')[4]).toBe('unavailable');
  });
});

describe('memoryNotes', () => {
  it('says why leaf edits were not sampled', () => {
    const notes = memoryNotes([
      {
        size: 500,
        results: [result('vite-node', [point(0, MiB)], { notApplied: 'the first leaf edit did not show' })],
      },
    ]);
    expect(notes).toEqual([
      '500 modules, vite-node: leaf edits not applied, only the fresh process was sampled: `the first leaf edit did not show`',
    ]);
  });

  it('tells when the probe gave no sample', () => {
    const notes = memoryNotes([
      { size: 50, results: [result('x', [{ edits: 0, problem: 'no answer from the memory probe' }])] },
    ]);
    expect(notes).toEqual(['50 modules, x: no heap sample: `no answer from the memory probe`']);
  });
});
