import { dumpNamespacesLater } from '../differential/generate.js';
import type { Random } from '../differential/random.js';
import { commonJsFile, importCommonJs } from './commonjs.js';
import { DEFAULT_FORMS } from './default-exports.js';
import {
  type Edge,
  fileOf,
  type GraphShape,
  type ModuleShape,
  nameOf,
  ownDeclaredEntries,
  specifierOf,
} from './module-graph.js';
import type { Binding, SnippetContext } from './snippet-context.js';
import { snippetsFor } from './snippets.js';
import { TYPESCRIPT_SNIPPETS } from './typescript-snippets.js';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Names an import may take that are keywords in some places only (`async`, `of`, `get`,
 * TypeScript's `type` or `declare`), or that name globals and CommonJS variables: a
 * reference must still be told from the syntax around it. Not the globals the generated
 * code itself uses (`Promise`, `Object`, `console`...), nor reserved words of strict code.
 */
const WORD_LIKE_ALIASES = [
  'async',
  'of',
  'get',
  'set',
  'as',
  'from',
  'target',
  'meta',
  'type',
  'declare',
  'abstract',
  'readonly',
  'accessor',
  'module',
  'namespace',
  'require',
  'exports',
  '__filename',
  'process',
  'name',
  'undefined',
];

/** One emitted module and the features its snippets exercise. */
export interface EmittedModule {
  readonly content: string;
  readonly features: string[];
}

/**
 * Writes one ES module of the graph: imports (every edge kind), its own exports, its default
 * export, random snippets over its bindings with a top-level await among them, and for
 * `main` a final dump of every module's namespace once all timers of the evaluation fired.
 */
export function emitModule(module: ModuleShape, graph: GraphShape, random: Random): EmittedModule {
  const i = module.index;
  const self = nameOf(i);
  const ts = module.typescript;
  const used = new Set<string>();
  const lines = ["import { show } from './show.js';"];
  const bindings: Binding[] = [];
  const typeOnly: string[] = [];
  const declare = (local: string, kind: Binding['kind'], imported: boolean): void => {
    used.add(local);
    bindings.push({ local, kind, imported });
  };
  for (const entry of ownDeclaredEntries(module)) used.add(entry.name);
  used.add('dup');

  for (const edge of module.edges)
    lines.push(...importLines(module, edge, graph, random, used, declare, typeOnly));
  for (const edge of module.commonjs) {
    const imported = importCommonJs(edge, graph.commonjs, (names) =>
      random.shuffle(names).slice(0, random.int(1, 2)),
    );
    lines.push(...imported.lines);
    for (const binding of imported.bindings) declare(binding.local, binding.kind, binding.imported);
  }
  for (const alias of typeOnly) lines.push(`type ${alias}_type = typeof ${alias};`);

  lines.push(`console.log('${self} start');`);
  lines.push(...ownDeclarations(module));
  for (const entry of ownDeclaredEntries(module))
    bindings.push({ local: entry.name, kind: entry.kind, imported: false });

  let counter = 0;
  const context: SnippetContext = {
    random,
    module: i,
    typescript: ts,
    microtasks: graph.microtasks,
    fresh: (stem) => `${stem}_${i}_${counter++}`,
    label: (what) => JSON.stringify(`${self} #${counter++} ${what}`),
  };
  const features: string[] = [];
  const blocks: string[][] = [];
  const snippetCount = random.int(2, i === 0 ? 7 : 5);
  const imported = bindings.filter((binding) => binding.imported);
  for (let n = 0; n < snippetCount; n++) {
    const pool = imported.length > 0 && random.chance(0.85) ? imported : bindings;
    const binding = random.pick(pool);
    const candidates = [...snippetsFor(binding, context), ...(ts ? TYPESCRIPT_SNIPPETS : [])];
    const snippet = random.pick(candidates);
    const code = snippet.emit(context, binding);
    if (code.length === 0) continue;
    features.push(snippet.feature);
    blocks.push(code);
  }
  const defaultLines = DEFAULT_FORMS[module.defaultForm].emit(i);
  blocks.splice(random.int(0, blocks.length), 0, defaultLines);

  const split = module.topLevelAwait === 'none' ? blocks.length : random.int(0, blocks.length);
  for (const block of blocks.slice(0, split)) lines.push(...block);
  if (module.topLevelAwait !== 'none') {
    features.push(`tla-${module.topLevelAwait}`);
    lines.push(...topLevelAwait(module), `console.log('${self} resumed');`);
    for (const block of blocks.slice(split)) lines.push(...block);
  }
  if (ts) {
    // esbuild drops an import no value position uses, and with it the module's evaluation:
    // keeping every import used keeps the evaluation order the graph describes.
    const values = bindings.filter((binding) => binding.imported).map((binding) => binding.local);
    if (values.length > 0)
      lines.push(`function keepImports_${i}() {`, `  return [${values.join(', ')}];`, '}');
  }
  if (graph.ending === 'module-throws' && i === graph.modules.length - 1 && i !== 0) {
    lines.push(`throw new RangeError('${self} fails on purpose');`);
  }
  lines.push(`console.log('${self} end');`);
  if (i === 0) {
    lines.push(...finalDump(graph));
    if (graph.ending === 'main-throws') lines.push("throw new TypeError('main fails on purpose');");
  }
  return { content: `${lines.join('\n')}\n`, features };
}

function ownDeclarations(module: ModuleShape): string[] {
  const i = module.index;
  const ts = module.typescript;
  const lines = [
    `export let v${i}${ts ? ': number' : ''} = ${i * 10};`,
    `export function bump${i}()${ts ? ': number' : ''} {`,
    `  v${i} += 1;`,
    `  return v${i};`,
    '}',
  ];
  const own = module.own;
  if (own.has('const')) lines.push(`export const c${i} = 'c${i}';`);
  if (own.has('class')) {
    lines.push(
      `export class K${i} {`,
      `  static id = ${i};`,
      ts
        ? `  constructor(public value: number = ${i}) {}`
        : `  constructor(value = ${i}) { this.value = value; }`,
      '}',
    );
  }
  if (own.has('var')) lines.push(`export var w${i} = 'w${i}';`);
  if (own.has('generator'))
    lines.push(`export function* g${i}() {`, `  yield v${i};`, `  yield* [${i}];`, '}');
  if (own.has('async')) {
    // Called from a cycle before this module ran, it must not reject unhandled (v is in its TDZ).
    lines.push(
      `export async function af${i}() {`,
      '  await null;',
      '  try {',
      `    return v${i};`,
      '  } catch {',
      "    return 'tdz';",
      '  }',
      '}',
    );
  }
  if (own.has('tag')) {
    const params = ts ? 'strings: TemplateStringsArray, ...values: unknown[]' : 'strings, ...values';
    lines.push(
      `export function tag${i}(${params}) {`,
      "  return strings.raw.join('|') + values.length;",
      '}',
    );
  }
  if (own.has('object')) {
    lines.push(
      `export const o${i} = {`,
      `  n: ${i},`,
      `  get live() { return v${i}; },`,
      `  method() { return this === o${i}; },`,
      '};',
    );
  }
  if (own.has('who')) {
    lines.push(
      `export function who${i}(${ts ? 'this: unknown' : ''}) {`,
      "  return this === undefined ? 'this undefined' : typeof this;",
      '}',
    );
  }
  if (own.has('destructured')) {
    lines.push(
      `export const { d${i}a, d${i}b: [d${i}c, ...d${i}rest] } = { d${i}a: 'a${i}', d${i}b: [${i}, 2, 3] };`,
    );
  }
  if (own.has('dup')) lines.push(`export const dup = 'dup of m${i}';`);
  if (own.has('string-name')) lines.push(`export { v${i} as 'v${i} str' };`);
  if (own.has('ts-enum')) lines.push(`export enum E${i} { A = ${i}, B, C = 'c' }`);
  if (own.has('ts-namespace')) {
    lines.push(
      `export namespace N${i} {`,
      `  export const n = ${i};`,
      `  export function read() { return v${i}; }`,
      '}',
    );
  }
  return lines;
}

function importLines(
  module: ModuleShape,
  edge: Edge,
  graph: GraphShape,
  random: Random,
  used: Set<string>,
  declare: (local: string, kind: Binding['kind'], imported: boolean) => void,
  typeOnly: string[],
): string[] {
  const i = module.index;
  const to = edge.to;
  const spec = `'${specifierOf(to)}'`;
  const target = graph.modules[to]!;
  const defaultKind = (): Binding['kind'] => {
    const owner = target.defaultForm !== 'none' ? target : graph.modules[target.defaultFrom!]!;
    return DEFAULT_FORMS[owner.defaultForm].kind;
  };
  const named = (): string => {
    const specifiers = edge.names.map((entry) => {
      const imported = IDENTIFIER.test(entry.name) ? entry.name : `'${entry.name}'`;
      if (
        IDENTIFIER.test(entry.name) &&
        !used.has(entry.name) &&
        edge.kind !== 'type-only' &&
        random.chance(0.4)
      ) {
        declare(entry.name, entry.kind, true);
        return imported;
      }
      const wordLike = WORD_LIKE_ALIASES.filter((word) => !used.has(word));
      const alias =
        edge.kind !== 'type-only' && wordLike.length > 0 && random.chance(0.15)
          ? random.pick(wordLike)
          : `${entry.name.replace(/\W/g, '_')}_from${to}`;
      if (edge.kind === 'type-only') typeOnly.push(alias);
      else declare(alias, entry.kind, true);
      return `${imported} as ${alias}`;
    });
    return `{ ${specifiers.join(', ')} }`;
  };
  switch (edge.kind) {
    case 'named':
      return [`import ${named()} from ${spec};`];
    case 'type-only':
      return [`import type ${named()} from ${spec};`];
    case 'namespace':
      declare(`ns_from${to}`, 'namespace', true);
      return [`import * as ns_from${to} from ${spec};`];
    case 'default':
      declare(`default_from${to}`, defaultKind(), true);
      return [`import default_from${to} from ${spec};`];
    case 'default-and-named': {
      declare(`default_from${to}`, defaultKind(), true);
      return [`import default_from${to}, ${named()} from ${spec};`];
    }
    case 'default-and-namespace':
      declare(`default_from${to}`, defaultKind(), true);
      declare(`ns_from${to}`, 'namespace', true);
      return [`import default_from${to}, * as ns_from${to} from ${spec};`];
    case 'side-effect':
      return [`import ${spec};`];
    case 'star':
      return [`export * from ${spec};`];
    case 'star-as':
      return [`export * as ns${i}_${to} from ${spec};`];
    case 'rename-from':
      return [`export { v${to} as r${i}_${to} } from ${spec};`];
    case 'import-reexport':
      declare(`v${to}_local`, 'primitive', true);
      return [`import { v${to} as v${to}_local } from ${spec};`, `export { v${to}_local as q${i}_${to} };`];
    case 'default-from':
      return [
        module.defaultFrom === to
          ? `export { default } from ${spec};`
          : `export { default as dflt${i}_${to} } from ${spec};`,
      ];
  }
}

const AWAITS: Record<Exclude<ModuleShape['topLevelAwait'], 'none'>, (i: number) => string[]> = {
  null: () => ['await null;'],
  resolve: () => ['await Promise.resolve();'],
  // Every timer has the same delay, so timers fire in creation order whatever the machine's speed.
  timer: () => ['await new Promise((resolve) => setTimeout(resolve, 1));'],
  'for-await': (i) => [
    `for await (const step of [1, Promise.resolve(2)]) console.log('m${i} step ' + step);`,
  ],
  value: (i) => [
    `const awaited${i} = await Promise.resolve(v${i});`,
    `console.log('m${i} awaited ' + awaited${i});`,
  ],
};

function topLevelAwait(module: ModuleShape): string[] {
  if (module.topLevelAwait === 'none') return [];
  return AWAITS[module.topLevelAwait](module.index);
}

/**
 * Once the whole graph has run and every 1 ms timer created while it ran has fired, prints
 * every module's namespace through import().
 */
function finalDump(graph: GraphShape): string[] {
  const files = [
    ...graph.modules.map((module) => `'${specifierOf(module.index)}'`),
    ...graph.commonjs
      .filter((shape) => !shape.requiredNatively)
      .map((shape) => `'./${commonJsFile(shape.index)}'`),
  ];
  return dumpNamespacesLater(files);
}

/** The module's file name in the program. */
export function moduleFile(module: ModuleShape): string {
  return fileOf(module.index, module.typescript);
}
