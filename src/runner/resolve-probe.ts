import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Extensions tried after an extensionless path, and after `<dir>/index`: TypeScript sources first (the
 * usual `.ts`/`.tsx`, then the explicit `.mts`/`.cts`), then JavaScript in the same pattern, then JSON.
 */
export const probeExtensions: readonly string[] = [
  '.ts',
  '.tsx',
  '.mts',
  '.cts',
  '.js',
  '.jsx',
  '.mjs',
  '.cjs',
  '.json',
];

/** The TypeScript sources an output extension may stand for, as TypeScript maps them. */
const sourcesOfOutput: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx', '.ts'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

/**
 * The files TypeScript's habits would try for a path, best first:
 * - `x.js` → `x.ts`, `x.tsx`, `x.js`; likewise `.jsx` → `.tsx`, `.ts`; `.mjs` → `.mts`; `.cjs` → `.cts`;
 * - a path with another module extension (`.ts`, `.json`, ...) → itself only;
 * - anything else → `x` + each of {@link probeExtensions}, `x` itself, then `x/index` + each extension;
 * - `x/` → `x/index` + each extension.
 */
export function candidateFiles(file: string): string[] {
  if (file.endsWith('/') || file.endsWith(path.sep)) return indexFiles(file);
  const extension = path.extname(file);
  const sources = sourcesOfOutput[extension];
  if (sources !== undefined) {
    const stem = file.slice(0, -extension.length);
    return [...sources.map((source) => stem + source), file];
  }
  if (probeExtensions.includes(extension)) return [file];
  return [...probeExtensions.map((added) => file + added), file, ...indexFiles(file)];
}

function indexFiles(directory: string): string[] {
  return probeExtensions.map((added) => path.join(directory, `index${added}`));
}

/** Outcome of trying candidates: the first existing file, and the paths looked at before it. */
export interface Probe {
  readonly found: string | undefined;
  readonly tried: readonly string[];
}

/** Tries candidates in order; the first that is a file (through symlinks) wins. */
export function firstExistingFile(candidates: readonly string[]): Probe {
  const tried: string[] = [];
  for (const candidate of candidates) {
    if (statSync(candidate, { throwIfNoEntry: false })?.isFile() === true) return { found: candidate, tried };
    tried.push(candidate);
  }
  return { found: undefined, tried };
}

/**
 * The URL of a probed file, finished as Node finishes its own results: the real path unless symlinks
 * are preserved, carrying the query and hash of the URL the import named, if any.
 */
export function urlOfProbedFile(file: string, preserveSymlinks: boolean, importUrl?: URL): URL {
  const url = pathToFileURL(preserveSymlinks ? file : realpathSync(file));
  if (importUrl !== undefined) {
    url.search = importUrl.search;
    url.hash = importUrl.hash;
  }
  return url;
}
