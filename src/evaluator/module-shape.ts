/**
 * What the rewrite learns about an ES module: the modules it requests and the names it
 * exports. The runner links modules with this alone, before any of them runs.
 */

/** One module that a module requests statically, in source order, deduplicated by specifier. */
export interface ModuleRequest {
  /** The specifier as written. */
  readonly specifier: string;
  /** Import attributes (`with { type: 'json' }`). */
  readonly attributes: Readonly<Record<string, string>>;
  /** Names imported by `import { a }`, `import a` (`default`) and `export { a } from`; checked at link time. */
  readonly importedNames: readonly ImportedName[];
  /** True when the whole namespace is used (`import * as`, `export * as`, `export *`). */
  readonly usesNamespace: boolean;
  /** Where the specifier is written in the rewrite's input: 1-based line, 0-based column. */
  readonly line: number;
  readonly column: number;
}

/** A name imported from a request, with where it was written in the rewrite's input. */
export interface ImportedName {
  readonly name: string;
  /** 1-based. */
  readonly line: number;
  /** 0-based. */
  readonly column: number;
}

/** An export that forwards a binding of another module: `export { a as b } from`, `export * as ns from`. */
export interface IndirectExport {
  readonly exported: string;
  /** Index into {@link ModuleShape.requests}. */
  readonly request: number;
  /** The imported name, or `'*'` for the namespace (`export * as ns from`). */
  readonly imported: string;
}

/** The static shape of a module. */
export interface ModuleShape {
  readonly requests: readonly ModuleRequest[];
  /** Names exported from the module's own bindings. */
  readonly localExports: readonly string[];
  readonly indirectExports: readonly IndirectExport[];
  /** Indices into {@link requests} of `export * from` declarations, in source order. */
  readonly starExports: readonly number[];
  /** Whether the module body uses top-level `await`. */
  readonly hasTopLevelAwait: boolean;
  /**
   * Whether the code has syntax only an ES module can have (`import`/`export` declarations,
   * `import.meta`, top-level `await`): how Node tells an ambiguous `.js` file's format.
   */
  readonly hasModuleSyntax: boolean;
}
