import MagicString from 'magic-string';
import { parse } from './acorn-parser.js';
import { deferredSourceMap } from './deferred-source-map.js';
import type * as ESTree from './estree.js';
import type { ImportedName, IndirectExport, ModuleRequest, ModuleShape } from './module-shape.js';
import { collectPatternNames, ScopeStack } from './scope.js';
import type { RawSourceMap } from './source-maps.js';
import { skipTrivia } from './source-text.js';

/** The result of rewriting one ES module into a generator function. */
export interface RewrittenModule {
  /** A script whose completion value is the module's generator function. */
  readonly code: string;
  /** Maps {@link code} back to the rewrite's input; generated when first read. */
  readonly map: RawSourceMap;
  readonly shape: ModuleShape;
}

/** How the body refers to one imported binding. */
interface ImportBinding {
  readonly request: number;
  /** The imported name, or `'*'` for a namespace import. */
  readonly imported: string;
}

const PARSE_OPTIONS = {
  ecmaVersion: 'latest',
  sourceType: 'module',
  allowHashBang: true,
  allowReturnOutsideFunction: false,
  allowAwaitOutsideFunction: false,
} as const;

const ANONYMOUS_DEFINITIONS = new Set(['FunctionExpression', 'ArrowFunctionExpression', 'ClassExpression']);

/**
 * Rewrites an ES module into the source of a generator function.
 *
 * The function takes the module's context and runs in two steps. The first `next()` binds
 * the imports and installs the export getters (so a cycle sees hoisted functions, and
 * `let`/`const`/`class` exports throw in their temporal dead zone, as in native ESM); it
 * then yields. The second `next()` runs the body. Modules with top-level await become
 * async generators.
 *
 * References to imported bindings become property reads on the imported module's bindings
 * (so they stay live); scope analysis leaves shadowing locals alone.
 *
 * @throws SyntaxError from acorn, with `pos` and `loc`, for invalid module code.
 */
export function rewriteModule(code: string, sourceName: string): RewrittenModule {
  const ast = parse(code, PARSE_OPTIONS);
  return new Rewrite(code, sourceName, ast).run();
}

class Rewrite {
  readonly #s: MagicString;
  readonly #code: string;
  readonly #sourceName: string;
  readonly #ast: ESTree.Program;
  /** A prefix no identifier of the module uses: every name the rewrite adds starts with it. */
  readonly #p: string;

  readonly #requests: Array<ModuleRequest & { importedNames: ImportedName[]; usesNamespace: boolean }> = [];
  readonly #requestIndex = new Map<string, number>();
  readonly #imports = new Map<string, ImportBinding>();
  /** Local export name -> binding name inside the function. */
  readonly #localExports = new Map<string, string>();
  readonly #indirectExports: IndirectExport[] = [];
  readonly #starExports: number[] = [];
  readonly #namespacesUsed = new Set<number>();
  readonly #writtenImports = new Set<string>();
  readonly #statementStarts = new Set<number>();
  readonly #preambleStatements: string[] = [];
  readonly #scopes = new ScopeStack();
  /** Functions (arrows included) around the current node: `await` inside one is not top-level. */
  #functionDepth = 0;
  #usesImportMeta = false;
  #lineStarts: number[] | undefined;
  /** Non-arrow functions around the current node: they have their own `arguments`. */
  #nonArrowDepth = 0;
  #hasTopLevelAwait = false;

  constructor(code: string, sourceName: string, ast: ESTree.Program) {
    this.#code = code;
    this.#sourceName = sourceName;
    this.#ast = ast;
    this.#s = new MagicString(code);
    let prefix = '$hn';
    while (code.includes(prefix)) prefix += '_';
    this.#p = prefix;
  }

