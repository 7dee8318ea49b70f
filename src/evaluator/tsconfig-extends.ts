import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Resolves an `extends` specifier the way TypeScript does:
 *  - rooted or `./`/`../` paths are taken relative to the config's directory, with `.json` appended when
 *    the path as written is not a file;
 *  - anything else is a package looked up in `node_modules` directories from the config's directory up:
 *    `exports` (conditions `types`, `require`, `node`, `default`), then the subpath as a file (adding
 *    `.json`) or directory, then the package.json `tsconfig` field, then the package's `tsconfig.json`.
 * Unlike TypeScript, a package whose `exports` do not map the subpath still gets the plain file lookup:
 * a runner should accept what a bundler would.
 * @returns the absolute path of the config file, or `undefined` when nothing matches.
 */
export function resolveExtendsTarget(specifier: string, configDir: string): string | undefined {
  const spec = specifier.replaceAll('\\', '/');
  if (path.isAbsolute(spec) || spec.startsWith('./') || spec.startsWith('../')) {
    const target = path.resolve(configDir, spec);
    if (isFile(target)) return target;
    return !target.endsWith('.json') && isFile(`${target}.json`) ? `${target}.json` : undefined;
  }
  const { name, subpath } = splitPackageSpecifier(spec);
  if (!name) return undefined;
  for (let dir = configDir; ; ) {
    const packageDir = path.join(dir, 'node_modules', name);
    const found = isDirectory(packageDir) ? resolveInPackage(packageDir, subpath) : undefined;
    if (found) return found;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function splitPackageSpecifier(spec: string): { name: string | undefined; subpath: string } {
  const parts = spec.split('/');
  const nameLength = spec.startsWith('@') ? 2 : 1;
  if (parts.length < nameLength || parts.slice(0, nameLength).some((part) => part === '')) {
    return { name: undefined, subpath: '' };
  }
  return { name: parts.slice(0, nameLength).join('/'), subpath: parts.slice(nameLength).join('/') };
}

function resolveInPackage(packageDir: string, subpath: string): string | undefined {
  const manifest = readPackageJson(packageDir);
  if (manifest?.exports !== undefined) {
    const target = resolveExports(manifest.exports, subpath ? `./${subpath}` : '.');
    if (target !== undefined) {
      const file = path.resolve(packageDir, target);
      if (isFile(file)) return file;
    }
  }
  if (subpath) {
    const candidate = path.join(packageDir, subpath);
    return resolveJsonFile(candidate) ?? resolveConfigDirectory(candidate);
  }
  return resolveConfigDirectory(packageDir, manifest);
}

/** A directory as an `extends` target: its package.json `tsconfig` field, else its `tsconfig.json`. */
function resolveConfigDirectory(dir: string, manifest = readPackageJson(dir)): string | undefined {
  if (typeof manifest?.tsconfig === 'string') {
    const candidate = path.resolve(dir, manifest.tsconfig);
    const found = resolveJsonFile(candidate) ?? resolveTsconfigIn(candidate);
    if (found) return found;
  }
  return resolveTsconfigIn(dir);
}

function resolveJsonFile(candidate: string): string | undefined {
  const file = candidate.endsWith('.json') ? candidate : `${candidate}.json`;
  return isFile(file) ? file : undefined;
}

function resolveTsconfigIn(dir: string): string | undefined {
  const file = path.join(dir, 'tsconfig.json');
  return isFile(file) ? file : undefined;
}

const CONDITIONS = new Set(['types', 'require', 'node', 'default']);

/** Maps a subpath (`.` or `./x`) through a package.json `exports` value; `undefined` when not exported. */
function resolveExports(exports: unknown, subpath: string): string | undefined {
  const isSubpathMap =
    typeof exports === 'object' &&
    exports !== null &&
    !Array.isArray(exports) &&
    Object.keys(exports).some((key) => key.startsWith('.'));
  if (!isSubpathMap) return subpath === '.' ? resolveExportTarget(exports, undefined) : undefined;

  const map = exports as Record<string, unknown>;
  if (Object.hasOwn(map, subpath)) return resolveExportTarget(map[subpath], undefined);
  let best: { key: string; star: string } | undefined;
  for (const key of Object.keys(map)) {
    const starAt = key.indexOf('*');
    if (starAt === -1 || key.indexOf('*', starAt + 1) !== -1) continue;
    const prefix = key.slice(0, starAt);
    const suffix = key.slice(starAt + 1);
    const fits = subpath.startsWith(prefix) && subpath.endsWith(suffix) && subpath.length >= key.length;
    // Node picks the pattern with the longest prefix before the `*`.
    if (fits && (!best || prefix.length > best.key.indexOf('*'))) {
      best = { key, star: subpath.slice(prefix.length, subpath.length - suffix.length) };
    }
  }
  return best ? resolveExportTarget(map[best.key], best.star) : undefined;
}

function resolveExportTarget(target: unknown, star: string | undefined): string | undefined {
  if (typeof target === 'string') {
    if (!target.startsWith('./')) return undefined;
    return star === undefined ? target : target.replaceAll('*', star);
  }
  if (Array.isArray(target)) {
    for (const item of target) {
      const resolved = resolveExportTarget(item, star);
      if (resolved !== undefined) return resolved;
    }
    return undefined;
  }
  if (typeof target === 'object' && target !== null) {
    for (const [condition, value] of Object.entries(target)) {
      if (!CONDITIONS.has(condition)) continue;
      const resolved = resolveExportTarget(value, star);
      if (resolved !== undefined) return resolved;
    }
  }
  return undefined;
}

interface PackageManifest {
  readonly exports?: unknown;
  readonly tsconfig?: unknown;
}

function readPackageJson(dir: string): PackageManifest | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    return typeof value === 'object' && value !== null ? (value as PackageManifest) : undefined;
  } catch {
    return undefined;
  }
}

function isFile(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

function isDirectory(dir: string): boolean {
  return statSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
