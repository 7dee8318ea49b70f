import { afterEach, describe, expect, it } from 'vitest';
import { useFixtures } from './helpers.js';

const { project, runner } = useFixtures();

afterEach(() => {
  delete (globalThis as Record<string, unknown>).hotNodeTypesRan;
});

describe('TypeScript imports', () => {
  it('resolve through tsconfig paths', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'tsconfig.json': { compilerOptions: { paths: { '@lib/*': ['./src/lib/*'] } } },
      'src/lib/math.ts': 'export const add = (a: number, b: number): number => a + b;',
      'src/main.ts': "import { add } from '@lib/math';\nexport const sum = add(1, 2);",
    });
    const ns = await runner(app).import('./src/main.ts');
    expect(ns.sum).toBe(3);
  });

  it('resolve a .js specifier to the .ts file', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'util.ts': "export const kind: string = 'ts';",
      'main.ts': "export { kind } from './util.js';",
    });
    const ns = await runner(app).import('./main.ts');
    expect(ns.kind).toBe('ts');
  });

  it('resolve extensionless specifiers', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'util.ts': "export const kind: string = 'extensionless';",
      'main.ts': "export { kind } from './util';",
    });
    const ns = await runner(app).import('./main.ts');
    expect(ns.kind).toBe('extensionless');
  });

  it('resolve a directory to its index file', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'feature/index.ts': "export const kind: string = 'index';",
      'main.ts': "export { kind } from './feature';",
    });
    const ns = await runner(app).import('./main.ts');
    expect(ns.kind).toBe('index');
  });

  it('leave out an import used only as a type: its module does not run', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'types.ts':
        '(globalThis as Record<string, unknown>).hotNodeTypesRan = true;\nexport interface Shape { sides: number }\nexport class Unused {}',
      'main.ts': [
        "import { Shape, Unused } from './types.ts';",
        'const square: Shape = { sides: 4 };',
        'let unused: Unused | undefined;',
        "export const ran = 'hotNodeTypesRan' in globalThis;",
        'export const sides = square.sides;',
      ].join('\n'),
    });
    const ns = await runner(app).import('./main.ts');
    expect(ns).toMatchObject({ ran: false, sides: 4 });
  });
});

