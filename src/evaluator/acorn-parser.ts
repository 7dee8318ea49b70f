import { type Options, Parser, type Program } from 'acorn';

/**
 * acorn's parser with name lookups in constant time. acorn keeps the names declared in each
 * scope in arrays and searches them (`indexOf`) at every declaration, to report duplicates:
 * a scope with n declarations costs n² / 2 comparisons. That is nothing for a hand-written
 * module, but generated code and bundles declare tens of thousands of names in one scope
 * (5 MB of top-level functions took minutes, and blocked the program meanwhile). The arrays
 * stay arrays (acorn pushes to them and reads them), with an index kept beside them once
 * they grow.
 */
const IndexedParser = Parser.extend((Base) => {
  const Tracking = Base as unknown as new (...args: never[]) => ScopeTracking;
  return class extends Tracking {
    override enterScope(flags: number): void {
      super.enterScope(flags);
      const scope = this.currentScope();
      scope.var = new NameList();
      scope.lexical = new NameList();
      scope.functions = new NameList();
    }
  } as unknown as typeof Parser;
});

/** acorn's `parse`, with {@link IndexedParser}. */
export function parse(input: string, options: Options): Program {
  return IndexedParser.parse(input, options);
}

/** The parts of acorn's scope tracking (not in its types) that the extension touches. */
interface ScopeTracking {
  enterScope(flags: number): void;
  currentScope(): { var: string[]; lexical: string[]; functions: string[] };
}

/** Below this many names a search of the array is as fast as keeping an index. */
const INDEX_FROM = 16;

/** The names of one scope: an array, with `indexOf` answered from a map once it is long. */
class NameList extends Array<string> {
  #first: Map<string, number> | undefined;

  // map(), filter() and the like make plain arrays.
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  override push(...names: string[]): number {
    for (const name of names) {
      super.push(name);
      if (this.#first) {
        if (!this.#first.has(name)) this.#first.set(name, this.length - 1);
      } else if (this.length > INDEX_FROM) {
        this.#first = new Map();
        for (let i = this.length - 1; i >= 0; i--) this.#first.set(this[i]!, i);
      }
    }
    return this.length;
  }

  override indexOf(name: string): number {
    return this.#first ? (this.#first.get(name) ?? -1) : super.indexOf(name);
  }
}
