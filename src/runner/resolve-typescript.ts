import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appendToMessage, errorCode, errorUrl, moduleNotFound, triedLine } from './resolve-errors.js';
import { isPathSpecifier, type NodeResolveSettings, resolveLikeNode } from './resolve-node.js';
import { candidateFiles, firstExistingFile, urlOfProbedFile } from './resolve-probe.js';
import { type TsconfigSource, tsconfigTargets } from './resolve-tsconfig-paths.js';

const encodedSeparator = /%2f|%5c/i;

/** What TypeScript-flavoured resolution needs besides the specifier and the importer. */
export interface TypeScriptResolveSettings {
  readonly node: NodeResolveSettings;
  readonly tsconfig: TsconfigSource | undefined;
}

/**
 * Resolves an import written in a TypeScript file: Node's rules, plus extensionless and directory
 * imports, `.js` names for `.ts` sources, and tsconfig `paths`/`baseUrl` for bare specifiers.
 */
export function resolveForTypeScript(
  specifier: string,
  parent: URL,
  settings: TypeScriptResolveSettings,
): URL {
  if (isPathSpecifier(specifier) || specifier.startsWith('file:')) {
    return resolvePathWithHabits(specifier, parent, settings.node);
  }
  const isBare = specifier[0] !== '#' && !URL.canParse(specifier) && !isBuiltin(specifier);
  const tried: string[] = [];
  if (isBare && settings.tsconfig !== undefined) {
    const options = settings.tsconfig.forFile(fileURLToPath(parent)).compilerOptions;
    for (const target of tsconfigTargets(specifier, options)) {
      const probe = firstExistingFile(candidateFiles(target));
      if (probe.found !== undefined) return urlOfProbedFile(probe.found, settings.node.preserveSymlinks);
      tried.push(...probe.tried);
    }
  }
  return resolveWithNodeThenHabits(specifier, parent, settings.node, tried);
}

/**
 * A relative, absolute or file: URL specifier: TypeScript's candidates first, so `./a.js` finds `a.ts`
 * even when a stale `a.js` sits next to it.
 */
function resolvePathWithHabits(specifier: string, parent: URL, node: NodeResolveSettings): URL {
  // Like Node, only path specifiers are relative; a file: URL stands alone (`file:x` means `/x`).
  const target = isPathSpecifier(specifier) ? new URL(specifier, parent) : new URL(specifier);
  // Let Node report specifiers it rejects outright, with its own message.
  if (encodedSeparator.test(target.pathname)) return resolveLikeNode(specifier, parent, node, false);
  const probe = firstExistingFile(candidateFiles(fileURLToPath(target)));
  if (probe.found === undefined) {
    throw moduleNotFound(specifier, importerName(parent), probe.tried, target.href);
  }
  return urlOfProbedFile(probe.found, node.preserveSymlinks, target);
}

/**
 * Node's algorithm for `#imports`, self-references and packages; when it lands on a file or folder that
 * does not exist (say `"#lib/*": "./src/lib/*"` imported as `#lib/util`), TypeScript's candidates for
 * that path are tried before giving up.
 */
function resolveWithNodeThenHabits(
  specifier: string,
  parent: URL,
  node: NodeResolveSettings,
  tried: string[],
): URL {
  try {
    return resolveLikeNode(specifier, parent, node, false);
  } catch (error) {
    const code = errorCode(error);
    const landedOn = errorUrl(error);
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_UNSUPPORTED_DIR_IMPORT') {
      if (landedOn?.startsWith('file:')) {
        const landedUrl = new URL(landedOn);
        const probe = firstExistingFile(candidateFiles(fileURLToPath(landedUrl)));
        if (probe.found !== undefined) return urlOfProbedFile(probe.found, node.preserveSymlinks, landedUrl);
        tried.push(...probe.tried);
      } else if (code === 'ERR_MODULE_NOT_FOUND') {
        tried.push(...nodeModulesFolders(specifier, parent));
      }
    }
    if (tried.length > 0 && error instanceof Error) appendToMessage(error, triedLine(tried));
    throw error;
  }
}

/** The folders Node looks in for a bare specifier's package, nearest first. */
function nodeModulesFolders(specifier: string, parent: URL): string[] {
  if (parent.protocol !== 'file:') return [];
  const parts = specifier.split('/');
  const packageName = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
  const folders: string[] = [];
  let dir = path.dirname(fileURLToPath(parent));
  for (;;) {
    folders.push(path.join(dir, 'node_modules', packageName));
    const up = path.dirname(dir);
    if (up === dir) return folders;
    dir = up;
  }
}

/** How an importer is named in messages: its path for files, its URL otherwise. */
export function importerName(parent: URL): string {
  return parent.protocol === 'file:' ? fileURLToPath(parent) : parent.href;
}
