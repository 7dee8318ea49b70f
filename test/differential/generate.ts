import { hasCycle } from './graph-cycle.js';
import type { Program, ProgramFile } from './program.js';
import { createRandom, type Random } from './random.js';

/** Which random programs to make: the same options always give the same programs. */
export interface GenerateOptions {
  seed: number;
  count: number;
}

type TopLevelAwait = 'none' | 'null' | 'resolve' | 'timer';
type EdgeKind =
  | 'named'
  | 'namespace'
  | 'default'
  | 'side-effect'
  | 'star'
  | 'star-as'
  | 'rename-from'
  | 'import-reexport';

interface Edge {
  to: number;
  kind: EdgeKind;
  /** Export names imported by a 'named' edge, chosen once every module's export list is known. */
  names: string[];
}

interface ModuleShape {
  index: number;
  hasConst: boolean;
  hasClass: boolean;
  hasVar: boolean;
  /** A name also exported by other modules, so `export *` meets ambiguous names. */
  hasDup: boolean;
  defaultExport: 'none' | 'function' | 'expression';
  topLevelAwait: TopLevelAwait;
  /** Mutates its own live binding later from a timer. */
  bumpsLater: boolean;
  edges: Edge[];
}

const EDGE_KINDS: readonly EdgeKind[] = [
  'named',
  'named',
  'named',
  'namespace',
  'default',
  'side-effect',
  'star',
  'star',
  'star-as',
  'rename-from',
  'import-reexport',
];

/**
 * Makes random module graphs (3–12 modules, cycles, star and renamed re-exports, live bindings
 * mutated by exported functions, some top-level await). Every module logs when it runs and reads
 * its imports inside try/catch, so the TDZ errors of cyclic graphs are part of the output.
 */
export function generatePrograms(options: GenerateOptions): Program[] {
  return Array.from({ length: options.count }, (_, number) => {
    const random = createRandom(((options.seed * 0x9e3779b1) ^ (number * 0x85ebca6b)) >>> 0);
    const modules = shapeGraph(random);
    chooseImportedNames(modules, random);
    const files: ProgramFile[] = modules.map((module) => ({
      path: fileOf(module.index),
      content: emitModule(module, modules.length, random),
    }));
    files.push({ path: 'show.js', content: SHOW_MODULE });
    return {
      id: `generated/seed${options.seed}-${String(number).padStart(3, '0')}`,
      description: describeGraph(options.seed, number, modules),
      files,
    };
  });
}

function fileOf(index: number): string {
  return index === 0 ? 'main.js' : `m${index}.js`;
}

function nameOf(index: number): string {
  return index === 0 ? 'main' : `m${index}`;
}

function shapeGraph(random: Random): ModuleShape[] {
  const count = random.int(3, 12);
  const modules: ModuleShape[] = Array.from({ length: count }, (_, index) => ({
    index,
    hasConst: random.chance(0.5),
    hasClass: random.chance(0.3),
    hasVar: random.chance(0.3),
    hasDup: random.chance(0.25),
    defaultExport: random.pick(['none', 'none', 'function', 'expression'] as const),
    topLevelAwait: random.chance(0.3) ? random.pick(['null', 'resolve', 'timer'] as const) : 'none',
    bumpsLater: random.chance(0.2),
    edges: [],
  }));
  // A spanning tree first, so every module is reachable from main.js; then extra edges, which
  // point backwards about half of the time and so close cycles.
  for (let index = 1; index < count; index++) addEdge(modules, random.int(0, index - 1), index, random);
  const extra = random.int(1, count);
  for (let attempt = 0; attempt < extra; attempt++) {
    const from = random.int(0, count - 1);
    const to = random.int(0, count - 1);
    if (from !== to && !modules[from]!.edges.some((edge) => edge.to === to))
      addEdge(modules, from, to, random);
  }
  for (const module of modules) module.edges = random.shuffle(module.edges);
  return modules;
}

