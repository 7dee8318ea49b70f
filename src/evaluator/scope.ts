import type * as ESTree from './estree.js';

/**
 * Names declared by the scopes between a reference and the module's top level.
 *
 * The rewrite needs one question answered: does this identifier, named like an import,
 * refer to the import or to a local that shadows it? Scopes are analysed lazily, and only
 * for identifiers whose name is an import, so most of a module is never analysed.
 */
export class ScopeStack {
  readonly #nodes: ESTree.Node[] = [];
  readonly #declared = new WeakMap<ESTree.Node, Set<string>>();

  push(node: ESTree.Node): void {
    this.#nodes.push(node);
  }

  /**
   * The block body of a function: its `var`s and lexical declarations, in a scope of their own
   * inside the parameters' (default values of parameters do not see them).
   */
  pushFunctionBody(body: ESTree.Node & { type: 'BlockStatement' }): void {
    if (!this.#declared.has(body)) {
      const names = new Set<string>();
      collectVarNames(body.body, names);
      collectLexicalNames(body.body, names);
      this.#declared.set(body, names);
    }
    this.#nodes.push(body);
  }

  pop(): void {
    this.#nodes.pop();
  }

  /** True when a scope inside the module's top level declares `name`. */
  shadows(name: string): boolean {
    for (let i = this.#nodes.length - 1; i >= 0; i--) {
      const node = this.#nodes[i]!;
      let names = this.#declared.get(node);
      if (!names) {
        names = declaredIn(node);
        this.#declared.set(node, names);
      }
      if (names.has(name)) return true;
    }
    return false;
  }
}

/** Adds the identifiers a binding pattern declares to `out`. */
export function collectPatternNames(pattern: ESTree.Pattern | null | undefined, out: Set<string>): void {
  if (!pattern) return;
  switch (pattern.type) {
    case 'Identifier':
      out.add(pattern.name);
      break;
    case 'ObjectPattern':
      for (const prop of pattern.properties) {
        collectPatternNames(prop.type === 'RestElement' ? prop : prop.value, out);
      }
      break;
    case 'ArrayPattern':
      for (const element of pattern.elements) collectPatternNames(element, out);
      break;
    case 'RestElement':
      collectPatternNames(pattern.argument, out);
      break;
    case 'AssignmentPattern':
      collectPatternNames(pattern.left, out);
      break;
    default:
      // A MemberExpression in an assignment pattern declares nothing.
      break;
  }
}

function declaredIn(node: ESTree.Node): Set<string> {
  const names = new Set<string>();
  switch (node.type) {
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      // A function declaration's own name belongs to the enclosing scope; an expression's is its own.
      // The body's declarations are a scope of their own (ScopeStack.pushFunctionBody).
      if (node.type === 'FunctionExpression' && node.id) names.add(node.id.name);
      for (const param of node.params) collectPatternNames(param, names);
      break;
    case 'StaticBlock':
      collectVarNames(node.body, names);
      collectLexicalNames(node.body, names);
      break;
    case 'BlockStatement':
      collectLexicalNames(node.body, names);
      break;
    case 'SwitchStatement':
      for (const switchCase of node.cases) collectLexicalNames(switchCase.consequent, names);
      break;
    case 'ForStatement':
      if (node.init?.type === 'VariableDeclaration' && node.init.kind !== 'var') {
        for (const d of node.init.declarations) collectPatternNames(d.id, names);
      }
      break;
    case 'ForInStatement':
    case 'ForOfStatement':
      if (node.left.type === 'VariableDeclaration' && node.left.kind !== 'var') {
        for (const d of node.left.declarations) collectPatternNames(d.id, names);
      }
      break;
    case 'CatchClause':
      collectPatternNames(node.param, names);
      break;
    case 'ClassDeclaration':
    case 'ClassExpression':
      if (node.id) names.add(node.id.name);
      break;
    default:
      break;
  }
  return names;
}

/** `let`, `const`, `class` and (module code is strict) block-level function declarations. */
function collectLexicalNames(statements: readonly ESTree.Node[], out: Set<string>): void {
  for (const statement of statements) {
    if (statement.type === 'VariableDeclaration' && statement.kind !== 'var') {
      for (const d of statement.declarations) collectPatternNames(d.id, out);
    } else if (
      (statement.type === 'FunctionDeclaration' || statement.type === 'ClassDeclaration') &&
      statement.id
    ) {
      out.add(statement.id.name);
    }
  }
}

/** `var` declarations hoist to the nearest function, through blocks but not into nested functions. */
function collectVarNames(statements: readonly ESTree.Node[], out: Set<string>): void {
  for (const statement of statements) collectVarNamesIn(statement, out);
}

function collectVarNamesIn(node: ESTree.Node | null | undefined, out: Set<string>): void {
  if (!node) return;
  switch (node.type) {
    case 'VariableDeclaration':
      if (node.kind === 'var') for (const d of node.declarations) collectPatternNames(d.id, out);
      break;
    case 'BlockStatement':
      collectVarNames(node.body, out);
      break;
    case 'IfStatement':
      collectVarNamesIn(node.consequent, out);
      collectVarNamesIn(node.alternate, out);
      break;
    case 'ForStatement':
      collectVarNamesIn(node.init, out);
      collectVarNamesIn(node.body, out);
      break;
    case 'ForInStatement':
    case 'ForOfStatement':
      collectVarNamesIn(node.left, out);
      collectVarNamesIn(node.body, out);
      break;
    case 'WhileStatement':
    case 'DoWhileStatement':
    case 'LabeledStatement':
      collectVarNamesIn(node.body, out);
      break;
    case 'TryStatement':
      collectVarNamesIn(node.block, out);
      collectVarNamesIn(node.handler?.body, out);
      collectVarNamesIn(node.finalizer, out);
      break;
    case 'SwitchStatement':
      for (const switchCase of node.cases) collectVarNames(switchCase.consequent, out);
      break;
    default:
      break;
  }
}
