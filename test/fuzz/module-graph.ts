import type { Random } from '../differential/random.js';

import { DEFAULT_FORMS, type DefaultForm, defaultFormsFor } from './default-exports.js';

/** What a binding holds, as far as the snippets that use it need to know. */
export type ValueKind = 'primitive' | 'function' | 'class' | 'object' | 'namespace';

/** Optional declarations a module exports besides `v<i>` and `bump<i>`. */
export type OwnExport =
  | 'const'
  | 'class'
  | 'var'
  | 'generator'
  | 'async'
  | 'tag'
  | 'object'
  | 'who'
  | 'destructured'
  | 'dup'
  | 'string-name'
  | 'ts-enum'
  | 'ts-namespace';

export type EdgeKind =
  | 'named'
  | 'namespace'
  | 'default'
  | 'default-and-named'
  | 'default-and-namespace'
  | 'side-effect'
  | 'star'
  | 'star-as'
  | 'rename-from'
  | 'import-reexport'
  | 'default-from'
  | 'type-only';

export type TopLevelAwait = 'none' | 'null' | 'resolve' | 'timer' | 'for-await' | 'value';

/** How the program ends: normally, or with an uncaught error (its message is compared). */
export type Ending = 'normal' | 'main-throws' | 'module-throws';

/** One export name of a module and what it holds. */
export interface ExportEntry {
  readonly name: string;
  readonly kind: ValueKind;
}

export interface Edge {
  readonly to: number;
  readonly kind: EdgeKind;
  /** Names a `named` (or `default-and-named`) edge imports, chosen once all exports are known. */
  names: ExportEntry[];
}

/** A CommonJS module (`cjs<k>.cjs`) of the program, and how it builds its exports. */
export interface CommonJsShape {
  readonly index: number;
  readonly form: 'exports-props' | 'object-literal' | 'function' | 'esmodule-flag' | 'reexport';
  /** The `.cjs` module it requires (a lower index, so CommonJS modules form no cycle). */
  readonly requires: number | undefined;
  /** Loaded only by `createRequire()` of an ES module, never imported. */
  readonly requiredNatively: boolean;
}

export interface CommonJsEdge {
  readonly to: number;
  readonly kind: 'default' | 'named' | 'namespace' | 'create-require';
}

export interface ModuleShape {
  readonly index: number;
  typescript: boolean;
  readonly own: Set<OwnExport>;
  readonly defaultForm: DefaultForm;
  readonly topLevelAwait: TopLevelAwait;
  readonly edges: Edge[];
  readonly commonjs: CommonJsEdge[];
  /** `export { default } from` an edge's target gives this module its default. */
  defaultFrom: number | undefined;
}

export interface GraphShape {
  readonly modules: ModuleShape[];
  readonly commonjs: CommonJsShape[];
  readonly typescript: boolean;
  readonly ending: Ending;
  /**
   * Whether snippets may print from promise callbacks: not when the program ends in an error,
   * which hot-node takes more microtask turns than Node to end the program with.
   */
  readonly microtasks: boolean;
}

const EDGE_KINDS: readonly EdgeKind[] = [
  'named',
  'named',
  'named',
  'named',
  'namespace',
  'default',
  'default-and-named',
  'default-and-namespace',
  'side-effect',
  'star',
  'star',
  'star-as',
  'rename-from',
  'import-reexport',
  'default-from',
];

const OWN_EXPORTS: readonly OwnExport[] = [
  'const',
  'class',
  'var',
  'generator',
  'async',
  'tag',
  'object',
  'who',
  'destructured',
  'dup',
  'string-name',
];

export function fileOf(index: number, typescript: boolean): string {
  return `${index === 0 ? 'main' : `m${index}`}.${typescript ? 'ts' : 'js'}`;
}

/** The specifier other modules import a module by (TypeScript imports use `.js`, as tsc wants). */
export function specifierOf(index: number): string {
  return `./${index === 0 ? 'main' : `m${index}`}.js`;
}

export function nameOf(index: number): string {
  return index === 0 ? 'main' : `m${index}`;
}

/**
 * A random module graph: 2–8 ES modules with a spanning tree from `main` and extra edges that
 * close cycles about half of the time, some CommonJS leaves, optional TypeScript.
 */