  run(): RewrittenModule {
    const body = this.#ast.body;
    // Imports and export lists first: references anywhere in the body need to know them.
    for (const node of body) this.#collectModuleDeclaration(node);
    for (const node of body) this.#rewriteTopLevel(node);
    this.#removeHashbang();

    const p = this.#p;
    const bindings = this.#requests
      .map((_, i) => `${p}m${i}=${p}.d[${i}]`)
      .concat([...this.#namespacesUsed].map((i) => `${p}n${i}=${p}.n(${i})`));
    const preamble: string[] = [];
    if (bindings.length > 0) preamble.push(`const ${bindings.join(',')};`);
    if (this.#writtenImports.size > 0) preamble.push(this.#writeTrap());
    preamble.push(...this.#preambleStatements);
    const getters = [...this.#localExports].map(
      ([exported, local]) => `get ${JSON.stringify(exported)}(){return ${local}}`,
    );
    preamble.push(`${p}.e({${getters.join(',')}});`);
    const star = this.#hasTopLevelAwait ? 'async function*' : 'function*';
    this.#s.prepend(`(${star}(${p}){"use strict";${preamble.join('')}yield;`);
    this.#s.append('\n})');

    // The map's generator holds the edits only, not this rewrite and its syntax tree.
    const s = this.#s;
    const source = this.#sourceName;
    return {
      code: s.toString(),
      map: deferredSourceMap(
        () => s.generateMap({ source, hires: 'boundary', includeContent: false }) as RawSourceMap,
      ),
      shape: {
        requests: this.#requests,
        localExports: [...this.#localExports.keys()],
        indirectExports: this.#indirectExports,
        starExports: this.#starExports,
        hasTopLevelAwait: this.#hasTopLevelAwait,
        hasModuleSyntax:
          this.#hasTopLevelAwait ||
          this.#usesImportMeta ||
          this.#ast.body.some((node) => node.type.startsWith('Import') || node.type.startsWith('Export')),
      },
    };
  }

  // ---- module declarations ---------------------------------------------------------------

  #request(source: ESTree.Literal, attributeNodes: readonly ESTree.Node[] | undefined): number {
    const specifier = String(source.value);
    const existing = this.#requestIndex.get(specifier);
    if (existing !== undefined) return existing;
    const attributes: Record<string, string> = {};
    for (const attribute of attributeNodes ?? []) {
      if (attribute.type !== 'ImportAttribute') continue;
      const key = attribute.key.type === 'Identifier' ? attribute.key.name : String(attribute.key.value);
      attributes[key] = String(attribute.value.value);
    }
    const index = this.#requests.length;
    this.#requests.push({
      specifier,
      attributes,
      importedNames: [],
      usesNamespace: false,
      ...this.#position(source.start),
    });
    this.#requestIndex.set(specifier, index);
    return index;
  }

  #importedName(name: string, offset: number): ImportedName {
    return { name, ...this.#position(offset) };
  }

  #position(offset: number): { line: number; column: number } {
    if (!this.#lineStarts) {
      const starts = [0];
      for (let i = this.#code.indexOf('\n'); i !== -1; i = this.#code.indexOf('\n', i + 1))
        starts.push(i + 1);
      this.#lineStarts = starts;
    }
    let line = 0;
    while (line + 1 < this.#lineStarts.length && this.#lineStarts[line + 1]! <= offset) line++;
    return { line: line + 1, column: offset - this.#lineStarts[line]! };
  }

  #collectModuleDeclaration(node: ESTree.Node): void {
    switch (node.type) {
      case 'ImportDeclaration': {
        const request = this.#request(node.source, node.attributes);
        for (const specifier of node.specifiers) {
          if (specifier.type === 'ImportNamespaceSpecifier') {
            this.#requests[request]!.usesNamespace = true;
            this.#imports.set(specifier.local.name, { request, imported: '*' });
            continue;
          }
          const imported =
            specifier.type === 'ImportDefaultSpecifier' ? 'default' : exportName(specifier.imported);
          this.#requests[request]!.importedNames.push(this.#importedName(imported, specifier.start));
          this.#imports.set(specifier.local.name, { request, imported });
        }
        break;
      }
      case 'ExportAllDeclaration': {
        const request = this.#request(node.source, node.attributes);
        this.#requests[request]!.usesNamespace = true;
        if (node.exported) {
          this.#indirectExports.push({ exported: exportName(node.exported), request, imported: '*' });
        } else {
          this.#starExports.push(request);
        }
        break;
      }
      case 'ExportNamedDeclaration':
        if (node.source) {
          const request = this.#request(node.source, node.attributes);
          for (const specifier of node.specifiers) {
            const imported = exportName(specifier.local);
            this.#requests[request]!.importedNames.push(this.#importedName(imported, specifier.start));
            this.#indirectExports.push({ exported: exportName(specifier.exported), request, imported });
          }
        }
        break;
      default:
        break;
    }
  }

  #rewriteTopLevel(node: ESTree.Node): void {
    switch (node.type) {
      case 'ImportDeclaration':
      case 'ExportAllDeclaration':
        this.#s.remove(node.start, node.end);
        return;
      case 'ExportNamedDeclaration':
        if (node.declaration) {
          this.#s.remove(node.start, node.declaration.start);
          const names = new Set<string>();
          if (node.declaration.type === 'VariableDeclaration') {
            for (const d of node.declaration.declarations) collectPatternNames(d.id, names);
          } else {
            names.add(node.declaration.id.name);
          }
          for (const name of names) this.#localExports.set(name, name);
          this.#visit(node.declaration);
        } else {
          if (!node.source) this.#exportList(node.specifiers);
          this.#s.remove(node.start, node.end);
        }
        return;
      case 'ExportDefaultDeclaration':
        this.#exportDefault(node);
        return;
      case 'ExpressionStatement':
        this.#statementStarts.add(node.start);
        this.#visit(node);
        return;
      default:
        this.#visit(node);
    }
  }

  /** `export { a, b as c }`: exports of locals, or of imports (which forward the imported binding). */
  #exportList(
    specifiers: readonly {
      local: ESTree.Identifier | ESTree.Literal;
      exported: ESTree.Identifier | ESTree.Literal;
    }[],
  ): void {
    for (const specifier of specifiers) {
      const local = exportName(specifier.local);
      const exported = exportName(specifier.exported);
      const binding = this.#imports.get(local);
      if (binding) {
        this.#indirectExports.push({ exported, request: binding.request, imported: binding.imported });
      } else {
        this.#localExports.set(exported, local);
      }
    }
  }

  #exportDefault(node: ESTree.ExportDefaultDeclaration): void {
    const declaration = node.declaration;
    const keywordEnd = skipTrivia(this.#code, node.start + 'export'.length) + 'default'.length;
    const p = this.#p;
    if (
      (declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') &&
      declaration.id
    ) {
      this.#s.remove(node.start, declaration.start);
      this.#localExports.set('default', declaration.id.name);
      this.#visit(declaration);
      return;
    }
    if (declaration.type === 'FunctionDeclaration') {
      // Stays a hoisted declaration (cycles can call it early); native ESM names it "default".
      const name = `${p}f`;
      this.#s.remove(node.start, declaration.start);
      this.#s.appendLeft(this.#functionNamePosition(declaration), ` ${name}`);
      this.#preambleStatements.push(`${p}.name(${name});`);
      this.#localExports.set('default', name);
      this.#visit(declaration);
      return;
    }
    // An expression or an anonymous class: a `const` so that it has a temporal dead zone.
    const name = `${p}d`;
    this.#localExports.set('default', name);
    const expressionEnd = this.#code[node.end - 1] === ';' ? node.end - 1 : node.end;
    const anonymous =
      declaration.type === 'ClassDeclaration' ||
      (ANONYMOUS_DEFINITIONS.has(declaration.type) && !('id' in declaration && declaration.id));
    // `{default: <anonymous function>}` names the function "default", as `export default` does.
    this.#s.overwrite(node.start, keywordEnd, anonymous ? `const ${name}={default:` : `const ${name}=`);
    // A class declaration ends its statement; the rewritten expression must end it too (ASI).
    if (anonymous) {
      this.#s.appendLeft(expressionEnd, declaration.type === 'ClassDeclaration' ? '}.default;' : '}.default');
    }
    if (declaration.type === 'ClassDeclaration') this.#visitClass(declaration);
    else this.#visit(declaration);
  }

  /** The offset after `function`, `async function` or `function*`, where a name goes. */
  #functionNamePosition(fn: ESTree.Node & { async: boolean; generator: boolean }): number {
    let pos = fn.start;
    if (fn.async) pos = skipTrivia(this.#code, pos + 'async'.length);
    pos += 'function'.length;
    if (fn.generator) pos = skipTrivia(this.#code, pos) + 1;
    return pos;
  }

  #removeHashbang(): void {
    if (this.#code.startsWith('#!')) this.#s.overwrite(0, 2, '//');
  }

  #writeTrap(): string {
    const p = this.#p;
    const accessors = [...this.#writtenImports].map((local) => {
      const read = this.#importRead(this.#imports.get(local)!);
      return `get ${local}(){return ${read}},set ${local}(v){${p}.assignToImport()}`;
    });
    return `const ${p}w={${accessors.join(',')}};`;
  }

  #importRead(binding: ImportBinding): string {
    const p = this.#p;
    if (binding.imported === '*') {
      this.#namespacesUsed.add(binding.request);
      return `${p}n${binding.request}`;
    }
    return `${p}m${binding.request}${propertyAccess(binding.imported)}`;
  }

