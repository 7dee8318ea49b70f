import { createRequire, isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { moduleResolve } from 'import-meta-resolve';
import { appendToMessage, errorCode, unknownBuiltin, unsupportedUrlScheme } from './resolve-errors.js';

/** What Node's algorithm needs besides the specifier and the importer. */
export interface NodeResolveSettings {
  readonly conditions: ReadonlySet<string>;
  readonly preserveSymlinks: boolean;
}

/**
 * The export conditions Node uses for `import`: `node`, `import`, `module-sync` where require(esm) is
 * on (Node 20.19+, 22.12+), then the caller's own (`--conditions`).
 */
export function importConditions(extra: readonly string[] = []): ReadonlySet<string> {
  const features = process.features as { require_module?: boolean };
  const moduleSync = features.require_module === true ? ['module-sync'] : [];
  return new Set(['node', 'import', ...moduleSync, ...extra]);
}

/** Specifiers Node reads as a path: `./x`, `../x`, `.`, `..` and `/x`. */
export function isPathSpecifier(specifier: string): boolean {
  if (specifier.startsWith('/')) return true;
  if (specifier === '.' || specifier === '..') return true;
  return specifier.startsWith('./') || specifier.startsWith('../');
}

/**
 * Resolves `specifier` from `parent` exactly as Node's ESM resolver does (via import-meta-resolve, a port
 * of Node's own code), then rejects what Node's loader would refuse: unknown `node:` names and URL
 * schemes other than file:, data: and node:.
 *
 * @param withHint add Node's "Did you mean to import ...?" line to not-found errors.
 * @returns a `file:`, `node:` or `data:` URL.
 */
export function resolveLikeNode(
  specifier: string,
  parent: URL,
  settings: NodeResolveSettings,
  withHint: boolean,
): URL {
  let resolved: URL;
  try {
    // The library only reads the set; its signature asks for a mutable one.
    resolved = moduleResolve(
      specifier,
      parent,
      settings.conditions as Set<string>,
      settings.preserveSymlinks,
    );
  } catch (error) {
    const code = errorCode(error);
    if (withHint && (code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_UNSUPPORTED_DIR_IMPORT')) {
      addCommonJsHint(error as Error, specifier, parent);
    }
    throw error;
  }
  switch (resolved.protocol) {
    case 'file:':
    case 'data:':
      return resolved;
    case 'node:':
      if (!isBuiltin(resolved.href)) throw unknownBuiltin(resolved.href);
      return resolved;
    default:
      throw unsupportedUrlScheme(resolved);
  }
}

/**
 * Node tells users which file `require` would have found when an import fails; do the same so messages
 * match the native ones. (Node 20 looks relative requests up from the working directory, which gives
 * wrong or missing hints for importers elsewhere; this looks them up from the importer.)
 */
function addCommonJsHint(error: Error, specifier: string, parent: URL): void {
  if (parent.protocol !== 'file:') return;
  const request = specifier.startsWith('file://') ? safeFileUrlToPath(specifier) : specifier;
  if (request === undefined) return;
  const suggestion = commonJsSuggestion(request, parent);
  if (suggestion !== undefined && suggestion !== request) {
    appendToMessage(error, `Did you mean to import ${JSON.stringify(suggestion)}?`);
  }
}

function commonJsSuggestion(request: string, parent: URL): string | undefined {
  let found: string;
  try {
    found = createRequire(parent).resolve(request);
  } catch {
    return undefined;
  }
  if (request.startsWith('./') || request.startsWith('../') || request === '.' || request === '..') {
    const parentDir = parent.pathname.slice(0, parent.pathname.lastIndexOf('/'));
    const relative = path.posix.relative(parentDir, pathToFileURL(found).pathname);
    return relative.startsWith('../') ? relative : `./${relative}`;
  }
  // Node only rewrites relative and bare requests; anything else is suggested as the path found.
  if (request.startsWith('/') || request.startsWith('.')) return found;
  const slash = request.indexOf('/');
  const packageName = slash === -1 ? request : request.slice(0, slash);
  const needle = `${path.sep}node_modules${path.sep}${packageName}${path.sep}`;
  const at = found.lastIndexOf(needle);
  if (at === -1) return pathToFileURL(found).href;
  const inside = found
    .slice(at + needle.length)
    .split(path.sep)
    .map(encodeURIComponent);
  return `${packageName}/${inside.join('/')}`;
}

function safeFileUrlToPath(url: string): string | undefined {
  try {
    return fileURLToPath(url);
  } catch {
    return undefined;
  }
}
