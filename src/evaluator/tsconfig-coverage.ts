import path from 'node:path';
import { compilePatterns, toMatchPath } from './tsconfig-patterns.js';

/** A `files`, `include` or `exclude` list with the directory of the config that declared it. */
export interface DeclaredList {
  readonly value: readonly string[];
  readonly dir: string;
}

/** The inputs that decide which files a tsconfig covers, after `extends` has been applied. */
export interface CoverageRules {
  readonly files: DeclaredList | undefined;
  readonly include: DeclaredList | undefined;
  readonly exclude: DeclaredList | undefined;
  /** Directory of the config in use: the default `include` is relative to it. */
  readonly configDir: string;
  /** Absolute `outDir`/`declarationDir`: the default `exclude`. */
  readonly outputDirs: readonly string[];
}

/** Whether a tsconfig's program contains an absolute file path. */
export type FileCoverage = (file: string) => boolean;

/**
 * Builds the membership test TypeScript applies to a config's program: a file named in `files` is always
 * in; otherwise it must match `include` and not `exclude`. Without `files` and `include`, `include` is
 * `**\/*`; with `files` but no `include`, nothing is matched by pattern. Without `exclude`, the output
 * directories are excluded (`node_modules` and friends are skipped by the wildcards themselves).
 */
export function createFileCoverage(rules: CoverageRules, ignoreCase: boolean): FileCoverage {
  const key = (file: string): string => (ignoreCase ? file.toLowerCase() : file);
  const { files } = rules;
  const listed = new Set(files?.value.map((file) => key(toMatchPath(path.resolve(files.dir, file)))));
  const include = rules.include ?? (files ? undefined : { value: ['**/*'], dir: rules.configDir });
  const exclude = rules.exclude ?? { value: rules.outputDirs, dir: rules.configDir };
  const includeMatcher = include && compilePatterns(include.value, include.dir, 'include', ignoreCase);
  const excludeMatcher = compilePatterns(exclude.value, exclude.dir, 'exclude', ignoreCase);

  return (file) => {
    const matchPath = toMatchPath(file);
    if (listed.has(key(matchPath))) return true;
    return includeMatcher?.test(matchPath) === true && excludeMatcher?.test(matchPath) !== true;
  };
}
