import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  errorCode,
  invalidPackageConfig,
  unknownFileExtension,
  unknownModuleFormat,
} from './resolve-errors.js';

/**
 * How a resolved module is to be loaded.
 * - `builtin`: a `node:` module.
 * - `module` / `commonjs`: ES module or CommonJS, known from the extension or the package scope's "type".
 * - `json`: a JSON module.
 * - `detect`: a `.js`, `.jsx`, `.ts`, `.tsx` or extensionless file in a package scope without a "type"
 *   field; the loader decides by the file's syntax, as Node 20.19+ does.
 */
export type ModuleFormat = 'builtin' | 'module' | 'commonjs' | 'json' | 'detect';

type PackageType = 'module' | 'commonjs' | 'none';

/** Extensions whose format depends on the "type" field of the nearest package.json. */
const scopeDependent = new Set(['.js', '.jsx', '.ts', '.tsx', '']);

/**
 * Answers "which package type governs this file", reading each package.json once.
 * Like Node, the search walks up from the file's folder and stops at a `node_modules` folder.
 */
export class PackageScopes {
  readonly #typeByDir = new Map<string, PackageType>();

  /** The "type" of the package scope `file` belongs to; `none` when no package.json sets one. */
  typeOf(file: string): PackageType {
    return this.#typeOfDir(path.dirname(file), file);
  }

  /** Forgets every package.json read so far. */
  clear(): void {
    this.#typeByDir.clear();
  }

  #typeOfDir(dir: string, importing: string): PackageType {
    const cached = this.#typeByDir.get(dir);
    if (cached !== undefined) return cached;
    let type: PackageType;
    if (path.basename(dir) === 'node_modules') {
      type = 'none';
    } else {
      const own = readPackageType(path.join(dir, 'package.json'), importing);
      const parent = path.dirname(dir);
      type = own ?? (parent === dir ? 'none' : this.#typeOfDir(parent, importing));
    }
    this.#typeByDir.set(dir, type);
    return type;
  }
}

/** The package type declared by a package.json, or undefined when the file does not exist. */
function readPackageType(packageJsonPath: string, importing: string): PackageType | undefined {
  let text: string;
  try {
    text = readFileSync(packageJsonPath, 'utf8');
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw invalidPackageConfig(packageJsonPath, importing, (error as Error).message);
  }
  if (typeof parsed !== 'object' || parsed === null || !('type' in parsed)) return 'none';
  return parsed.type === 'module' || parsed.type === 'commonjs' ? parsed.type : 'none';
}

/**
 * The format of a resolved file, from its extension and, for ambiguous extensions, its package scope.
 * Throws ERR_UNKNOWN_FILE_EXTENSION, as Node's loader would, for any other extension.
 */
export function formatOfFile(file: string, url: string, scopes: PackageScopes): ModuleFormat {
  const extension = path.extname(file);
  switch (extension) {
    case '.mjs':
    case '.mts':
      return 'module';
    case '.cjs':
    case '.cts':
      return 'commonjs';
    case '.json':
      return 'json';
  }
  if (!scopeDependent.has(extension)) throw unknownFileExtension(extension, file, url);
  const type = scopes.typeOf(file);
  return type === 'none' ? 'detect' : type;
}

/** The format of a `data:` URL, from its MIME type, as Node decides it. */
export function formatOfDataUrl(url: URL): ModuleFormat {
  const mime = /^([^/]+\/[^;,]+)[^,]*?(;base64)?,/.exec(url.pathname)?.[1] ?? '';
  if (/\s*(text|application)\/javascript\s*(;\s*charset=utf-?8\s*)?/i.test(mime)) return 'module';
  if (mime === 'application/json') return 'json';
  throw unknownModuleFormat(mime, url.href);
}