describe('the covering tsconfig', () => {
  /** Records what a method decorator receives: legacy decorators get a property descriptor, standard ones a context. */
  const decorated = [
    'export const seen: string[] = [];',
    'function record(_target: unknown, second: unknown, third?: unknown): void {',
    "  seen.push(typeof second === 'string' ? 'legacy ' + typeof third : 'standard ' + (second as { kind: string }).kind);",
    '}',
    'export class Service {',
    '  @record',
    '  run(): void {}',
    '}',
  ].join('\n');

  it('with experimentalDecorators gives legacy decorators', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'tsconfig.json': { compilerOptions: { target: 'ES2022', experimentalDecorators: true } },
      'service.ts': decorated,
    });
    const ns = await runner(app).import('./service.ts');
    expect(ns.seen).toEqual(['legacy object']);
  });

  it('without experimentalDecorators gives standard decorators', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'tsconfig.json': { compilerOptions: { target: 'ES2022' } },
      'service.ts': decorated,
    });
    const ns = await runner(app).import('./service.ts');
    expect(ns.seen).toEqual(['standard method']);
  });

  it('of each folder decides useDefineForClassFields for its files', async () => {
    const box =
      "export class Box { value: number | undefined; }\nexport const own = Object.hasOwn(new Box(), 'value');";
    const app = project({
      'package.json': { type: 'module' },
      'tsconfig.json': { compilerOptions: { target: 'ES2022', useDefineForClassFields: true } },
      'define/box.ts': box,
      'assign/tsconfig.json': { compilerOptions: { target: 'ES2022', useDefineForClassFields: false } },
      'assign/box.ts': box,
    });
    const modules = runner(app);
    const define = await modules.import('./define/box.ts');
    const assign = await modules.import('./assign/box.ts');
    expect([define.own, assign.own]).toEqual([true, false]);
  });

  it('with a target before ES2022 and no useDefineForClassFields assigns class fields, as TypeScript does', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'tsconfig.json': { compilerOptions: { target: 'ES2020' } },
      'box.ts': [
        'export class Box { declared: number | undefined; set = 1; }',
        "export const own = [Object.hasOwn(new Box(), 'declared'), Object.hasOwn(new Box(), 'set')];",
      ].join('\n'),
    });
    const ns = await runner(app).import('./box.ts');
    expect(ns.own).toEqual([false, true]);
  });

  it('without a jsx option compiles JSX to calls of React.createElement in scope, as esbuild and TypeScript do', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'view.tsx': [
        'const React = { createElement: (type: unknown, props: unknown, ...children: unknown[]) => ({ type, props, children }), Fragment: "frag" };',
        'export const tree = <><b id="x">hi</b></>;',
      ].join('\n'),
    });
    const ns = await runner(app).import('./view.tsx');
    expect(ns.tree).toEqual({
      type: 'frag',
      props: null,
      children: [{ type: 'b', props: { id: 'x' }, children: ['hi'] }],
    });
  });

  it('with jsxFactory and jsxFragmentFactory calls those', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'tsconfig.json': { compilerOptions: { jsxFactory: 'h', jsxFragmentFactory: 'Frag' } },
      'view.tsx': [
        'const h = (type: unknown, _props: unknown, ...children: unknown[]) => [type, ...children];',
        'const Frag = "frag";',
        'export const tree = <><i>1</i></>;',
      ].join('\n'),
    });
    const ns = await runner(app).import('./view.tsx');
    expect(ns.tree).toEqual(['frag', ['i', '1']]);
  });

  it('with jsx: react-jsx compiles JSX in .tsx files to calls of react/jsx-runtime', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'tsconfig.json': { compilerOptions: { target: 'ES2022', jsx: 'react-jsx' } },
      'node_modules/react/package.json': {
        name: 'react',
        exports: { './jsx-runtime': './jsx-runtime.js' },
      },
      'node_modules/react/jsx-runtime.js': [
        "exports.Fragment = 'fragment';",
        'exports.jsx = (type, props) => ({ type, props, static: false });',
        'exports.jsxs = (type, props) => ({ type, props, static: true });',
      ].join('\n'),
      'view.tsx': [
        'type Props = { name: string };',
        'const Greeting = ({ name }: Props) => <p title={name}>Hello {name}</p>;',
        "export const tree = <Greeting name='x' />;",
        'export const rendered = Greeting({ name: "y" });',
      ].join('\n'),
    });
    const ns = await runner(app).import('./view.tsx');
    expect((ns.tree as { props: object }).props).toEqual({ name: 'x' });
    expect(ns.rendered).toEqual({
      type: 'p',
      props: { title: 'y', children: ['Hello ', 'y'] },
      static: true,
    });
  });
});

describe('TypeScript-only syntax', () => {
  it('runs enums, namespaces and parameter properties', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'main.ts': [
        'enum Color { Red = 1, Green }',
        'namespace Shapes { export const sides = 4; }',
        'class Point { constructor(public x: number, private y: number) {} sum() { return this.x + this.y; } }',
        'export const values = [Color.Green, Color[1], Shapes.sides, new Point(1, 2).sum()];',
      ].join('\n'),
    });
    const ns = await runner(app).import('./main.ts');
    expect(ns.values).toEqual([2, 'Red', 4, 3]);
  });

  it('runs using declarations: disposed at the end of their block', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'main.ts': [
        'export const events: string[] = [];',
        '{',
        "  using resource = { [Symbol.dispose]: () => events.push('disposed') };",
        "  events.push('in block');",
        '}',
      ].join('\n'),
    });
    const ns = await runner(app).import('./main.ts');
    expect(ns.events).toEqual(['in block', 'disposed']);
  });

  it('runs a .mts file as an ES module', async () => {
    const app = project({
      'package.json': { type: 'commonjs' },
      'main.mts': 'const value: number = 1;\nexport const kind = typeof module;\nexport { value };',
    });
    const ns = await runner(app).import('./main.mts');
    expect(ns).toMatchObject({ kind: 'undefined', value: 1 });
  });
});