function addEdge(modules: ModuleShape[], from: number, to: number, random: Random): void {
  let kind = random.pick(EDGE_KINDS);
  if (kind === 'default' && modules[to]!.defaultExport === 'none') kind = 'named';
  modules[from]!.edges.push({ to, kind, names: [] });
}

function ownExportNames(module: ModuleShape): string[] {
  const i = module.index;
  const names = [`v${i}`, `bump${i}`];
  if (module.hasConst) names.push(`c${i}`);
  if (module.hasClass) names.push(`K${i}`);
  if (module.hasVar) names.push(`w${i}`);
  if (module.hasDup) names.push('dup');
  if (module.defaultExport !== 'none') names.push('default');
  for (const edge of module.edges) {
    if (edge.kind === 'star-as') names.push(`ns${i}_${edge.to}`);
    if (edge.kind === 'rename-from') names.push(`r${i}_${edge.to}`);
    if (edge.kind === 'import-reexport') names.push(`q${i}_${edge.to}`);
  }
  return names;
}

/** The module's export names, following `export *` the way the spec's GetExportedNames does. */
function exportedNames(modules: ModuleShape[], index: number, visited = new Set<number>()): Set<string> {
  const names = new Set<string>();
  if (visited.has(index)) return names;
  visited.add(index);
  const module = modules[index]!;
  for (const name of ownExportNames(module)) names.add(name);
  for (const edge of module.edges) {
    if (edge.kind !== 'star') continue;
    for (const name of exportedNames(modules, edge.to, visited)) if (name !== 'default') names.add(name);
  }
  return names;
}

function chooseImportedNames(modules: ModuleShape[], random: Random): void {
  for (const module of modules) {
    for (const edge of module.edges) {
      if (edge.kind !== 'named') continue;
      // 'dup' may be ambiguous; importing it by name could be a link error, which is not what
      // these programs are about (the corpus covers it).
      const candidates = [...exportedNames(modules, edge.to)].filter((name) => name !== 'dup').sort();
      edge.names = random.shuffle(candidates).slice(0, random.int(1, 3));
    }
  }
}

interface Read {
  label: string;
  expression: string;
}

function emitModule(module: ModuleShape, moduleCount: number, random: Random): string {
  const i = module.index;
  const self = nameOf(i);
  const lines = ["import { show } from './show.js';"];
  const reads: Read[] = [];
  for (const edge of module.edges) {
    const spec = `./${fileOf(edge.to)}`;
    const from = `m${edge.to}`;
    switch (edge.kind) {
      case 'named': {
        const specifiers = edge.names.map((name) => `${name} as ${name}_from${edge.to}`);
        lines.push(`import { ${specifiers.join(', ')} } from '${spec}';`);
        for (const name of edge.names) {
          reads.push({ label: `${self} reads ${name} from ${from}`, expression: `${name}_from${edge.to}` });
          if (name.startsWith('bump') && random.chance(0.6)) {
            reads.push({
              label: `${self} calls ${name} from ${from}`,
              expression: `${name}_from${edge.to}()`,
            });
          }
        }
        break;
      }
      case 'namespace':
        lines.push(`import * as ns_from${edge.to} from '${spec}';`);
        reads.push({ label: `${self} reads namespace of ${from}`, expression: `ns_from${edge.to}` });
        break;
      case 'default':
        lines.push(`import default_from${edge.to} from '${spec}';`);
        reads.push({ label: `${self} reads default of ${from}`, expression: `default_from${edge.to}` });
        break;
      case 'side-effect':
        lines.push(`import '${spec}';`);
        break;
      case 'star':
        lines.push(`export * from '${spec}';`);
        break;
      case 'star-as':
        lines.push(`export * as ns${i}_${edge.to} from '${spec}';`);
        break;
      case 'rename-from':
        lines.push(`export { v${edge.to} as r${i}_${edge.to} } from '${spec}';`);
        break;
      case 'import-reexport':
        lines.push(`import { v${edge.to} as v${edge.to}_local } from '${spec}';`);
        lines.push(`export { v${edge.to}_local as q${i}_${edge.to} };`);
        reads.push({ label: `${self} reads v${edge.to} from ${from}`, expression: `v${edge.to}_local` });
        break;
    }
  }
  lines.push(`console.log('${self} start');`);
  lines.push(`export let v${i} = ${i * 10};`);
  lines.push(`export function bump${i}() {`, `  v${i} += 1;`, `  return v${i};`, '}');
  if (module.hasConst) lines.push(`export const c${i} = 'c${i}';`);
  if (module.hasClass) lines.push(`export class K${i} {}`);
  if (module.hasVar) lines.push(`export var w${i} = 'w${i}';`);
  if (module.hasDup) lines.push(`export const dup = 'dup from ${self}';`);
  if (module.defaultExport === 'function') lines.push(`export default function () {`, `  return ${i};`, '}');
  if (module.defaultExport === 'expression') lines.push(`export default 'default of ${self}';`);

  const shuffled = random.shuffle(reads);
  const split = module.topLevelAwait === 'none' ? shuffled.length : random.int(0, shuffled.length);
  const emitRead = (read: Read): string => `show('${read.label}', () => ${read.expression});`;
  lines.push(...shuffled.slice(0, split).map(emitRead));
  if (module.topLevelAwait !== 'none') {
    lines.push(AWAITS[module.topLevelAwait], `console.log('${self} resumed');`);
    lines.push(...shuffled.slice(split).map(emitRead));
  }
  if (module.bumpsLater) lines.push(`setTimeout(() => show('${self} later bump${i}', () => bump${i}()), 1);`);
  lines.push(`console.log('${self} end');`);
  if (i === 0) lines.push(...finalDump(moduleCount));
  return `${lines.join('\n')}\n`;
}

