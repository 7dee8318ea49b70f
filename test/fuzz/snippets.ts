import {
  type Binding,
  describeValue,
  isCallable,
  isPrimitive,
  type Snippet,
  type SnippetContext,
} from './snippet-context.js';

/**
 * JavaScript snippets: each puts a binding (an import, mostly) where the rewrite of imports
 * into property reads must tell references from declarations, or where the rewritten text
 * could change how the code parses or behaves.
 *
 * Known limits are avoided here (see test/differential/known-divergences.ts): no
 * Function.prototype.toString() of a function that reads an import (`misc/function-to-string`),
 * no direct eval() of an import (`scope/eval-sees-import`), no util.inspect() or
 * isModuleNamespaceObject() of a namespace, and errors print their class only, never a TDZ
 * message (`cycles/tdz-renamed-import-message`) or a call-site message (V8 quotes the
 * rewritten call site: "(0 , $hnm0.f) is not a function").
 */
export const SNIPPETS: readonly Snippet[] = [
  {
    feature: 'shadow-block',
    emit: (c, b) => {
      const X = b.local;
      const declaration = c.random.pick([
        `let ${X} = 'block let';`,
        `const ${X} = 'block const';`,
        `class ${X} { static kind = 'block class'; }`,
        `function ${X}() { return 'block function'; }`,
      ]);
      return [
        '{',
        `  ${declaration}`,
        `  show(${c.label('block shadow')}, () => typeof ${X} + ' ' + (${X}.kind ?? ${X}.length));`,
        '}',
        `show(${c.label('after block')}, () => ${describeValue(b)});`,
      ];
    },
  },
  {
    feature: 'shadow-parameter',
    emit: (c, b) => {
      const X = b.local;
      const call = c.random.pick([
        `((${X}) => ${X})('arrow parameter')`,
        `(function (${X}) { return ${X}; })('function parameter')`,
        `(({ ${X} }) => ${X})({ ${X}: 'object pattern' })`,
        `(([${X}]) => ${X})(['array pattern'])`,
        `((...${X}) => ${X}.length)(1, 2)`,
        `((a, ${X} = a + ' default') => ${X})('earlier parameter')`,
        `(({ p: [${X} = 'nested default'] = [] }) => ${X})({})`,
      ]);
      return [`show(${c.label('parameter shadow')}, () => ${call});`];
    },
  },
  {
    feature: 'parameter-default-reads-import',
    emit: (c, b) => {
      // A default parameter is evaluated before the body's declarations exist: it sees the
      // import even when the body declares the same name.
      const X = b.local;
      const f = c.fresh('withDefault');
      const variant = c.random.int(0, 3);
      const lines =
        variant === 0
          ? [
              `function ${f}(a = ${describeValue(b)}) {`,
              `  var ${X} = 'body var';`,
              `  return [a, ${X}];`,
              '}',
            ]
          : variant === 1
            ? [
                `const ${f} = (a = ${describeValue(b)}) => {`,
                `  let ${X} = 'body let';`,
                `  return [a, ${X}];`,
                '};',
              ]
            : variant === 2
              ? [
                  `function ${f}(read = () => ${describeValue(b)}) {`,
                  `  var ${X} = 'body var';`,
                  '  return read();',
                  '}',
                ]
              : [
                  `function ${f}({ a = ${describeValue(b)} } = {}) {`,
                  `  function ${X}() {}`,
                  '  return a;',
                  '}',
                ];
      return [...lines, `show(${c.label('default parameter')}, () => ${f}());`];
    },
  },
  {
    feature: 'shadow-catch',
    emit: (c, b) => {
      const X = b.local;
      const clause = c.random.pick([
        [`try { throw 'thrown'; } catch (${X}) {`, `  show(${c.label('catch parameter')}, () => ${X});`, '}'],
        [
          `try { throw { ${X}: 'thrown property' }; } catch ({ ${X} }) {`,
          `  show(${c.label('catch pattern')}, () => ${X});`,
          '}',
        ],
        [
          "try { throw new Error('x'); } catch {",
          `  show(${c.label('catch without binding')}, () => ${describeValue(b)});`,
          '}',
        ],
        [
          `try { throw 'thrown'; } catch (e) {`,
          `  let ${X} = e + ' in block';`,
          `  show(${c.label('catch block let')}, () => ${X});`,
          '}',
        ],
      ]);
      return [...clause, `show(${c.label('after catch')}, () => ${describeValue(b)});`];
    },
  },
  {
    feature: 'shadow-loop-head',
    emit: (c, b) => {
      const X = b.local;
      const loop = c.random.pick([
        `for (const ${X} of ['of']) show(${c.label('for-of head')}, () => ${X});`,
        `for (let ${X} = 0; ${X} < 2; ${X}++) show(${c.label('for head')} + ${X}, () => ${X});`,
        `for (const ${X} in { key: 1 }) show(${c.label('for-in head')}, () => ${X});`,
        `for (const [${X}] of [['pair']]) { show(${c.label('for-of pattern')}, () => ${X}); }`,
        `for (let i = 0, ${X} = 'second'; i < 1; i++) show(${c.label('for second declarator')}, () => ${X});`,
      ]);
      return [loop, `show(${c.label('after loop')}, () => ${describeValue(b)});`];
    },
  },
  {
    feature: 'switch-scope',
    emit: (c, b) => {
      // The discriminant is outside the case block; a `case` test is inside it.
      const X = b.local;
      return c.random.pick([
        [
          `show(${c.label('switch discriminant')}, () => {`,
          `  switch (typeof ${X}) {`,
          "    case 'never':",
          `      let ${X} = 'case let';`,
          `      return ${X};`,
          '    default:',
          "      return 'default';",
          '  }',
          '});',
        ],
        [
          `show(${c.label('switch case test')}, () => {`,
          '  switch (1) {',
          '    case 0:',
          "      return 'zero';",
          `    case ${X}:`,
          "      return 'matched';",
          '    default: {',
          `      let ${X} = 'nested';`,
          `      return ${X};`,
          '    }',
          '  }',
          '});',
        ],
        [
          `show(${c.label('switch case in TDZ')}, () => {`,
          '  switch (2) {',
          `    case ${X}:`,
          "      return 'never';",
          `    case 2:`,
          `      const ${X} = 'declared';`,
          `      return ${X};`,
          '  }',
          '});',
        ],
      ]);
    },
  },
  {
    feature: 'own-name',
    emit: (c, b) => {
      const X = b.local;
      return [
        c.random.pick([
          `show(${c.label('named function expression')}, () => (function ${X}() { return typeof ${X}; })());`,
          // Not its name in TypeScript: esbuild, which compiles native Node's side, renames a class
          // expression that shadows an outer binding (`g1` becomes `g12`); hot-node's oxc does not.
          `show(${c.label('named class expression')}, () => (class ${X} { static who() { return ${c.typescript ? `typeof ${X}` : `${X}.name`}; } }).who());`,
          `show(${c.label('class heritage sees own name')}, () => (class ${X} extends (${X}) {}).name);`,
          `show(${c.label('class computed key sees own name')}, () => (class ${X} { static [typeof ${X}] = 1; }).name);`,
          `show(${c.label('block class heritage')}, () => { { class ${X} extends (${X}) {} return ${X}.name; } });`,
        ]),
      ];
    },
  },
  {
    feature: 'var-hoisting',
    emit: (c, b) => {
      const X = b.local;
      const f = c.fresh('hoists');
      return c.random.pick([
        [
          `function ${f}() {`,
          `  const before = typeof ${X};`,
          `  var ${X} = 'var';`,
          `  return before + ' ' + ${X};`,
          '}',
          `show(${c.label('var hoisting')}, ${f});`,
        ],
        [
          `function ${f}() {`,
          '  if (false) {',
          `    var ${X} = 'never';`,
          '  }',
          `  return typeof ${X};`,
          '}',
          `show(${c.label('var in block hoists')}, ${f});`,
        ],
        [
          `function ${f}() {`,
          `  return ${X}();`,
          `  function ${X}() { return 'hoisted inner function'; }`,
          '}',
          `show(${c.label('inner function hoists')}, ${f});`,
        ],
      ]);
    },
  },
  {
    feature: 'property-names',
    emit: (c, b) => {
      const X = b.local;
      const V = describeValue(b);
      return [
        c.random.pick([
          `show(${c.label('shorthand property')}, () => ({ ${X} }));`,
          `show(${c.label('property key')}, () => ({ ${X}: 'key' }).${X});`,
          `show(${c.label('method named like import')}, () => ({ ${X}() { return ${V}; } }).${X}());`,
          `show(${c.label('getter named like import')}, () => ({ get ${X}() { return ${V}; } }).${X});`,
          `show(${c.label('class field named like import')}, () => new (class { ${X} = ${V}; })().${X});`,
          `show(${c.label('static method named like import')}, () => (class { static ${X}() { return ${V}; } }).${X}());`,
          `show(${c.label('computed key')}, () => Object.keys({ [typeof ${X}]: 1, [\`k\${typeof ${X}}\`]: 2 }));`,
          `show(${c.label('member named like import')}, () => ({ ${X}: { ${X}: 'deep' } }).${X}.${X});`,
          `show(${c.label('private name like import')}, () => new (class { #${X} = 'private'; get() { return this.#${X} + ' ' + ${V}; } })().get());`,
        ]),
      ];
    },
  },
  {
    feature: 'labels',
    emit: (c, b) => {
      const X = b.local;
      return c.random.pick([
        [
          `${X}: for (const i of [1, 2, 3]) {`,
          `  if (i === 2) continue ${X};`,
          `  if (i === 3) break ${X};`,
          `  show(${c.label('labelled loop')} + i, () => ${describeValue(b)});`,
          '}',
        ],
        [`${X}: {`, `  show(${c.label('labelled block')}, () => ${describeValue(b)});`, `  break ${X};`, '}'],
        [
          `outer: for (const a of [1, 2]) {`,
          `  inner: for (const z of [1, 2]) {`,
          '    if (z === 2) continue outer;',
          `    show(${c.label('nested labels')} + a + z, () => ${describeValue(b)});`,
          '  }',
          '}',
        ],
      ]);
    },
  },
  {
    feature: 'destructuring',
    emit: (c, b) => {
      const V = describeValue(b);
      return [
        c.random.pick([
          `show(${c.label('array destructuring')}, () => { const [a = ${V}, , ...rest] = [undefined, 1, 2, 3]; return [a, rest]; });`,
          `show(${c.label('object destructuring default')}, () => { const { missing: { deep } = { deep: ${V} } } = {}; return deep; });`,
          `show(${c.label('destructuring from import')}, () => { const { length } = String(${V}); return length; });`,
          `show(${c.label('rest object')}, () => { const { a, ...others } = { a: 1, b: ${V}, c: 3 }; return others; });`,
          `show(${c.label('destructuring assignment')}, () => { let p, q; ({ p, q = ${V} } = { p: 1 }); [p, q] = [q, p]; return [p, q]; });`,
          `show(${c.label('parameter pattern')}, () => (({ a, b: [d] = [${V}] }, ...more) => [a, d, more.length])({ a: 1 }, 2, 3));`,
        ]),
      ];
    },
  },
  {
    feature: 'assignment-to-import',
    emit: (c, b) => {
      const X = b.local;
      if (!b.imported) return [];
      const statement = c.random.pick([
        `${X} = 1;`,
        `${X} += 1;`,
        `${X}++;`,
        `--${X};`,
        `[${X}] = [1];`,
        `({ ${X} } = { ${X}: 1 });`,
        `({ a: ${X} } = { a: 1 });`,
        `({ ${X} = 5 } = {});`,
        `[...${X}] = [1];`,
        // `for (async of` is a syntax error of its own (the grammar's lookahead), not an assignment,
        // and esbuild prints `for ((async) of` without its parentheses when `async` is an import
        // (a syntax error on both sides, worded differently): a pattern assigns it instead.
        X === 'async' ? `for ([${X}] of [[1]]);` : `for (${X} of [1]);`,
        `for (${X} in { a: 1 });`,
        `${X} ??= 1;`,
        `${X} ||= 1;`,
        `${X} &&= 1;`,
        `${X} = (console.log(${c.label('right side first')}), 2);`,
      ]);
      return [
        `show(${c.label(`assign: ${statement.replaceAll("'", '')}`)}, () => {`,
        `  ${statement}`,
        "  return 'no throw';",
        '});',
        `show(${c.label('after assignment')}, () => ${describeValue(b)});`,
      ];
    },
  },
  {
    feature: 'template-literal',
    emit: (c, b) => {
      const X = b.local;
      const V = describeValue(b);
      const forms = [
        `show(${c.label('template')}, () => \`a\${${V}}b\${\`nested \${${V}}\`}c\`);`,
        `show(${c.label('template with code-like text')}, () => \`import { x } from './m.js'; \${'}'} export default \${typeof ${X}}\`);`,
        `show(${c.label('String.raw')}, () => String.raw\`\\n\${${V}}\\u0041\`);`,
      ];
      if (isCallable(b.kind))
        forms.push(`show(${c.label('tagged template')}, () => typeof ${X}\`t\${1}u\`);`);
      return [c.random.pick(forms)];
    },
  },
  {
    feature: 'regex',
    emit: (c, b) => {
      const X = b.local;
      return [
        c.random.pick([
          `show(${c.label('regex with import name')}, () => /${X}\\/[/]+(?<g>\\d)/.exec('${X}//1').groups.g);`,
          `show(${c.label('regex after paren')}, () => { if (true) /re/g.test('re'); return typeof ${X}; });`,
          `show(${c.label('division not regex')}, () => [String(${describeValue(b)}).length /2/ 1]);`,
          `show(${c.label('regex with generated-looking text')}, () => /\\$hnm0\\.${X}/.test('$hnm0.${X}'));`,
          `show(${c.label('replace patterns')}, () => String(${describeValue(b)}).replace(/^/, '$&<$\`>'));`,
        ]),
      ];
    },
  },
  {
    feature: 'asi',
    emit: (c, b) => {
      const X = b.local;
      const a = c.fresh('asi');
      const lines = ['try {', `  let ${a} = 1`];
      const hazards = [
        [`  ${X}`, `  ++${a}`],
        [`  ;[${a}].forEach((n) => show(${c.label('asi array start')}, () => n))`],
        [`  let text = typeof ${X}`, `  ;\`\${text}\`.length`],
        [
          `  const read = () => ${describeValue(b)}`,
          `  ;(read)()`,
          `  show(${c.label('asi paren start')}, read)`,
        ],
        [`  let member = ${X}`, `  [0]`, `  show(${c.label('asi no break before [')}, () => member)`],
      ];
      if (isCallable(b.kind)) {
        hazards.push(
          [`  ${X}()`, `  ${X}\`tag\``, `  ${X}?.()`],
          [
            `  let called = ${X}`,
            '  (1)',
            `  show(${c.label('asi call across lines')}, () => typeof called)`,
          ],
          [`  ${a}++`, `  ${X}()`],
          [`  label: ${X}()`],
          [`  if (${a}) ${X}()`, `  else ${X}()`],
          [`  do ${X}(); while (false)`],
        );
      }
      lines.push(...c.random.pick(hazards));
      lines.push(`  show(${c.label('asi done')}, () => ${a})`, '} catch (error) {');
      lines.push(`  show(${c.label('asi threw')}, () => { throw error })`, '}');
      return lines;
    },
  },
  {
    feature: 'calls-and-this',
    accepts: isCallable,
    emit: (c, b) => {
      const X = b.local;
      return [
        c.random.pick([
          `show(${c.label('plain call')}, () => ${X}());`,
          `show(${c.label('parenthesized call')}, () => (${X})());`,
          `show(${c.label('comma call')}, () => (0, ${X})());`,
          `show(${c.label('optional call')}, () => ${X}?.());`,
          `show(${c.label('call with this')}, () => ${X}.call('this arg'));`,
          `show(${c.label('call from array')}, () => [${X}][0]());`,
          `show(${c.label('spread call')}, () => ${X}(...[1, 2]));`,
          `show(${c.label('new on function')}, () => typeof new ${X}());`,
          `show(${c.label('await-free call in arrow')}, () => [1].map(${X}).length);`,
        ]),
      ];
    },
  },
  {
    feature: 'new-class',
    accepts: (kind) => kind === 'class',
    emit: (c, b) => {
      const X = b.local;
      const C = c.fresh('Derived');
      return [
        `show(${c.label('new imported class')}, () => new ${X}() instanceof ${X});`,
        `show(${c.label('extends imported class')}, () => {`,
        `  class ${C} extends ${X} {`,
        '    #secret = 1;',
        '    static count = 0;',
        `    static { ${C}.count++; }`,
        '    constructor(...args) {',
        '      super(...args);',
        '      this.args = args.length;',
        '    }',
        `    static has(o) { return #secret in o; }`,
        '    get secret() { return this.#secret; }',
        '  }',
        `  const made = new ${C}(1, 2);`,
        `  return [made.args, made.secret, ${C}.count, ${C}.has(made), Object.getPrototypeOf(${C}) === ${X}];`,
        '});',
      ];
    },
  },
  {
    feature: 'getters',
    emit: (c, b) => {
      const V = describeValue(b);
      const o = c.fresh('withGetter');
      return [
        `const ${o} = {`,
        `  get read() { return ${V}; },`,
        '  set write(value) { this.written = value; },',
        '};',
        `show(${c.label('object getter')}, () => ${o}.read);`,
        `show(${c.label('setter')}, () => { ${o}.write = 'w'; return ${o}.written; });`,
        `show(${c.label('static getter')}, () => (class { static get g() { return ${V}; } }).g);`,
        `show(${c.label('defineProperty getter')}, () => Object.defineProperty({}, 'p', { get: () => ${V} }).p);`,
      ];
    },
  },
  {
    feature: 'arguments',
    emit: (c, b) => {
      const V = describeValue(b);
      const f = c.fresh('args');
      return c.random.pick([
        [
          `function ${f}() {`,
          '  return arguments.length + (() => arguments[0])();',
          '}',
          `show(${c.label('arguments in function and arrow')}, () => ${f}(10, ${V}));`,
        ],
        [`show(${c.label('typeof top-level arguments')}, () => typeof arguments);`],
        [`show(${c.label('top-level arguments')}, () => arguments);`],
        [`show(${c.label('top-level arguments shorthand')}, () => ({ arguments }));`],
        [`show(${c.label('arguments in method')}, () => ({ m() { return arguments.length; } }).m(1, ${V}));`],
        [`show(${c.label('arguments in getter')}, () => ({ get g() { return arguments.length; } }).g);`],
        [
          `show(${c.label('arguments through nested arrows')}, () => (function () { return () => () => arguments[1]; })(1, ${V})()());`,
        ],
      ]);
    },
  },
  {
    feature: 'this',
    emit: (c, b) => {
      const f = c.fresh('thisOf');
      const C = c.fresh('ThisClass');
      return c.random.pick([
        [`show(${c.label('top-level this')}, () => this);`],
        [`show(${c.label('typeof top-level this')}, () => typeof this);`],
        [`function ${f}() { return this; }`, `show(${c.label('this in plain call')}, () => ${f}());`],
        [
          `show(${c.label('this with call')}, () => (function () { return typeof this; }).call(${describeValue(b)}));`,
        ],
        [`show(${c.label('this in method')}, () => ({ k: 'key', m() { return this.k; } }).m());`],
        [
          `class ${C} {`,
          '  static s = this.name;',
          '  static { this.t = typeof this; }',
          '}',
          `show(${c.label('this in static members')}, () => [${C}.s, ${C}.t]);`,
        ],
        [`show(${c.label('thisArg of map')}, () => [1].map(function () { return this; }, 'thisArg')[0]);`],
        [`show(${c.label('arrow this at top level')}, () => (() => this)());`],
      ]);
    },
  },
  {
    feature: 'generators',
    emit: (c, b) => {
      const g = c.fresh('gen');
      return [
        `function* ${g}() {`,
        `  const got = yield ${describeValue(b)};`,
        '  yield got;',
        '  yield* [1, 2];',
        "  return 'done';",
        '}',
        `show(${c.label('generator')}, () => { const it = ${g}(); return [it.next().value, it.next('sent').value, ...it]; });`,
        `show(${c.label('generator method')}, () => [...({ *m() { yield typeof ${b.local}; } }).m()]);`,
      ];
    },
  },
  {
    feature: 'async',
    emit: (c, b) => {
      if (!c.microtasks) return [];
      const f = c.fresh('later');
      return c.random.pick([
        [
          `async function ${f}() {`,
          '  await null;',
          `  return ${describeValue(b)};`,
          '}',
          `${f}().then((value) => show(${c.label('async function')}, () => value), (error) => show(${c.label('async function threw')}, () => { throw error; }));`,
        ],
        [
          `async function* ${f}() {`,
          `  yield ${describeValue(b)};`,
          '  yield await Promise.resolve(2);',
          '}',
          `(async () => { const seen = []; for await (const value of ${f}()) seen.push(value); show(${c.label('async generator')}, () => seen); })().catch((error) => show(${c.label('async generator threw')}, () => { throw error; }));`,
        ],
        [
          `Promise.resolve().then(() => show(${c.label('microtask')}, () => ${describeValue(b)}));`,
          `queueMicrotask(() => show(${c.label('queueMicrotask')}, () => typeof ${b.local}));`,
        ],
      ]);
    },
  },
  {
    feature: 'class-members',
    emit: (c, b) => {
      const C = c.fresh('Members');
      const V = describeValue(b);
      return [
        `show(${c.label('class members')}, () => {`,
        `  class ${C} {`,
        `    field = ${V};`,
        `    static staticField = typeof ${b.local};`,
        `    #hidden = ${V};`,
        '    static #count = 0;',
        `    static { ${C}.#count += 1; }`,
        '    get hidden() { return this.#hidden; }',
        `    static get count() { return ${C}.#count; }`,
        `    [Symbol.iterator] = function* () { yield ${V}; };`,
        '  }',
        `  const made = new ${C}();`,
        `  return [made.field, ${C}.staticField, made.hidden, ${C}.count, [...made]];`,
        '});',
      ];
    },
  },
  {
    feature: 'optional-and-nullish',
    emit: (c, b) => {
      const X = b.local;
      return [
        c.random.pick([
          `show(${c.label('optional member')}, () => ${X}?.name ?? 'none');`,
          `show(${c.label('optional index')}, () => ${X}?.[0] ?? null);`,
          `show(${c.label('nullish default')}, () => ${X} ?? 'nullish');`,
          `show(${c.label('typeof void in')}, () => [typeof ${X}, void ${X}, 'name' in Object(${X})]);`,
        ]),
      ];
    },
  },
  {
    feature: 'namespace-object',
    accepts: (kind) => kind === 'namespace',
    emit: (c, b) => {
      const X = b.local;
      return [
        c.random.pick([
          `show(${c.label('spread namespace')}, () => Object.keys({ ...${X} }));`,
          `show(${c.label('namespace has')}, () => ['default', 'v0', 'then'].map((key) => key in ${X}));`,
          `show(${c.label('namespace own keys')}, () => Reflect.ownKeys(${X}).length);`,
          `show(${c.label('namespace tag')}, () => ${X}[Symbol.toStringTag]);`,
          `show(${c.label('namespace frozen')}, () => [Object.isFrozen(${X}), Object.isSealed(${X}), Object.isExtensible(${X})]);`,
          `show(${c.label('namespace descriptor')}, () => Object.getOwnPropertyDescriptor(${X}, Object.keys(${X})[0] ?? 'none'));`,
          `show(${c.label('namespace write')}, () => { ${X}.added = 1; });`,
          `show(${c.label('namespace entries')}, () => Object.entries(${X}).map(([key]) => key));`,
        ]),
      ];
    },
  },
  {
    feature: 'closure-after-evaluation',
    emit: (c, b) => {
      // Timers are only created while modules evaluate, all with the same delay, so they
      // fire in creation order whatever the machine's speed.
      const read = c.fresh('read');
      return [
        `const ${read} = () => ${describeValue(b)};`,
        `setTimeout(() => show(${c.label('read after evaluation')}, ${read}), 1);`,
      ];
    },
  },
  {
    feature: 'scope-escapes',
    emit: (c, b) => {
      const X = b.local;
      return [
        c.random.pick([
          `show(${c.label('indirect eval')}, () => (0, eval)('typeof ${X}'));`,
          `show(${c.label('new Function')}, () => new Function('return typeof ${X}')());`,
          `show(${c.label('global lookup')}, () => typeof globalThis.${X});`,
        ]),
      ];
    },
  },
  {
    feature: 'strings-and-comments-like-code',
    emit: (c, b) => [
      `/* import { ${b.local} } from './elsewhere.js'; export default ${b.local}; */`,
      `// export * from './nowhere.js'; import.meta.hot`,
      `show(${c.label('string like code')}, () => 'import ${b.local} from "x"; export { ${b.local} }'.length + typeof ${b.local});`,
    ],
  },
  {
    feature: 'unicode-escape-reference',
    accepts: isPrimitive,
    emit: (c, b) => {
      // `\u0076` spells the same identifier as `v`: the reference is to the import.
      const X = b.local;
      const escaped = `\\u${X.charCodeAt(0).toString(16).padStart(4, '0')}${X.slice(1)}`;
      return [`show(${c.label('escaped identifier')}, () => ${escaped});`];
    },
  },
  {
    feature: 'import-meta',
    emit: (c) => [
      c.random.pick([
        `show(${c.label('import.meta')}, () => typeof import.meta);`,
        `show(${c.label('import.meta.resolve')}, () => import.meta.resolve('./show.js').endsWith('/show.js'));`,
        `show(${c.label('import.meta.url scheme')}, () => new URL(import.meta.url).protocol);`,
        `show(${c.label('import.meta.dirname')}, () => typeof import.meta.dirname);`,
      ]),
    ],
  },
  {
    feature: 'live-binding',
    emit: (c, b) => {
      const copy = c.fresh('copy');
      return [
        `show(${c.label('live read')}, () => ${describeValue(b)});`,
        `let ${copy};`,
        `try { ${copy} = ${describeValue(b)}; } catch { ${copy} = 'tdz'; }`,
        `show(${c.label('snapshot')}, () => ${copy});`,
      ];
    },
  },
];

/** Snippets that may use `binding`. */
export function snippetsFor(binding: Binding, context: SnippetContext): Snippet[] {
  return SNIPPETS.filter(
    (snippet) =>
      (snippet.accepts ? snippet.accepts(binding.kind) : true) && (!snippet.typescript || context.typescript),
  );
}
