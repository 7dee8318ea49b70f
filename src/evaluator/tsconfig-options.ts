import path from 'node:path';
import type { TsconfigRaw } from 'esbuild';
import type { Declared } from './tsconfig-chain.js';
import type { JsonValue } from './tsconfig-jsonc.js';

/** The compiler options that change how a file is transformed or how its imports resolve. */
export interface TsCompilerOptions {
  /** Lowercased, e.g. `'es2022'`. */
  target?: string;
  useDefineForClassFields?: boolean;
  experimentalDecorators?: boolean;
  emitDecoratorMetadata?: boolean;
  verbatimModuleSyntax?: boolean;
  preserveValueImports?: boolean;
  /** Lowercased: `'remove' | 'preserve' | 'error'`. */
  importsNotUsedAsValues?: string;
  /** Lowercased: `'react' | 'react-jsx' | 'react-jsxdev' | 'preserve' | 'react-native'`. */
  jsx?: string;
  jsxFactory?: string;
  jsxFragmentFactory?: string;
  jsxImportSource?: string;
  /** As set, or else the value of `strict` (TypeScript's default for it). */
  alwaysStrict?: boolean;
  /** Absolute directory. */
  baseUrl?: string;
  /** Patterns and targets as written; targets are relative to {@link pathsBase}. */
  paths?: Record<string, string[]>;
  /** Absolute directory the `paths` targets are relative to: `baseUrl`, else the directory of the config that set `paths`. */
  pathsBase?: string;
  allowImportingTsExtensions?: boolean;
  rewriteRelativeImportExtensions?: boolean;
  /** Lowercased, e.g. `'nodenext'`. */
  module?: string;
  /** Lowercased, e.g. `'bundler'`. */
  moduleResolution?: string;
}

/** Compiler options read from a merged config, plus what the config's file matching needs. */
export interface NormalizedOptions {
  readonly compilerOptions: TsCompilerOptions;
  /** Absolute `outDir` and `declarationDir`: excluded from the program when `exclude` is not set. */
  readonly outputDirs: readonly string[];
}

const CONFIG_DIR_TEMPLATE = '$' + '{configDir}';

/**
 * Replaces a leading `${configDir}` (TypeScript 5.5+) with the directory of the config in use, so a shared
 * base config can name paths relative to whichever project extends it.
 */
export function expandConfigDir(value: string, configDir: string): string {
  return value.startsWith(CONFIG_DIR_TEMPLATE) ? configDir + value.slice(CONFIG_DIR_TEMPLATE.length) : value;
}

const BOOLEAN_OPTIONS = [
  'useDefineForClassFields',
  'experimentalDecorators',
  'emitDecoratorMetadata',
  'verbatimModuleSyntax',
  'preserveValueImports',
  'alwaysStrict',
  'allowImportingTsExtensions',
  'rewriteRelativeImportExtensions',
] as const satisfies readonly (keyof TsCompilerOptions)[];

/** Enum-like options: TypeScript accepts any case, so they are lowercased. */
const LOWERCASED_OPTIONS = [
  'target',
  'importsNotUsedAsValues',
  'jsx',
  'module',
  'moduleResolution',
] as const satisfies readonly (keyof TsCompilerOptions)[];

const VERBATIM_OPTIONS = [
  'jsxFactory',
  'jsxFragmentFactory',
  'jsxImportSource',
] as const satisfies readonly (keyof TsCompilerOptions)[];

/**
 * Picks the options that matter here out of a merged `compilerOptions`, resolving path options against
 * the config that declared each of them. Options of the wrong type are ignored, as TypeScript reports
 * and then ignores them.
 * @param configDir - directory of the config in use, for `${configDir}`
 */
