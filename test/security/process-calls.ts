import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { type Node, parse } from 'acorn';
import { transformSync } from 'esbuild';

/** A place in the source that starts a process or runs code, and what is wrong with it, if anything. */
export interface ProcessCall {
  readonly file: string;
  readonly line: number;
  /** `child_process.spawn`, `cluster.fork`, `new Worker`... */
  readonly api: string;
  /** Why the call could let a name or path reach a shell (or run as code); none: it cannot. */
  readonly problems: string[];
}

const CHILD_PROCESS = new Set(['child_process', 'node:child_process']);
const CLUSTER = new Set(['cluster', 'node:cluster']);
const WORKER_THREADS = new Set(['worker_threads', 'node:worker_threads']);
/** Run their command line through a shell by design. */
const SHELL_APIS = new Set(['exec', 'execSync']);
/** Take the program and its arguments apart: safe unless `shell` is set. */
const ARGV_APIS = new Set(['spawn', 'spawnSync', 'execFile', 'execFileSync', 'fork']);

type AnyNode = Node & Record<string, unknown>;

/**
 * Finds every use of `child_process`, `cluster` and `worker_threads` in a TypeScript source and
 * checks it can take no shell: no `exec`/`execSync`; `spawn`, `execFile`, `fork` and friends with
 * their options written out (so a `shell` option would show) and without `shell`, their
 * arguments an array rather than one string; no `new Worker(..., { eval: true })`.
 */
export function processCalls(file: string, typescript: string): ProcessCall[] {
  const { code, map } = transformSync(typescript, {
    loader: 'ts',
    format: 'esm',
    sourcefile: file,
    sourcemap: 'external',
  });
  const lines = new TraceMap(map);
  const ast = parse(code, {
    ecmaVersion: 'latest',
    sourceType: 'module',
    locations: true,
  }) as unknown as AnyNode;
  /** Local names bound to a module (`import * as cp`, `import cp from`) or to one of its exports. */
  const modules = new Map<string, string>();
  const exports = new Map<string, { module: string; name: string }>();
  for (const node of ast.body as AnyNode[]) {
    if (node.type !== 'ImportDeclaration') continue;
    const source = String((node.source as AnyNode).value);
    const module = moduleOf(source);
    if (!module) continue;
    for (const specifier of node.specifiers as AnyNode[]) {
      const local = String((specifier.local as AnyNode).name);
      if (specifier.type === 'ImportSpecifier') {
        const imported = specifier.imported as AnyNode;
        exports.set(local, { module, name: String(imported.name ?? imported.value) });
      } else {
        modules.set(local, module);
      }
    }
  }
  const calls: ProcessCall[] = [];
  const record = (node: AnyNode, api: string, problems: string[]): void => {
    // The line in the TypeScript source, not in esbuild's output.
    const { start } = node.loc as { start: { line: number; column: number } };
    const line = originalPositionFor(lines, { line: start.line, column: start.column }).line ?? start.line;
    calls.push({ file, line, api, problems });
  };
  for (const node of ast.body as AnyNode[]) {
    if (node.type !== 'ImportDeclaration') continue;
    for (const specifier of node.specifiers as AnyNode[]) {
      const target = exports.get(String((specifier.local as AnyNode).name));
      if (target?.module === 'child_process' && SHELL_APIS.has(target.name)) {
        record(node, `child_process.${target.name}`, [`${target.name} runs its command through a shell`]);
      }
    }
  }
  walk(ast, (node) => {
    // `require('child_process')`: its uses are not followed, so it is a problem in itself.
    if (node.type === 'CallExpression' && isIdentifier(node.callee, 'require')) {
      const [first] = node.arguments as AnyNode[];
      if (first?.type === 'Literal' && moduleOf(String(first.value))) {
        record(node, `require('${String(first.value)}')`, [
          'required at run time: its uses cannot be checked',
        ]);
      }
    }
    // `cp.exec`, called or handed around.
    if (node.type === 'MemberExpression') {
      const target = referenceTo(node, modules, exports);
      if (target?.module === 'child_process' && SHELL_APIS.has(target.name)) {
        record(node, `child_process.${target.name}`, [`${target.name} runs its command through a shell`]);
      }
    }
    if (node.type !== 'CallExpression' && node.type !== 'NewExpression') return;
    const target = referenceTo(node.callee as AnyNode, modules, exports);
    if (!target) return;
    const api = `${target.module}.${target.name}`;
    const args = node.arguments as AnyNode[];
    const callee = node.callee as AnyNode;
    // A member call (`cp.exec()`) was recorded as a member; an imported name is recorded here.
    if (target.module === 'child_process' && SHELL_APIS.has(target.name) && callee.type === 'Identifier') {
      record(node, api, [`${target.name} runs its command through a shell`]);
    } else if (target.module === 'child_process' && ARGV_APIS.has(target.name)) {
      record(node, api, argvProblems(target.name, args));
    } else if (target.module === 'cluster' && (target.name === 'fork' || target.name.startsWith('setup'))) {
      record(
        node,
        api,
        args.flatMap((arg) => shellOption(arg)),
      );
    } else if (target.module === 'worker_threads' && target.name === 'Worker') {
      record(
        node,
        api,
        args.some((arg) => hasTrueProperty(arg, 'eval')) ? ['eval: true runs a string as code'] : [],
      );
    }
  });
  return calls;
}

