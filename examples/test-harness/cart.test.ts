import { describe, expect, it } from 'vitest';
import { freshRunners } from './fresh-runner.js';
import type * as Cart from './src/cart.js';

const freshRunner = freshRunners();

const lines = [
  { cents: 1000, quantity: 2 },
  { cents: 250, quantity: 1 },
];

describe('the cart, loaded through hot-node', () => {
  it('re-runs an edited module and its importer, and reports it', async () => {
    const { runner, edit, url } = freshRunner();
    const before = (await runner.import('./src/cart.ts')) as typeof Cart;
    expect(before.total(lines)).toBe(2700);

    const report = await runner.update([edit('src/tax.ts', 'RATE = 0.2', 'RATE = 0.1')]);

    expect(report.outcome).toBe('hot-update');
    // tax.ts accepts nothing: the update climbs to cart.ts, which accepts itself.
    expect(report.boundaries).toEqual([{ boundary: url('src/cart.ts'), acceptedVia: url('src/cart.ts') }]);
    expect(report.reEvaluated).toEqual([url('src/tax.ts'), url('src/cart.ts')]);
    expect(report.errors).toEqual([]);
    const { transformed, evaluated, done } = report.timings;
    expect(0 < transformed && transformed <= evaluated && evaluated <= done).toBe(true);
    // A namespace belongs to one version: import again for the new one.
    const after = (await runner.import('./src/cart.ts')) as typeof Cart;
    expect(after.total(lines)).toBe(2475);
  });

  it('reports an edit that throws, with a stack in the TypeScript source, and keeps the old version', async () => {
    const { runner, edit, file } = freshRunner();
    await runner.import('./src/cart.ts');

    const report = await runner.update([
      edit('src/tax.ts', 'export function withTax', "throw new Error('no rate');\nexport function withTax"),
    ]);

    expect(report.outcome).toBe('failed');
    expect(report.errors).toHaveLength(1);
    const [{ phase, module, error }] = report.errors as [(typeof report.errors)[number]];
    expect({ phase, module }).toEqual({ phase: 'evaluate', module: file('src/tax.ts') });
    expect((error as Error).stack).toContain(`${file('src/tax.ts')}:4:7`);
    const cart = (await runner.import('./src/cart.ts')) as typeof Cart;
    expect(cart.total(lines)).toBe(2700);
  });

  it('loads fresh modules for each test: no state from the test before', async () => {
    const { runner } = freshRunner();
    const cart = (await runner.import('./src/cart.ts')) as typeof Cart;
    expect(cart.totals).toBe(0);
    cart.total(lines);
    expect(cart.totals).toBe(1);
  });
});
