import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TsconfigError } from './tsconfig-error.js';
import { JsoncSyntaxError, type JsonValue, parseJsonc } from './tsconfig-jsonc.js';

/** The fields of one tsconfig file that matter here, checked for shape but not yet merged with `extends`. */
export interface TsconfigFile {
  /** Absolute path of the file. */
  readonly path: string;
  /** Its directory: relative paths written in the file are relative to it. */
  readonly dir: string;
  /** `extends` specifiers in the order written (a single string becomes a one-element list). */
  readonly extends: readonly string[];
  readonly compilerOptions: Readonly<Record<string, JsonValue>>;
  /** `files`, `include` and `exclude` as written; `undefined` when the field is absent. */
  readonly files: readonly string[] | undefined;
  readonly include: readonly string[] | undefined;
  readonly exclude: readonly string[] | undefined;
  /** `references[].path` values as written. */
  readonly references: readonly string[];
}

/**
 * Reads and shape-checks one tsconfig file.
 * @throws {TsconfigError} naming the file when it cannot be read, is not valid JSONC (with line:column)
 *   or has a field of the wrong type.
 */
export function readTsconfigFile(file: string): TsconfigFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new TsconfigError(file, `Cannot read tsconfig ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let json: JsonValue | undefined;
  try {
    json = parseJsonc(text);
  } catch (error) {
    if (!(error instanceof JsoncSyntaxError)) throw error;
    const where = `${file}:${error.line}:${error.column}`;
    throw new TsconfigError(file, `Invalid JSON in tsconfig ${where}: ${error.reason}`, { cause: error });
  }
  return shapeOf(file, json ?? {});
}

function shapeOf(file: string, json: JsonValue): TsconfigFile {
  const invalid = (what: string): TsconfigError =>
    new TsconfigError(file, `Invalid tsconfig ${file}: ${what}`);
  if (!isObject(json)) throw invalid('the top level must be an object');

  const compilerOptions = json.compilerOptions ?? {};
  if (!isObject(compilerOptions)) throw invalid('"compilerOptions" must be an object');

  const extendsValue = json.extends ?? [];
  const extendsList = typeof extendsValue === 'string' ? [extendsValue] : extendsValue;
  if (!isStringArray(extendsList)) throw invalid('"extends" must be a string or an array of strings');

  const stringList = (field: 'files' | 'include' | 'exclude'): string[] | undefined => {
    const value = json[field];
    if (value === undefined || value === null) return undefined;
    if (!isStringArray(value)) throw invalid(`"${field}" must be an array of strings`);
    return value;
  };

  const references: string[] = [];
  if (Array.isArray(json.references)) {
    for (const reference of json.references) {
      if (isObject(reference) && typeof reference.path === 'string') references.push(reference.path);
    }
  }

  return {
    path: file,
    dir: path.dirname(file),
    extends: extendsList,
    compilerOptions,
    files: stringList('files'),
    include: stringList('include'),
    exclude: stringList('exclude'),
    references,
  };
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: JsonValue): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
