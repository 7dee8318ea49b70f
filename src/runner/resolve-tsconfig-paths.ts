import path from 'node:path';

/** The compiler options the resolver reads: absolute `baseUrl`, `paths` as written, absolute `pathsBase`. */
export interface TsconfigPathOptions {
  readonly baseUrl?: string | undefined;
  readonly paths?: Readonly<Record<string, readonly string[]>> | undefined;
  /** The folder `paths` targets are relative to (baseUrl, or the tsconfig's folder without one). */
  readonly pathsBase?: string | undefined;
}

/** Anything that can tell which tsconfig options govern a file, e.g. the evaluator's TsconfigLoader. */
export interface TsconfigSource {
  forFile(file: string): { readonly compilerOptions: TsconfigPathOptions };
}

interface PatternMatch {
  readonly pattern: string;
  /** What the pattern's `*` stood for; empty for an exact key. */
  readonly star: string;
}

/**
 * The absolute paths a bare specifier maps to, in the order TypeScript tries them: the targets of the
 * matching `paths` entry, then `baseUrl` joined with the specifier. Each still needs TypeScript's
 * extension and index probing.
 */
export function tsconfigTargets(specifier: string, options: TsconfigPathOptions): string[] {
  const targets: string[] = [];
  const pathsBase = options.pathsBase ?? options.baseUrl;
  if (options.paths !== undefined && pathsBase !== undefined) {
    const match = matchPathsKey(specifier, Object.keys(options.paths));
    for (const target of match === undefined ? [] : (options.paths[match.pattern] ?? [])) {
      // TypeScript substitutes only the first `*` of a target.
      targets.push(
        path.resolve(
          pathsBase,
          target.replace('*', () => match?.star ?? ''),
        ),
      );
    }
  }
  if (options.baseUrl !== undefined) targets.push(path.resolve(options.baseUrl, specifier));
  return targets;
}

/**
 * TypeScript's choice among `paths` keys: a key equal to the specifier wins; otherwise, among keys with
 * one `*` whose prefix and suffix surround the specifier, the one with the longest prefix.
 */
export function matchPathsKey(specifier: string, keys: readonly string[]): PatternMatch | undefined {
  if (keys.includes(specifier) && !specifier.includes('*')) return { pattern: specifier, star: '' };
  let best: PatternMatch | undefined;
  let bestPrefixLength = -1;
  for (const key of keys) {
    const star = key.indexOf('*');
    if (star === -1 || key.indexOf('*', star + 1) !== -1) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    const fits =
      specifier.length >= prefix.length + suffix.length &&
      specifier.startsWith(prefix) &&
      specifier.endsWith(suffix);
    if (fits && prefix.length > bestPrefixLength) {
      best = { pattern: key, star: specifier.slice(prefix.length, specifier.length - suffix.length) };
      bestPrefixLength = prefix.length;
    }
  }
  return best;
}