function moduleOf(source: string): string | undefined {
  if (CHILD_PROCESS.has(source)) return 'child_process';
  if (CLUSTER.has(source)) return 'cluster';
  if (WORKER_THREADS.has(source)) return 'worker_threads';
  return undefined;
}

function referenceTo(
  node: AnyNode,
  modules: ReadonlyMap<string, string>,
  exports: ReadonlyMap<string, { module: string; name: string }>,
): { module: string; name: string } | undefined {
  if (node.type === 'Identifier') return exports.get(String(node.name));
  if (node.type === 'MemberExpression' && !node.computed) {
    const object = node.object as AnyNode;
    const module = object.type === 'Identifier' ? modules.get(String(object.name)) : undefined;
    if (module) return { module, name: String((node.property as AnyNode).name) };
  }
  return undefined;
}

/** Problems of a `spawn`-like call: a shell option, options the check cannot see, a string command line. */
function argvProblems(name: string, args: readonly AnyNode[]): string[] {
  const problems: string[] = [];
  // spawn(command, args?, options?), execFile(file, args?, options?, callback?), fork(module, args?, options?)
  const [, second, third] = args;
  if (second && (second.type === 'Literal' || second.type === 'TemplateLiteral')) {
    problems.push(`${name} gets its arguments as one string`);
  }
  const options = [second, third].find(
    (arg) => arg !== undefined && !['ArrayExpression', 'Literal', 'TemplateLiteral'].includes(arg.type),
  );
  if (options && options.type !== 'ObjectExpression' && !isFunction(options)) {
    problems.push(`${name} gets options the check cannot read (write them as an object literal)`);
  }
  for (const arg of args) problems.push(...shellOption(arg));
  return problems;
}

function shellOption(arg: AnyNode): string[] {
  if (arg.type !== 'ObjectExpression') return [];
  const problems: string[] = [];
  for (const property of arg.properties as AnyNode[]) {
    if (property.type === 'SpreadElement') {
      problems.push('options spread from elsewhere may set shell');
      continue;
    }
    if (propertyName(property) !== 'shell') continue;
    const value = property.value as AnyNode;
    if (!(value.type === 'Literal' && value.value === false)) problems.push('shell option set');
  }
  return problems;
}

function hasTrueProperty(arg: AnyNode, name: string): boolean {
  if (arg.type !== 'ObjectExpression') return false;
  return (arg.properties as AnyNode[]).some((property) => {
    if (property.type === 'SpreadElement' || propertyName(property) !== name) return false;
    const value = property.value as AnyNode;
    return !(value.type === 'Literal' && value.value === false);
  });
}

function propertyName(property: AnyNode): string | undefined {
  const key = property.key as AnyNode;
  if (property.computed) return undefined;
  return key.type === 'Identifier' ? String(key.name) : String(key.value);
}

function isIdentifier(node: unknown, name: string): boolean {
  return (node as AnyNode).type === 'Identifier' && (node as AnyNode).name === name;
}

function isFunction(node: AnyNode): boolean {
  return node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression';
}

function walk(node: AnyNode, visit: (node: AnyNode) => void): void {
  visit(node);
  for (const key of Object.keys(node)) {
    if (key === 'loc') continue;
    const value = node[key];
    if (Array.isArray(value)) {
      for (const child of value) if (isNode(child)) walk(child, visit);
    } else if (isNode(value)) {
      walk(value, visit);
    }
  }
}

function isNode(value: unknown): value is AnyNode {
  return (
    typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
  );
}
