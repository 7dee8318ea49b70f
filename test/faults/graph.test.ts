import { describe, expect, it } from 'vitest';
import { expectStateKept, handlerSource, useFaultApp } from './fault-app.js';

const { start } = useFaultApp();

/** Two modules importing each other, both with top-level await; `b` reads `a` only when called. */
function cycle(edition: string): Record<string, string> {
  return {
    'cycle-a.ts': [
      "import { describe, edition } from './cycle-b.ts';",
      'await new Promise((resolve) => setTimeout(resolve, 5));',
      "export const label = 'a1+' + edition;",
      'export { describe };',
      '',
    ].join('\n'),
    'cycle-b.ts': [
      "import { label } from './cycle-a.ts';",
      'await new Promise((resolve) => setTimeout(resolve, 5));',
      `export const edition = '${edition}';`,
      'export function describe(): string {',
      "  return label + '/' + edition;",
      '}',
      '',
    ].join('\n'),
  };
}

/** A module of an import cycle whose new versions always pass the update on with `invalidate()`. */
function invalidating(name: string, other: string, edition = 1): string {
  return [
    `import './${other}.ts';`,
    'import.meta.hot?.accept();',
    `if (import.meta.hot?.data.ran) import.meta.hot.invalidate('${name} cannot be updated in place');`,
    'if (import.meta.hot) import.meta.hot.data.ran = true;',
    `export const edition = ${edition};`,
    '',
  ].join('\n');
}

describe('faults of the module graph', () => {
  it('an edit in an import cycle with top-level await re-runs the cycle in native order', async () => {
    const app = await start({
      files: {
        'handler.ts': handlerSource('', {
          top: "import { describe } from './cycle-a.ts';",
          labelExpression: 'describe()',
        }),
        ...cycle('b1'),
      },
    });
    expect(await app.request()).toMatch(/^a1\+b1\/b1 /);
    app.project.write('cycle-b.ts', cycle('b2')['cycle-b.ts']!);
    // a ran again after b (it reads b's new edition), and b's function sees a's new label.
    await app.servedBy('a1+b2/b2');
    await app.waitForMessage(/hot update cycle-b\.ts/);
    expectStateKept(app);
  });

  it('an invalidate loop becomes a full reload, never a hang', async () => {
    const app = await start({
      files: {
        'handler.ts': handlerSource('v1', { top: "import './loop-a.ts';" }),
        'loop-a.ts': invalidating('loop-a', 'loop-b'),
        'loop-b.ts': invalidating('loop-b', 'loop-a'),
      },
    });
    await app.request();
    app.project.write('loop-a.ts', invalidating('loop-a', 'loop-b', 2));
    await app.waitForMessage(/full reload after loop-a\.ts[^\n]*invalidat/);
    expect(await app.request()).toMatch(/^v1 /);
    // The engine is free again: the next edit is applied.
    app.project.write('handler.ts', handlerSource('v2', { top: "import './loop-a.ts';" }));
    await app.servedBy('v2');
    expectStateKept(app);
  });
});