export function shapeGraph(random: Random): GraphShape {
  const typescript = random.chance(0.3);
  const ending: Ending = random.chance(0.06)
    ? random.pick(['main-throws', 'module-throws'] as const)
    : 'normal';
  const count = random.int(2, 8);
  const modules: ModuleShape[] = Array.from({ length: count }, (_, index) => {
    const moduleTypescript = typescript && (index === 0 || random.chance(0.7));
    const own = new Set<OwnExport>(OWN_EXPORTS.filter(() => random.chance(0.3)));
    if (moduleTypescript && random.chance(0.3)) own.add('ts-enum');
    if (moduleTypescript && random.chance(0.3)) own.add('ts-namespace');
    return {
      index,
      typescript: moduleTypescript,
      own,
      defaultForm: random.chance(0.6) ? random.pick(defaultFormsFor(moduleTypescript)) : 'none',
      // A program that ends in an error has no top-level await (nor output from promise
      // callbacks, see `microtasks`): after a module throws, Node's loader ends the program
      // within 3 turns of the microtask queue, hot-node's within 8, and async code still
      // running meanwhile prints more under hot-node.
      topLevelAwait:
        ending === 'normal' && random.chance(0.25)
          ? random.pick(['null', 'resolve', 'timer', 'for-await', 'value'] as const)
          : 'none',
      edges: [],
      commonjs: [],
      defaultFrom: undefined,
    };
  });
  for (let index = 1; index < count; index++) addEdge(modules, random.int(0, index - 1), index, random, true);
  const extra = random.int(0, count);
  for (let attempt = 0; attempt < extra; attempt++) {
    const from = random.int(0, count - 1);
    const to = random.int(0, count - 1);
    if (from !== to && !modules[from]!.edges.some((edge) => edge.to === to))
      addEdge(modules, from, to, random, false);
  }
  // hot-node resolves an import written in JavaScript exactly as Node does: `./m1.js` does not
  // find `m1.ts` there (it does from TypeScript). A module importing TypeScript is TypeScript.
  for (let changed = typescript; changed; ) {
    changed = false;
    for (const module of modules) {
      if (module.typescript || !module.edges.some((edge) => modules[edge.to]!.typescript)) continue;
      module.typescript = true;
      changed = true;
    }
  }
  if (nestedAmbiguity(modules)) for (const module of modules) module.own.delete('dup');
  const commonjs = shapeCommonJs(modules, random);
  for (const module of modules) module.edges.splice(0, module.edges.length, ...random.shuffle(module.edges));
  chooseImportedNames(modules, random);
  return { modules, commonjs, typescript, ending, microtasks: ending === 'normal' };
}

type DupStatus = 'none' | 'ambiguous' | number;

/**
 * Whether a module reaches, through `export *`, a module whose `dup` is ambiguous while `dup`
 * also comes to it some other way. The spec makes the name ambiguous there too; V8 leaves the
 * ambiguous module out and keeps the other `dup` in the namespace (tc39/ecma262#722), while a
 * named import of it is a SyntaxError naming the inner module. hot-node follows the spec:
 * such programs differ by design, and `dup` is left out of them.
 */
function nestedAmbiguity(modules: readonly ModuleShape[]): boolean {
  const status = (index: number, dropNested: boolean, visiting: Set<number>): DupStatus => {
    const module = modules[index]!;
    if (module.own.has('dup')) return index;
    if (visiting.has(index)) return 'none';
    visiting.add(index);
    const origins = new Set<number>();
    let ambiguous = false;
    for (const edge of module.edges) {
      if (edge.kind !== 'star') continue;
      const found = status(edge.to, dropNested, visiting);
      if (found === 'ambiguous') ambiguous ||= !dropNested;
      else if (found !== 'none') origins.add(found);
    }
    visiting.delete(index);
    if (ambiguous || origins.size > 1) return 'ambiguous';
    return origins.size === 1 ? [...origins][0]! : 'none';
  };
  return modules.some(
    (module) => status(module.index, false, new Set()) !== status(module.index, true, new Set()),
  );
}

function addEdge(modules: ModuleShape[], from: number, to: number, random: Random, tree: boolean): void {
  const source = modules[from]!;
  const target = modules[to]!;
  let kind = random.pick(EDGE_KINDS);
  const targetHasOwnDefault = target.defaultForm !== 'none';
  if ((kind === 'default' || kind.startsWith('default-and')) && !hasDefault(target)) kind = 'named';
  // `export { default } from` only from a module whose default is its own: a chain of them
  // through a cycle would be a resolution cycle, a link error (the corpus covers those).
  if (kind === 'default-from') {
    if (!targetHasOwnDefault) kind = 'named';
    else if (source.defaultForm === 'none' && source.defaultFrom === undefined) source.defaultFrom = to;
  }
  // A type-only import loads nothing: the edges that make every module reachable stay values.
  if (kind === 'named' && source.typescript && !tree && random.chance(0.15)) kind = 'type-only';
  source.edges.push({ to, kind, names: [] });
}

function hasDefault(module: ModuleShape): boolean {
  return module.defaultForm !== 'none' || module.defaultFrom !== undefined;
}

