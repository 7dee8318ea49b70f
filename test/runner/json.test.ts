import { describe, expect, it } from 'vitest';
import { rejectionOf, useFixtures } from './helpers.js';

const { project, runner } = useFixtures();

/** Node 20 names these errors after import assertions, Node 22 and later after attributes. */
const LEGACY = Number(process.versions.node.split('.')[0]) < 22;
const MISSING_ATTRIBUTE = LEGACY ? 'ERR_IMPORT_ASSERTION_TYPE_MISSING' : 'ERR_IMPORT_ATTRIBUTE_MISSING';
const INCOMPATIBLE_TYPE = LEGACY
  ? 'ERR_IMPORT_ASSERTION_TYPE_FAILED'
  : 'ERR_IMPORT_ATTRIBUTE_TYPE_INCOMPATIBLE';

const data = { name: 'hot-node', list: [1, 2, 3] };

describe('JSON modules', () => {
  it('gives the parsed value as the default export, and nothing else', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'data.json': data,
      'main.js': [
        "import value from './data.json' with { type: 'json' };",
        "import * as ns from './data.json' with { type: 'json' };",
        'export { value };',
        'export const keys = Object.keys(ns);',
      ].join('\n'),
    });
    const ns = await runner(app).import('./main.js');
    expect(ns.value).toEqual(data);
    expect(ns.keys).toEqual(['default']);
  });

  it('has no named exports for the properties of the value', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'data.json': data,
      'main.js': "import { name } from './data.json' with { type: 'json' };\nexport { name };",
    });
    const error = await rejectionOf(runner(app).import('./main.js'));
    expect(error).toBeInstanceOf(SyntaxError);
    expect(error.message).toContain("does not provide an export named 'name'");
  });

  it('gives the same value to every importer', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'data.json': data,
      'a.js': "import value from './data.json' with { type: 'json' };\nexport default value;",
      'main.js': [
        "import value from './data.json' with { type: 'json' };",
        "import fromA from './a.js';",
        "const dynamic = await import('./data.json', { with: { type: 'json' } });",
        'export const same = value === fromA && value === dynamic.default;',
      ].join('\n'),
    });
    const ns = await runner(app).import('./main.js');
    expect(ns.same).toBe(true);
  });

  it('rejects an import from JavaScript without the type attribute with the code Node gives', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'data.json': data,
      'main.js': "import value from './data.json';\nexport { value };",
    });
    const error = await rejectionOf(runner(app).import('./main.js'));
    expect(error.code).toBe(MISSING_ATTRIBUTE);
  });

  it('rejects a dynamic import from JavaScript without the type attribute with the code Node gives', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'data.json': data,
      'main.js': "export const load = () => import('./data.json');",
    });
    const ns = await runner(app).import('./main.js');
    const error = await rejectionOf((ns.load as () => Promise<unknown>)());
    expect(error.code).toBe(MISSING_ATTRIBUTE);
  });

  it('lets a TypeScript file import JSON without the type attribute', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'data.json': data,
      'main.ts': "import value from './data.json';\nexport const name: string = value.name;",
    });
    const ns = await runner(app).import('./main.ts');
    expect(ns.name).toBe('hot-node');
  });

  it('rejects type: json on a JavaScript file with the code Node gives', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'lib.js': 'export default 1;',
      'main.js': "import value from './lib.js' with { type: 'json' };\nexport { value };",
    });
    const error = await rejectionOf(runner(app).import('./main.js'));
    expect(error.code).toBe(INCOMPATIBLE_TYPE);
  });

  it('rejects invalid JSON with a SyntaxError naming the file', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'broken.json': '{ "a": 1, }',
      'main.js': "import value from './broken.json' with { type: 'json' };\nexport { value };",
    });
    const error = await rejectionOf(runner(app).import('./main.js'));
    expect(error).toBeInstanceOf(SyntaxError);
    expect(error.message).toContain(app.file('broken.json'));
  });
});