  // ---- the body --------------------------------------------------------------------------

  #visit(node: ESTree.Node | null | undefined): void {
    if (!node) return;
    switch (node.type) {
      case 'Identifier':
        this.#reference(node);
        return;
      case 'ExpressionStatement':
        this.#visit(node.expression);
        return;
      case 'MemberExpression':
        this.#visit(node.object);
        if (node.computed) this.#visit(node.property);
        return;
      case 'Property':
        if (node.computed) this.#visit(node.key);
        if (node.shorthand && node.value.type === 'Identifier') {
          this.#shorthand(node.value);
          return;
        }
        this.#visit(node.value);
        return;
      case 'MethodDefinition':
      case 'PropertyDefinition':
        if (node.computed) this.#visit(node.key);
        this.#visit(node.value);
        return;
      case 'LabeledStatement':
        this.#visit(node.body);
        return;
      case 'BreakStatement':
      case 'ContinueStatement':
      case 'MetaProperty':
        if (node.type === 'MetaProperty' && node.meta.name === 'import') {
          this.#usesImportMeta = true;
          this.#s.overwrite(node.start, node.end, `${this.#p}.meta`);
        }
        return;
      case 'ImportExpression':
        this.#s.overwrite(node.start, node.start + 'import'.length, `${this.#p}.import`);
        this.#visit(node.source);
        this.#visit(node.options);
        return;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        this.#visitFunction(node);
        return;
      case 'ClassDeclaration':
      case 'ClassExpression':
        this.#visitClass(node);
        return;
      case 'VariableDeclarator':
        this.#visitBindingPattern(node.id);
        this.#visit(node.init);
        return;
      case 'CatchClause':
        this.#scopes.push(node);
        this.#visitBindingPattern(node.param);
        this.#visit(node.body);
        this.#scopes.pop();
        return;
      case 'SwitchCase':
        this.#visit(node.test);
        this.#visitStatements(node.consequent);
        return;
      case 'SwitchStatement':
        // The discriminant is evaluated outside the block the cases share.
        this.#visit(node.discriminant);
        this.#scopes.push(node);
        for (const switchCase of node.cases) this.#visit(switchCase);
        this.#scopes.pop();
        return;
      case 'BlockStatement':
      case 'StaticBlock':
        this.#scopes.push(node);
        if (node.type === 'StaticBlock') {
          this.#functionDepth++;
          this.#nonArrowDepth++;
        }
        this.#visitStatements(node.body);
        if (node.type === 'StaticBlock') {
          this.#functionDepth--;
          this.#nonArrowDepth--;
        }
        this.#scopes.pop();
        return;
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
        this.#visitFor(node);
        return;
      case 'AssignmentExpression':
        this.#visitAssignmentTarget(node.left);
        this.#visit(node.right);
        return;
      case 'UpdateExpression':
        this.#visitAssignmentTarget(node.argument as ESTree.Pattern);
        return;
      case 'CallExpression':
        this.#visitCallee(node.callee);
        for (const argument of node.arguments) this.#visit(argument);
        return;
      case 'TaggedTemplateExpression':
        this.#visitCallee(node.tag);
        this.#visit(node.quasi);
        return;
      case 'UnaryExpression':
        if (
          node.operator === 'typeof' &&
          node.argument.type === 'Identifier' &&
          this.#isFreeArguments(node.argument.name)
        ) {
          // `typeof` of an undeclared name is 'undefined', never a ReferenceError.
          this.#s.overwrite(node.argument.start, node.argument.end, `${this.#p}.global.arguments`);
          return;
        }
        this.#visit(node.argument);
        return;
      case 'AwaitExpression':
        if (this.#functionDepth === 0) this.#hasTopLevelAwait = true;
        this.#visit(node.argument);
        return;
      default:
        this.#visitChildren(node);
    }
  }

