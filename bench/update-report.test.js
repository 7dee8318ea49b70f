import { describe, expect, it } from 'vitest';
import { updateNotes, updateTable } from './update-report.js';

/** @typedef {import('./update-session.js').EditSample} EditSample */

/**
 * @param {'leaf' | 'mid' | 'router'} kind
 * @param {number | undefined} ms
 * @param {Partial<EditSample>} [extra]
 * @returns {EditSample}
 */
function sample(kind, ms, extra = {}) {
  return ms === undefined
    ? { kind, timeout: 'no page', requests: 1, ...extra }
    : { kind, ms, applied: 'in place', requests: 1, ...extra };
}

/**
 * @param {string} tool
 * @param {EditSample[]} samples
 * @returns {import('./update-latency.js').UpdateToolResult}
 */
function result(tool, samples) {
  return { tool, samples, recoveries: [], notApplied: [], notes: [] };
}

/**
 * Cells of the table row for tool and kind.
 * @param {string} table
 * @param {string} tool
 * @param {string} kind
 */
function row(table, tool, kind) {
  const line = table.split('\n').find((l) => l.includes(`| ${tool} `) && l.includes(`| ${kind} `));
  return line?.split('|').map((c) => c.trim()) ?? [];
}

describe('updateTable', () => {
  it('compares medians with the baseline of the same edit kind', () => {
    const table = updateTable(
      [
        {
          size: 50,
          results: [
            result('vite-runner', [sample('leaf', 20), sample('router', 10)]),
            result('hot-node', [sample('leaf', 10), sample('router', 30)]),
          ],
        },
      ],
      'vite-runner',
    );
    expect(row(table, 'hot-node', 'leaf')).toContain('0.50×');
    expect(row(table, 'hot-node', 'router')).toContain('3.00×');
  });

  it('counts timeouts apart from the timed edits', () => {
    const table = updateTable(
      [{ size: 50, results: [result('tsx', [sample('leaf', 900), sample('leaf', undefined)])] }],
      'vite-runner',
    );
    const cells = row(table, 'tsx', 'leaf');
    expect(cells.slice(4, 9)).toEqual(['900', '900', '900', '1', '1']);
  });

  it('counts how edits were applied when they differ', () => {
    const table = updateTable(
      [
        {
          size: 50,
          results: [
            result('x', [sample('leaf', 1), sample('leaf', 2), sample('leaf', 3, { applied: 'restart' })]),
          ],
        },
      ],
      'vite-runner',
    );
    expect(row(table, 'x', 'leaf')).toContain('in place ×2, restart ×1');
  });

  it('shows an edit kind the tool did not apply as not applied', () => {
    const r = result('vite-node', []);
    r.notApplied.push({ kind: 'leaf', reason: 'no page with <!--x v1-->' });
    const table = updateTable([{ size: 50, results: [r] }], 'vite-runner');
    expect(row(table, 'vite-node', 'leaf')[4]).toBe('not applied');
    expect(row(table, 'vite-node', 'mid')[4]).toBe('failed');
  });

  it('adds trace columns only when a trace was read', () => {
    const plain = updateTable(
      [{ size: 50, results: [result('hot-node', [sample('leaf', 5)])] }],
      'vite-runner',
    );
    const traced = updateTable(
      [{ size: 50, results: [result('hot-node', [sample('leaf', 5, { trace: { event: 1, done: 4 } })])] }],
      'vite-runner',
    );
    expect(plain).not.toContain('transformed ms');
    expect(traced).toContain('transformed ms');
    expect(row(traced, 'hot-node', 'leaf').slice(-5, -1)).toEqual(['1.0', '-', '-', '4.0']);
  });
});

describe('updateNotes', () => {
  it('says which edit kinds were not applied, and why', () => {
    const r = result('vite-node', []);
    r.notApplied.push({ kind: 'router', reason: 'HTTP 500' });
    expect(updateNotes([{ size: 50, results: [r] }])).toEqual([
      '50 modules, vite-node: router edits not applied (left out after a warm-up edit that did not show, even saved again): `HTTP 500`',
    ]);
  });

  it('tells when a tool had to be saved again or started again', () => {
    const r = result('vite-runner', []);
    r.recoveries.push('saved again after: leaf edit timed out', 'started again after: gone');
    const notes = updateNotes([{ size: 500, results: [r] }]);
    expect(notes).toEqual([
      '500 modules, vite-runner: missed an edit or stopped serving; saved again 1×, first after: `leaf edit timed out`',
      '500 modules, vite-runner: missed an edit or stopped serving; started again 1×, first after: `gone`',
    ]);
  });
});
