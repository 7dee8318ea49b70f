import { describe, expect, it } from 'vitest';
import { rewriteModule } from '../../src/evaluator/esm-rewrite.js';

/** `count` top-level declarations, as generated code and bundles have them. */
function declarations(count: number): string {
  return Array.from({ length: count }, (_, i) => `function f${i}() { return ${i}; }`).join('\n');
}

/** The parse of a module with many declarations in one scope keeps acorn's early errors. */
describe('modules with thousands of names in one scope', () => {
  it('are parsed: 50,000 top-level functions', () => {
    const { shape } = rewriteModule(`${declarations(50_000)}\nexport { f49999 };\n`, 'generated.js');
    expect(shape.hasTopLevelAwait).toBe(false);
  });

  it('still report a name declared twice', () => {
    expect(() => rewriteModule(`${declarations(5_000)}\nlet f1234 = 0;\n`, 'generated.js')).toThrow(
      /Identifier 'f1234' has already been declared/,
    );
  });

  it('still report an export of a name that is not declared', () => {
    expect(() => rewriteModule(`${declarations(5_000)}\nexport { f5000 };\n`, 'generated.js')).toThrow(
      /Export 'f5000' is not defined/,
    );
  });

  it('still report a lexical redeclaration in a function scope of many names', () => {
    const body = Array.from({ length: 100 }, (_, i) => `let v${i} = ${i};`).join(' ');
    expect(() => rewriteModule(`function f() { ${body} var v42; }\n`, 'generated.js')).toThrow(
      /Identifier 'v42' has already been declared/,
    );
  });
});
