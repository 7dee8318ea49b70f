import { describe, expect, it } from 'vitest';
import { INSTANCE_FIELDS, ModuleRecord } from '../../src/runner/module-record.js';

/** A record whose every version field holds a value of its own, to see what moves where. */
function recordWithMarkedFields(): { record: ModuleRecord; marks: Map<string, unknown> } {
  const record = new ModuleRecord('file:///a.ts', '/a.ts', 'module', false);
  const marks = new Map<string, unknown>();
  for (const field of INSTANCE_FIELDS) {
    const mark = { field };
    marks.set(field, mark);
    (record as unknown as Record<string, unknown>)[field] = mark;
  }
  return { record, marks };
}

describe('module record versions', () => {
  it('captures every field of a version', () => {
    const { record, marks } = recordWithMarkedFields();
    const captured = record.captureInstance() as unknown as Record<string, unknown>;
    for (const field of INSTANCE_FIELDS) expect(captured[field], field).toBe(marks.get(field));
  });

  it('restores every field of a captured version', () => {
    const { record: source, marks } = recordWithMarkedFields();
    const captured = source.captureInstance();
    const record = new ModuleRecord('file:///a.ts', '/a.ts', 'module', false);
    // `requested` is walked on restore: the marked version imports nothing.
    record.restoreInstance({ ...captured, requested: [] });
    for (const field of INSTANCE_FIELDS) {
      if (field === 'requested') continue;
      expect((record as unknown as Record<string, unknown>)[field], field).toBe(marks.get(field));
    }
  });

  it('a reset leaves a new version in every field', () => {
    const record = new ModuleRecord('file:///a.ts', '/a.ts', 'module', false);
    const fresh = record.captureInstance();
    const { record: used } = recordWithMarkedFields();
    used.requested = [];
    used.resetInstance();
    expect(used.captureInstance()).toEqual(fresh);
  });
});
