import { TsconfigError } from './tsconfig-error.js';
import { resolveExtendsTarget } from './tsconfig-extends.js';
import type { TsconfigFile } from './tsconfig-file.js';
import type { JsonValue } from './tsconfig-jsonc.js';

/** A value together with the directory of the config file that set it (relative paths resolve there). */
export interface Declared<T> {
  readonly value: T;
  readonly dir: string;
}

/** A tsconfig with its `extends` chain applied, every value still tagged with where it came from. */
export interface MergedTsconfig {
  readonly path: string;
  readonly dir: string;
  /** This file first, then every config it extends, directly or not, each once. */
  readonly sources: readonly string[];
  readonly compilerOptions: ReadonlyMap<string, Declared<JsonValue>>;
  readonly files: Declared<readonly string[]> | undefined;
  readonly include: Declared<readonly string[]> | undefined;
  readonly exclude: Declared<readonly string[]> | undefined;
  /** `references` of this file only: TypeScript does not inherit them. */
  readonly references: Declared<readonly string[]>;
}

type Inherited = Pick<MergedTsconfig, 'sources' | 'compilerOptions' | 'files' | 'include' | 'exclude'>;

const NOTHING_INHERITED: Inherited = {
  sources: [],
  compilerOptions: new Map(),
  files: undefined,
  include: undefined,
  exclude: undefined,
};

/**
 * Applies `extends` the way TypeScript 5 does: the configs in an `extends` array are applied in order, each
 * overriding the ones before it, and the extending file overrides them all. `compilerOptions` merge one
 * option at a time (an option set to `null` drops the inherited value); `files`, `include` and `exclude`
 * are replaced as a whole and only inherited when the extending file does not set them.
 * @param read - returns the parsed file (the caller caches reads)
 * @param cache - merged results by config path, shared between calls so a common base is merged once
 * @throws {TsconfigError} for an `extends` target that cannot be found or a cycle of `extends`.
 */
export function mergeExtendsChain(
  file: string,
  read: (file: string) => TsconfigFile,
  cache: Map<string, MergedTsconfig>,
): MergedTsconfig {
  const merge = (file: string, extendedBy: readonly string[]): MergedTsconfig => {
    const cached = cache.get(file);
    if (cached) return cached;
    const cycleStart = extendedBy.indexOf(file);
    if (cycleStart !== -1) {
      const cycle = [...extendedBy.slice(cycleStart), file].join(' -> ');
      throw new TsconfigError(extendedBy.at(-1)!, `Circular "extends" in tsconfig: ${cycle}`);
    }
    const own = read(file);
    let inherited = NOTHING_INHERITED;
    for (const specifier of own.extends) {
      const target = resolveExtendsTarget(specifier, own.dir);
      if (target === undefined) {
        throw new TsconfigError(file, `Cannot find "${specifier}", the config that tsconfig ${file} extends`);
      }
      inherited = overlay(inherited, merge(target, [...extendedBy, file]));
    }
    const merged: MergedTsconfig = {
      ...overlay(inherited, ownValues(own)),
      sources: [...new Set([own.path, ...inherited.sources])],
      path: own.path,
      dir: own.dir,
      references: { value: own.references, dir: own.dir },
    };
    cache.set(file, merged);
    return merged;
  };
  return merge(file, []);
}

function ownValues(own: TsconfigFile): Inherited {
  const declared = <T>(value: T | undefined): Declared<T> | undefined =>
    value === undefined ? undefined : { value, dir: own.dir };
  const compilerOptions = new Map<string, Declared<JsonValue>>();
  for (const [name, value] of Object.entries(own.compilerOptions))
    compilerOptions.set(name, { value, dir: own.dir });
  return {
    sources: [],
    compilerOptions,
    files: declared(own.files),
    include: declared(own.include),
    exclude: declared(own.exclude),
  };
}

function overlay(base: Inherited, top: Inherited): Inherited {
  const compilerOptions = new Map(base.compilerOptions);
  for (const [name, option] of top.compilerOptions) {
    if (option.value === null) compilerOptions.delete(name);
    else compilerOptions.set(name, option);
  }
  return {
    sources: [...base.sources, ...top.sources],
    compilerOptions,
    files: top.files ?? base.files,
    include: top.include ?? base.include,
    exclude: top.exclude ?? base.exclude,
  };
}
