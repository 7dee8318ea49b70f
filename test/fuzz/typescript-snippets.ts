import { describeValue, type Snippet } from './snippet-context.js';

/**
 * TypeScript-only syntax that esbuild strips or lowers before the rewrite: annotations and
 * generics, enums (const, merged, computed from an import), namespaces (merged, nested,
 * `import x = N.y`), parameter properties next to class fields, `satisfies` and assertions,
 * abstract classes and overloads, and decorators (which esbuild lowers for Node 20).
 */
export const TYPESCRIPT_SNIPPETS: readonly Snippet[] = [
  {
    feature: 'ts-annotations',
    typescript: true,
    emit: (c, b) => {
      const I = c.fresh('Shape');
      const f = c.fresh('identity');
      return [
        `interface ${I} { readonly a: number; b?: string; [key: string]: unknown }`,
        `type ${I}Alias<T> = T extends string ? 'text' : { value: T };`,
        `function ${f}<const T,>(value: T, _unused?: ${I}Alias<T>): T {`,
        '  return value;',
        '}',
        `declare const ${c.fresh('declared')}: number;`,
        `show(${c.label('generic call')}, (): unknown => ${f}<unknown>(${describeValue(b)}));`,
        `show(${c.label('typed arrow')}, () => ((n: number, ...rest: string[]): [number, number] => [n, rest.length])(1, 'a'));`,
      ];
    },
  },
  {
    feature: 'ts-enum',
    typescript: true,
    emit: (c, b) => {
      const E = c.fresh('Enum');
      return c.random.pick([
        [
          `enum ${E} { A, B = 5, C, D = 'd', E = D.length }`,
          `show(${c.label('enum')}, () => [${E}.A, ${E}[5], ${E}.C, ${E}.D, ${E}.E, Object.keys(${E})]);`,
        ],
        [
          `const enum ${E} { Flag = 1 << 2, Other = Flag | 1 }`,
          `show(${c.label('const enum')}, () => [${E}.Flag, ${E}.Other]);`,
        ],
        [
          `enum ${E} { A = 1 }`,
          `enum ${E} { B = 2 }`,
          `show(${c.label('merged enum')}, () => [${E}.A, ${E}.B, ${E}[2]]);`,
        ],
        [
          `show(${c.label('enum from import')}, () => {`,
          `  enum ${E} { Read = String(${describeValue(b)}).length, Next }`,
          `  return [${E}.Read, ${E}.Next];`,
          '});',
        ],
      ]);
    },
  },
  {
    feature: 'ts-namespace',
    typescript: true,
    emit: (c, b) => {
      const N = c.fresh('Space');
      return c.random.pick([
        [
          `namespace ${N} {`,
          '  export const a = 1;',
          `  export function read() { return ${describeValue(b)}; }`,
          '}',
          `namespace ${N} {`,
          '  export const b = a + 1;',
          '}',
          `show(${c.label('merged namespace')}, () => [${N}.a, ${N}.b, ${N}.read()]);`,
        ],
        [
          `namespace ${N}.Inner.Deep {`,
          `  export const value = 'deep';`,
          '}',
          `import ${N}Alias = ${N}.Inner.Deep.value;`,
          `show(${c.label('nested namespace and import alias')}, () => [${N}.Inner.Deep.value, ${N}Alias]);`,
        ],
        [
          `function ${N}() { return 'function'; }`,
          `namespace ${N} { export const extra = 'merged into a function'; }`,
          `show(${c.label('namespace merged with function')}, () => [${N}(), ${N}.extra]);`,
        ],
      ]);
    },
  },
  {
    feature: 'ts-parameter-properties',
    typescript: true,
    emit: (c, b) => {
      const C = c.fresh('Props');
      return [
        `show(${c.label('parameter properties')}, () => {`,
        `  class ${C} {`,
        '    doubled = this.a * 2;',
        '    declare typedOnly: string;',
        `    constructor(public a: number, private readonly b: unknown = ${describeValue(b)}, protected c?: string) {}`,
        '    get both() { return [this.a, this.b, this.c]; }',
        '  }',
        `  const made = new ${C}(2);`,
        '  return [made.doubled, made.both, Object.keys(made)];',
        '});',
      ];
    },
  },
  {
    feature: 'ts-assertions',
    typescript: true,
    emit: (c, b) => {
      const X = b.local;
      return [
        c.random.pick([
          `show(${c.label('as and non-null')}, () => (${X} as unknown as { name?: string })!.name ?? typeof ${X}!);`,
          `show(${c.label('angle assertion')}, () => typeof (<unknown>${X}));`,
          `show(${c.label('satisfies')}, () => ({ read: typeof ${X} }) satisfies { read: string });`,
          `show(${c.label('as const')}, () => ([typeof ${X}, 'b'] as const).length);`,
          `show(${c.label('definite assignment')}, () => { let later!: string; later = typeof ${X}; return later; });`,
        ]),
      ];
    },
  },
  {
    feature: 'ts-classes',
    typescript: true,
    emit: (c, b) => {
      const A = c.fresh('Abstract');
      return [
        `show(${c.label('abstract class and overloads')}, () => {`,
        `  abstract class ${A} implements Iterable<unknown> {`,
        '    abstract kind(): string;',
        '    overloaded(a: string): string;',
        '    overloaded(a: number): number;',
        '    overloaded(a: string | number): string | number { return a; }',
        `    *[Symbol.iterator]() { yield ${describeValue(b)}; }`,
        '  }',
        `  class Concrete extends ${A} {`,
        "    override kind(): string { return 'concrete'; }",
        '  }',
        '  const made = new Concrete();',
        "  return [made.kind(), made.overloaded('s'), made.overloaded(1), [...made]];",
        '});',
      ];
    },
  },
  {
    feature: 'ts-decorators',
    typescript: true,
    emit: (c, b) => {
      const decorate = c.fresh('decorate');
      const C = c.fresh('Decorated');
      return [
        `function ${decorate}(_value: unknown, context: { kind: string; name?: string | symbol }) {`,
        `  console.log(${c.label('decorator')} + ' ' + context.kind + ' ' + String(context.name));`,
        '}',
        `show(${c.label('decorated class')}, () => {`,
        `  @${decorate}`,
        `  class ${C} {`,
        `    @${decorate} method() { return ${describeValue(b)}; }`,
        `    @${decorate} static field = 'static';`,
        `    @${decorate} accessor auto = 'auto';`,
        '  }',
        `  return [new ${C}().method(), ${C}.field, new ${C}().auto];`,
        '});',
      ];
    },
  },
];
