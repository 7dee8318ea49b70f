import { describe, expect, it } from 'vitest';
import { deferredSourceMap } from '../../src/evaluator/deferred-source-map.js';
import { rewriteModule } from '../../src/evaluator/esm-rewrite.js';
import type { RawSourceMap } from '../../src/evaluator/source-maps.js';
import { originalLocationIn } from '../../src/evaluator/source-position.js';

const MAP: RawSourceMap = { version: 3, file: 'out.js', sources: ['in.ts'], names: [], mappings: 'AAAA' };

describe('a deferred source map', () => {
  it('is not generated until one of its fields is read, and then only once', () => {
    let generated = 0;
    const map = deferredSourceMap(() => {
      generated++;
      return MAP;
    });
    expect(generated).toBe(0);
    expect([map.mappings, map.sources, map.version]).toEqual(['AAAA', ['in.ts'], 3]);
    expect(generated).toBe(1);
  });

  it('is generated a moment after it was made when nothing read it', async () => {
    let generated = 0;
    deferredSourceMap(() => {
      generated++;
      return MAP;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(generated).toBe(1);
  });

  it('serializes to JSON and clones across threads as the plain map', () => {
    const map = deferredSourceMap(() => MAP);
    expect(JSON.parse(JSON.stringify(map))).toEqual(MAP);
    expect(structuredClone(map)).toEqual(MAP);
  });

  it("of the ES module rewrite maps the rewritten code back to the rewrite's input", () => {
    const input = "import { a } from './a.js';\nexport const b = 1;\nconsole.log(a, b);\n";
    const { code, map } = rewriteModule(input, 'in.js');
    const line = code.split('\n').findIndex((text) => text.includes('console.log'));
    const column = code.split('\n')[line]!.indexOf('console.log');
    expect(originalLocationIn(map, line + 1, column)).toMatchObject({ line: 3, column: 0 });
  });
});
