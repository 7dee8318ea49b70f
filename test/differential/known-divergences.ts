/**
 * Programs whose output under hot-node differs from native Node by design: what a rewrite
 * of the source into a function cannot reproduce. Each is listed in the README's limits.
 * The suite checks that they still differ, so a fix is noticed and this list kept honest.
 */
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

export const KNOWN_DIVERGENCES: ReadonlyMap<string, string> = new Map([
  ...(NODE_MAJOR >= 22
    ? ([
        [
          'tla/unsettled-await-exit-code',
          "Node 22+ warns of the unsettled await at hot-node's own entry, not at the module that awaits",
        ],
      ] as const)
    : []),
  ['misc/function-to-string', 'the source text of a function that uses an import shows the rewritten read'],
  ['scope/eval-sees-import', 'direct eval() cannot see imported bindings: they are not variables any more'],
  ['namespace/is-module-namespace-object', 'util.types.isModuleNamespaceObject() is false for a Proxy'],
  ['namespace/util-inspect', 'util.inspect() prints a namespace as [Object: null prototype] [Module]'],
  [
    'cycles/tdz-renamed-import-message',
    "a TDZ error names the exporting module's binding, not the importer's alias",
  ],
  [
    'misc/uncaught-syntax-error-in-child',
    'syntax errors carry acorn\'s message ("Unexpected token"), not V8\'s ("Unexpected token \';\'")',
  ],
]);
