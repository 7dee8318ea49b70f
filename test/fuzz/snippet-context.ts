import type { Random } from '../differential/random.js';
import type { ValueKind } from './module-graph.js';

/** A name a snippet can use: an import (the interesting case) or one of the module's own. */
export interface Binding {
  readonly local: string;
  readonly kind: ValueKind;
  readonly imported: boolean;
}

/** What a snippet knows about the module it is written into. */
export interface SnippetContext {
  readonly random: Random;
  readonly module: number;
  readonly typescript: boolean;
  /** Whether output from promise callbacks is allowed (not when the program ends in an error). */
  readonly microtasks: boolean;
  /** An identifier no other part of the module uses. */
  fresh(stem: string): string;
  /** A string literal labelling one line of output, unique in the program. */
  label(what: string): string;
}

/**
 * A piece of module code that exercises one feature with one binding. Every read of the
 * binding goes through `show()`, inside a function: in a cycle the binding may be in its
 * temporal dead zone, and the ReferenceError is then part of the output, not the end of it.
 */
export interface Snippet {
  readonly feature: string;
  /** Only in TypeScript modules. */
  readonly typescript?: boolean;
  /** Whether it can use a binding of this kind. */
  accepts?(kind: ValueKind): boolean;
  emit(context: SnippetContext, binding: Binding): string[];
}

/** An expression that describes the binding's value without printing a function's source. */
export function describeValue(binding: Binding): string {
  const x = binding.local;
  switch (binding.kind) {
    case 'primitive':
      return x;
    case 'function':
    case 'class':
      return `${x}.name`;
    case 'object':
      return `typeof ${x}`;
    case 'namespace':
      return `Object.keys(${x}).join()`;
  }
}

export const isCallable = (kind: ValueKind): boolean => kind === 'function';
export const isPrimitive = (kind: ValueKind): boolean => kind === 'primitive';