  /**
   * A list of statements: an expression statement here may start with the `(0, f)()` a
   * call of an import becomes, which needs a `;` before it against ASI. Elsewhere (the body
   * of an `if` or a loop) a statement must follow, and a `;` would become that statement.
   */
  #visitStatements(statements: readonly ESTree.Node[]): void {
    for (const statement of statements) {
      if (statement.type === 'ExpressionStatement') this.#statementStarts.add(statement.start);
      this.#visit(statement);
    }
  }

  #visitChildren(node: ESTree.Node): void {
    for (const key in node) {
      if (key === 'type' || key === 'start' || key === 'end' || key === 'loc' || key === 'range') continue;
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const child of value) if (isNode(child)) this.#visit(child);
      } else if (isNode(value)) {
        this.#visit(value);
      }
    }
  }

  #visitFunction(
    node: ESTree.Node & {
      type: 'FunctionDeclaration' | 'FunctionExpression' | 'ArrowFunctionExpression';
    },
  ): void {
    const arrow = node.type === 'ArrowFunctionExpression';
    this.#scopes.push(node);
    this.#functionDepth++;
    if (!arrow) this.#nonArrowDepth++;
    for (const param of node.params) this.#visitBindingPattern(param);
    if (node.body.type === 'BlockStatement') {
      // Parameter defaults cannot see the body's declarations: its own scope comes after them.
      this.#scopes.pushFunctionBody(node.body);
      this.#visitStatements(node.body.body);
      this.#scopes.pop();
    } else {
      this.#visit(node.body);
    }
    if (!arrow) this.#nonArrowDepth--;
    this.#functionDepth--;
    this.#scopes.pop();
  }

  #visitClass(node: ESTree.Node & { type: 'ClassDeclaration' | 'ClassExpression' }): void {
    // The class's own name is in scope (in its dead zone) in the heritage too.
    this.#scopes.push(node);
    this.#visit(node.superClass);
    for (const element of node.body.body) this.#visit(element);
    this.#scopes.pop();
  }

  #visitFor(node: ESTree.Node & { type: 'ForStatement' | 'ForInStatement' | 'ForOfStatement' }): void {
    this.#scopes.push(node);
    if (node.type === 'ForStatement') {
      this.#visit(node.init);
      this.#visit(node.test);
      this.#visit(node.update);
    } else {
      if (node.type === 'ForOfStatement' && node.await && this.#functionDepth === 0) {
        this.#hasTopLevelAwait = true;
      }
      if (node.left.type === 'VariableDeclaration') this.#visit(node.left);
      else this.#visitAssignmentTarget(node.left);
      this.#visit(node.right);
    }
    this.#visit(node.body);
    this.#scopes.pop();
  }

  /** A pattern that declares names: only defaults and computed keys are references. */
  #visitBindingPattern(pattern: ESTree.Pattern | null | undefined): void {
    if (!pattern) return;
    switch (pattern.type) {
      case 'Identifier':
        return;
      case 'ObjectPattern':
        for (const prop of pattern.properties) {
          if (prop.type === 'RestElement') {
            this.#visitBindingPattern(prop.argument);
          } else {
            if (prop.computed) this.#visit(prop.key);
            this.#visitBindingPattern(prop.value);
          }
        }
        return;
      case 'ArrayPattern':
        for (const element of pattern.elements) this.#visitBindingPattern(element);
        return;
      case 'RestElement':
        this.#visitBindingPattern(pattern.argument);
        return;
      case 'AssignmentPattern':
        this.#visitBindingPattern(pattern.left);
        this.#visit(pattern.right);
        return;
      default:
        this.#visit(pattern);
    }
  }

  /** A pattern that assigns to existing bindings: an import there must throw when assigned. */
  #visitAssignmentTarget(target: ESTree.Pattern): void {
    switch (target.type) {
      case 'Identifier':
        if (this.#isImportReference(target.name)) {
          this.#writtenImports.add(target.name);
          this.#s.overwrite(target.start, target.end, `${this.#p}w.${target.name}`);
        }
        return;
      case 'ObjectPattern':
        for (const prop of target.properties) {
          if (prop.type === 'RestElement') {
            this.#visitAssignmentTarget(prop.argument);
            continue;
          }
          if (prop.computed) this.#visit(prop.key);
          const value = prop.value;
          const shorthandTarget = value.type === 'AssignmentPattern' ? value.left : value;
          if (prop.shorthand && shorthandTarget.type === 'Identifier') {
            if (this.#isImportReference(shorthandTarget.name)) {
              this.#writtenImports.add(shorthandTarget.name);
              this.#s.appendLeft(shorthandTarget.start, `${shorthandTarget.name}:`);
              this.#s.overwrite(
                shorthandTarget.start,
                shorthandTarget.end,
                `${this.#p}w.${shorthandTarget.name}`,
              );
            }
            if (value.type === 'AssignmentPattern') this.#visit(value.right);
            continue;
          }
          this.#visitAssignmentTarget(value);
        }
        return;
      case 'ArrayPattern':
        for (const element of target.elements) if (element) this.#visitAssignmentTarget(element);
        return;
      case 'RestElement':
        this.#visitAssignmentTarget(target.argument);
        return;
      case 'AssignmentPattern':
        this.#visitAssignmentTarget(target.left);
        this.#visit(target.right);
        return;
      default:
        this.#visit(target);
    }
  }

  #visitCallee(callee: ESTree.Node): void {
    if (callee.type === 'Identifier' && this.#isImportReference(callee.name)) {
      const binding = this.#imports.get(callee.name)!;
      // `(0, f)()` keeps `this` undefined, as calling an imported function does natively.
      const asi = this.#statementStarts.has(callee.start) ? ';' : '';
      this.#s.overwrite(callee.start, callee.end, `${asi}(0,${this.#importRead(binding)})`);
      return;
    }
    this.#visit(callee);
  }

  #shorthand(id: ESTree.Identifier): void {
    if (this.#isImportReference(id.name)) {
      this.#s.overwrite(id.start, id.end, `${id.name}:${this.#importRead(this.#imports.get(id.name)!)}`);
    } else if (this.#isFreeArguments(id.name)) {
      this.#s.overwrite(id.start, id.end, `arguments:${this.#p}.arguments`);
    }
  }

  #reference(id: ESTree.Identifier): void {
    if (this.#isImportReference(id.name)) {
      this.#s.overwrite(id.start, id.end, this.#importRead(this.#imports.get(id.name)!));
    } else if (this.#isFreeArguments(id.name)) {
      this.#s.overwrite(id.start, id.end, `${this.#p}.arguments`);
    }
  }

  #isImportReference(name: string): boolean {
    return this.#imports.has(name) && !this.#scopes.shadows(name);
  }

  /** Top-level `arguments` must not see the generator's own arguments object. */
  #isFreeArguments(name: string): boolean {
    return name === 'arguments' && this.#nonArrowDepth === 0;
  }
}

function isNode(value: unknown): value is ESTree.Node {
  return (
    typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
  );
}

function exportName(node: ESTree.Identifier | ESTree.Literal): string {
  return node.type === 'Identifier' ? node.name : String(node.value);
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function propertyAccess(name: string): string {
  return IDENTIFIER.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}
