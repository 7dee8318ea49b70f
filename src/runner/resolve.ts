import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveEntry } from './resolve-entry.js';
import { formatOfDataUrl, formatOfFile, type ModuleFormat, PackageScopes } from './resolve-format.js';
import { importConditions, type NodeResolveSettings, resolveLikeNode } from './resolve-node.js';
import type { TsconfigSource } from './resolve-tsconfig-paths.js';
import { resolveForTypeScript } from './resolve-typescript.js';

export type { ResolveError } from './resolve-errors.js';
export type { ModuleFormat } from './resolve-format.js';
export type { TsconfigPathOptions, TsconfigSource } from './resolve-tsconfig-paths.js';

/** Where an import leads, and how the runner should load it. */
export interface ResolvedModule {
  /**
   * `file:` URL href (keeps `?query` and `#hash`, which make separate module instances), `node:x` for
   * builtins, or the `data:` URL itself.
   */
  readonly url: string;
  /** Absolute path for `file:` URLs (no query or hash); undefined for builtins and `data:` URLs. */
  readonly file: string | undefined;
  /**
   * True for builtins, `data:` URLs and files whose real path is inside a node_modules folder: loaded
   * natively, never transformed.
   */
  readonly external: boolean;
  /** How to load it; see {@link ModuleFormat}. */
  readonly format: ModuleFormat;
}

/** Options of a {@link ModuleResolver}. */
export interface ResolverOptions {
  /** Extra export conditions, as `node --conditions` adds them to `node` and `import`. */
  readonly conditions?: readonly string[];
  /** Source of tsconfig `paths` and `baseUrl` for imports written in TypeScript files. */
  readonly tsconfig?: TsconfigSource;
  /** Keep symlinked paths instead of their real paths, as `node --preserve-symlinks`. */
  readonly preserveSymlinks?: boolean;
}

/** Who wrote the import decides the rules: Node's exactly, or Node's plus TypeScript's habits. */
type ImporterKind = 'javascript' | 'typescript' | 'entry';

const typeScriptImporter = /\.(ts|tsx|mts|cts)$/;
const nodeModulesSegment = `${path.sep}node_modules${path.sep}`;

/**
 * Resolves import specifiers to modules. Imports written in JavaScript follow Node's ESM resolver
 * exactly; imports written in TypeScript (`.ts`, `.tsx`, `.mts`, `.cts`) also get extensionless and
 * directory imports, `.js` names for `.ts` sources and tsconfig `paths`/`baseUrl`. Successful results
 * are cached per importer folder; failures never are, so a file created later is found.
 *
 * Limitation: package.json `exports`/`imports` are read through import-meta-resolve, which keeps its
 * own cache for the life of the process; {@link ModuleResolver.clearCache} does not reach it.
 */
export class ModuleResolver {
  readonly #node: NodeResolveSettings;
  readonly #tsconfig: TsconfigSource | undefined;
  readonly #scopes = new PackageScopes();
  readonly #cache = new Map<string, ResolvedModule>();

  constructor(options: ResolverOptions = {}) {
    this.#node = {
      conditions: importConditions(options.conditions),
      preserveSymlinks: options.preserveSymlinks === true,
    };
    this.#tsconfig = options.tsconfig;
  }

  /**
   * Resolves `specifier` imported from `parentUrl`.
   *
   * @param specifier as written in the import, or for an entry point a path relative to `process.cwd()`
   *   or absolute (never a package name), as `node app.ts` takes it.
   * @param parentUrl the importer's `file:` URL href; undefined for an entry point.
   * @throws Node-like errors with a `code`: ERR_MODULE_NOT_FOUND, ERR_PACKAGE_PATH_NOT_EXPORTED,
   *   ERR_UNSUPPORTED_DIR_IMPORT, ERR_INVALID_MODULE_SPECIFIER, ERR_PACKAGE_IMPORT_NOT_DEFINED,
   *   ERR_UNSUPPORTED_ESM_URL_SCHEME, ERR_UNKNOWN_BUILTIN_MODULE, ERR_UNKNOWN_FILE_EXTENSION, ...
   */
  resolve(specifier: string, parentUrl: string | undefined): ResolvedModule {
    const kind = parentUrl === undefined ? 'entry' : importerKind(parentUrl);
    const key = `${kind}\0${parentUrl === undefined ? process.cwd() : folderOf(parentUrl)}\0${specifier}`;
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached;
    const resolved = this.#describe(this.#locate(kind, specifier, parentUrl));
    this.#cache.set(key, resolved);
    return resolved;
  }

  /** Forgets cached results and package.json reads (after files were added, removed or renamed). */
  clearCache(): void {
    this.#cache.clear();
    this.#scopes.clear();
  }

  #locate(kind: ImporterKind, specifier: string, parentUrl: string | undefined): URL {
    if (parentUrl === undefined) return resolveEntry(specifier, process.cwd(), this.#node.preserveSymlinks);
    const parent = new URL(parentUrl);
    if (kind === 'typescript') {
      return resolveForTypeScript(specifier, parent, { node: this.#node, tsconfig: this.#tsconfig });
    }
    return resolveLikeNode(specifier, parent, this.#node, true);
  }

  #describe(url: URL): ResolvedModule {
    if (url.protocol === 'node:') {
      return Object.freeze({ url: url.href, file: undefined, external: true, format: 'builtin' });
    }
    if (url.protocol === 'data:') {
      return Object.freeze({ url: url.href, file: undefined, external: true, format: formatOfDataUrl(url) });
    }
    const file = fileURLToPath(url);
    return Object.freeze({
      url: url.href,
      file,
      external: file.includes(nodeModulesSegment),
      format: formatOfFile(file, url.href, this.#scopes),
    });
  }
}

/** The href up to its query or hash, which file: paths cannot contain unencoded. */
function withoutSuffix(href: string): string {
  const end = href.search(/[?#]/);
  return end === -1 ? href : href.slice(0, end);
}

function importerKind(parentUrl: string): ImporterKind {
  return parentUrl.startsWith('file:') && typeScriptImporter.test(withoutSuffix(parentUrl))
    ? 'typescript'
    : 'javascript';
}

/** Relative specifiers depend only on the importer's folder, so results are shared by its siblings. */
function folderOf(parentUrl: string): string {
  if (!parentUrl.startsWith('file:')) return parentUrl;
  const href = withoutSuffix(parentUrl);
  return href.slice(0, href.lastIndexOf('/') + 1);
}