function shapeCommonJs(modules: ModuleShape[], random: Random): CommonJsShape[] {
  if (!random.chance(0.3)) return [];
  const count = random.int(1, 3);
  const shapes: CommonJsShape[] = [];
  const requiredNatively = new Set<number>();
  for (let index = 0; index < count; index++) {
    const kind = random.pick(['default', 'named', 'named', 'namespace', 'create-require'] as const);
    let form = random.pick([
      'exports-props',
      'object-literal',
      'function',
      'esmodule-flag',
      'reexport',
    ] as const);
    // A require() from an ES module is Node's own: under hot-node a file loaded that way and
    // also imported (by an import, or another CommonJS module of the graph) runs twice, once
    // in each module system. Such a file is required from nowhere else and requires nothing.
    const candidates = [...Array(index).keys()].filter((other) => !requiredNatively.has(other));
    const requires =
      kind !== 'create-require' && candidates.length > 0 && (form === 'reexport' || random.chance(0.3))
        ? random.pick(candidates)
        : undefined;
    if (form === 'reexport' && requires === undefined) form = 'exports-props';
    if (kind === 'create-require') requiredNatively.add(index);
    shapes.push({ index, form, requires, requiredNatively: kind === 'create-require' });
    modules[random.int(0, modules.length - 1)]!.commonjs.push({ to: index, kind });
  }
  return shapes;
}

/** The bindings of the declarations every module exports under their own name. */
export function ownDeclaredEntries(module: ModuleShape): ExportEntry[] {
  const i = module.index;
  const entries: ExportEntry[] = [
    { name: `v${i}`, kind: 'primitive' },
    { name: `bump${i}`, kind: 'function' },
  ];
  const add = (name: string, kind: ValueKind): void => void entries.push({ name, kind });
  if (module.own.has('const')) add(`c${i}`, 'primitive');
  if (module.own.has('class')) add(`K${i}`, 'class');
  if (module.own.has('var')) add(`w${i}`, 'primitive');
  if (module.own.has('generator')) add(`g${i}`, 'function');
  if (module.own.has('async')) add(`af${i}`, 'function');
  if (module.own.has('tag')) add(`tag${i}`, 'function');
  if (module.own.has('object')) add(`o${i}`, 'object');
  if (module.own.has('who')) add(`who${i}`, 'function');
  if (module.own.has('destructured')) {
    add(`d${i}a`, 'primitive');
    add(`d${i}c`, 'primitive');
    add(`d${i}rest`, 'object');
  }
  if (module.own.has('ts-enum')) add(`E${i}`, 'object');
  if (module.own.has('ts-namespace')) add(`N${i}`, 'object');
  return entries;
}

/** The names and kinds module `index` exports itself (not through `export *`). */
export function ownExportEntries(module: ModuleShape, modules: readonly ModuleShape[]): ExportEntry[] {
  const i = module.index;
  const entries = ownDeclaredEntries(module);
  const add = (name: string, kind: ValueKind): void => void entries.push({ name, kind });
  if (module.own.has('dup')) add('dup', 'primitive');
  if (module.own.has('string-name')) add(`v${i} str`, 'primitive');
  if (module.defaultForm !== 'none') add('default', DEFAULT_FORMS[module.defaultForm].kind);
  for (const edge of module.edges) {
    const to = edge.to;
    if (edge.kind === 'star-as') add(`ns${i}_${to}`, 'namespace');
    if (edge.kind === 'rename-from') add(`r${i}_${to}`, 'primitive');
    if (edge.kind === 'import-reexport') add(`q${i}_${to}`, 'primitive');
    if (edge.kind === 'default-from') {
      const target = modules[to]!;
      add(module.defaultFrom === to ? 'default' : `dflt${i}_${to}`, DEFAULT_FORMS[target.defaultForm].kind);
    }
  }
  return entries;
}

/** The module's export names, following `export *` the way the spec's GetExportedNames does. */
export function exportedEntries(
  modules: readonly ModuleShape[],
  index: number,
  visited = new Set<number>(),
): Map<string, ValueKind> {
  const entries = new Map<string, ValueKind>();
  if (visited.has(index)) return entries;
  visited.add(index);
  const module = modules[index]!;
  for (const entry of ownExportEntries(module, modules)) entries.set(entry.name, entry.kind);
  for (const edge of module.edges) {
    if (edge.kind !== 'star') continue;
    for (const [name, kind] of exportedEntries(modules, edge.to, visited)) {
      if (name !== 'default' && !entries.has(name)) entries.set(name, kind);
    }
  }
  return entries;
}

function chooseImportedNames(modules: ModuleShape[], random: Random): void {
  for (const module of modules) {
    for (const edge of module.edges) {
      if (edge.kind !== 'named' && edge.kind !== 'default-and-named' && edge.kind !== 'type-only') continue;
      // 'dup' may be ambiguous through `export *`: importing it could be a link error, which
      // is not what these programs are about (the corpus covers it).
      const candidates = [...exportedEntries(modules, edge.to)]
        .filter(([name]) => name !== 'dup' && name !== 'default')
        .map(([name, kind]) => ({ name, kind }))
        .sort((a, b) => (a.name < b.name ? -1 : 1));
      edge.names = random.shuffle(candidates).slice(0, random.int(1, 3));
    }
  }
}
