/**
 * The contract between rewritten module code and whoever runs it: the one parameter of
 * every module's generator function. Its members have short names because rewritten code
 * refers to them in every import read.
 */
export interface ModuleContext {
  /** The bindings of each requested module, by request index: reads on these are live. */
  readonly d: readonly object[];
  /** The namespace object of a requested module (`import * as`). */
  n(request: number): object;
  /** Installs the getters of the module's own exports; called before the body runs. */
  e(getters: object): void;
  /** Names an anonymous `export default function` "default". */
  name(fn: Function): void;
  /** Assigning to an imported binding: always a TypeError. */
  assignToImport(): never;
  /** Top-level `arguments`: the global of that name, or a ReferenceError. */
  readonly arguments: unknown;
  /** The global object, for `typeof arguments` at top level. */
  readonly global: object;
  /** The module's `import.meta`. */
  readonly meta: object;
  /** `import()` from this module. */
  import(specifier: unknown, options?: unknown): Promise<unknown>;
}

/** A compiled ES module: calling it gives the generator that instantiates, then evaluates it. */
export type ModuleFunction = (
  context: ModuleContext,
) => Generator<void, void, void> | AsyncGenerator<void, void, void>;