export function normalizeCompilerOptions(
  declared: ReadonlyMap<string, Declared<JsonValue>>,
  configDir: string,
): NormalizedOptions {
  const options: TsCompilerOptions = {};
  const optionValue = (name: string): JsonValue | undefined => declared.get(name)?.value;
  const directoryOf = (name: string): string | undefined => {
    const option = declared.get(name);
    return typeof option?.value === 'string'
      ? path.resolve(option.dir, expandConfigDir(option.value, configDir))
      : undefined;
  };

  for (const name of BOOLEAN_OPTIONS) {
    const value = optionValue(name);
    if (typeof value === 'boolean') options[name] = value;
  }
  for (const name of LOWERCASED_OPTIONS) {
    const value = optionValue(name);
    if (typeof value === 'string') options[name] = value.toLowerCase();
  }
  for (const name of VERBATIM_OPTIONS) {
    const value = optionValue(name);
    if (typeof value === 'string') options[name] = value;
  }
  const strict = optionValue('strict');
  if (options.alwaysStrict === undefined && typeof strict === 'boolean') options.alwaysStrict = strict;

  const baseUrl = directoryOf('baseUrl');
  if (baseUrl !== undefined) options.baseUrl = baseUrl;
  const paths = declared.get('paths');
  const pathMap = paths && readPathMap(paths.value, configDir);
  if (paths && pathMap) {
    options.paths = pathMap;
    options.pathsBase = baseUrl ?? paths.dir;
  }

  const outputDirs = [directoryOf('outDir'), directoryOf('declarationDir')].filter(
    (dir) => dir !== undefined,
  );
  return { compilerOptions: options, outputDirs };
}

function readPathMap(value: JsonValue, configDir: string): Record<string, string[]> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const result: Record<string, string[]> = {};
  for (const [pattern, targets] of Object.entries(value)) {
    if (!Array.isArray(targets)) continue;
    const expanded = targets
      .filter((target) => typeof target === 'string')
      .map((target) => expandConfigDir(target, configDir));
    Object.defineProperty(result, pattern, {
      value: expanded,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}

type EsbuildCompilerOptions = NonNullable<TsconfigRaw['compilerOptions']>;

const ESBUILD_JSX = new Set<NonNullable<EsbuildCompilerOptions['jsx']>>([
  'preserve',
  'react-native',
  'react',
  'react-jsx',
  'react-jsxdev',
]);
const ESBUILD_IMPORTS_NOT_USED = new Set<NonNullable<EsbuildCompilerOptions['importsNotUsedAsValues']>>([
  'remove',
  'preserve',
  'error',
]);

/**
 * The esbuild `tsconfigRaw` for these options: only what changes esbuild's transform output. `baseUrl` and
 * `paths` are left out because they only matter to esbuild's bundler, not to `transform`, and values esbuild
 * would reject are dropped.
 */
export function toEsbuildTsconfigRaw(options: TsCompilerOptions): TsconfigRaw {
  const raw: EsbuildCompilerOptions = {};
  if (options.target !== undefined) raw.target = options.target;
  if (options.useDefineForClassFields !== undefined)
    raw.useDefineForClassFields = options.useDefineForClassFields;
  if (options.experimentalDecorators !== undefined)
    raw.experimentalDecorators = options.experimentalDecorators;
  if (options.verbatimModuleSyntax !== undefined) raw.verbatimModuleSyntax = options.verbatimModuleSyntax;
  if (options.preserveValueImports !== undefined) raw.preserveValueImports = options.preserveValueImports;
  if (options.alwaysStrict !== undefined) raw.alwaysStrict = options.alwaysStrict;
  if (options.jsxFactory !== undefined) raw.jsxFactory = options.jsxFactory;
  if (options.jsxFragmentFactory !== undefined) raw.jsxFragmentFactory = options.jsxFragmentFactory;
  if (options.jsxImportSource !== undefined) raw.jsxImportSource = options.jsxImportSource;
  if (isOneOf(options.jsx, ESBUILD_JSX)) raw.jsx = options.jsx;
  if (isOneOf(options.importsNotUsedAsValues, ESBUILD_IMPORTS_NOT_USED)) {
    raw.importsNotUsedAsValues = options.importsNotUsedAsValues;
  }
  return { compilerOptions: raw };
}

function isOneOf<T extends string>(value: string | undefined, allowed: ReadonlySet<T>): value is T {
  return value !== undefined && (allowed as ReadonlySet<string>).has(value);
}