// Every timer in these programs has the same delay, so timers fire in creation order and the
// output cannot depend on machine speed.
const AWAITS: Record<Exclude<TopLevelAwait, 'none'>, string> = {
  null: 'await null;',
  resolve: 'await Promise.resolve();',
  timer: 'await new Promise((resolve) => setTimeout(resolve, 1));',
};

/**
 * Once the whole graph has run (and every 1 ms timer scheduled during evaluation has fired),
 * prints every module's namespace through import().
 */
function finalDump(moduleCount: number): string[] {
  return dumpNamespacesLater(Array.from({ length: moduleCount }, (_, index) => `'./${fileOf(index)}'`));
}

/**
 * Code that prints the namespace of each of `files` (quoted specifiers) through import(), 5 ms
 * after the entry ran: after every 1 ms timer a generated module may have scheduled.
 */
export function dumpNamespacesLater(files: readonly string[]): string[] {
  return [
    'setTimeout(async () => {',
    `  for (const file of [${files.join(', ')}]) {`,
    '    const ns = await import(file);',
    "    for (const key of Object.keys(ns)) show('final ' + file + ' ' + key, () => ns[key]);",
    '  }',
    '}, 5);',
  ];
}

const SHOW_MODULE = `export function show(label, read) {
  let text;
  try {
    text = describe(read());
  } catch (error) {
    text = 'threw ' + error.constructor.name;
  }
  console.log(label + ': ' + text);
}

function describe(value) {
  if (typeof value === 'function') return 'function ' + value.name;
  if (Object.prototype.toString.call(value) === '[object Module]') {
    return 'namespace {' + Object.keys(value).join(', ') + '}';
  }
  return JSON.stringify(value);
}
`;

function describeGraph(seed: number, number: number, modules: ModuleShape[]): string {
  const awaiting = modules.filter((module) => module.topLevelAwait !== 'none').map((m) => nameOf(m.index));
  const kinds = [...new Set(modules.flatMap((module) => module.edges.map((edge) => edge.kind)))].sort();
  return [
    `Generated by generate.ts (seed ${seed}, program ${number}): ${modules.length} modules,`,
    `${hasCycle(modules) ? 'with' : 'without'} cycles, top-level await in: ${awaiting.join(', ') || 'none'}.`,
    `Edge kinds: ${kinds.join(', ')}.`,
  ].join('\n');
}
