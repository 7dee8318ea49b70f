import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { entryNotFound } from './resolve-errors.js';
import { candidateFiles, firstExistingFile, urlOfProbedFile } from './resolve-probe.js';

/**
 * Resolves the entry point given on the command line, as `node app.ts` takes it: a path relative to
 * `cwd` (never a package name) or a file: URL. The exact file wins, like Node; otherwise TypeScript's
 * candidates are tried, so `app` finds `app.ts` and `src` finds `src/index.ts`.
 */
export function resolveEntry(specifier: string, cwd: string, preserveSymlinks: boolean): URL {
  const target = specifier.startsWith('file:')
    ? new URL(specifier)
    : pathToFileURL(path.resolve(cwd, specifier));
  const file = fileURLToPath(target);
  const probe = firstExistingFile([file, ...candidateFiles(file).filter((candidate) => candidate !== file)]);
  if (probe.found === undefined) throw entryNotFound(specifier, cwd, probe.tried, target.href);
  return urlOfProbedFile(probe.found, preserveSymlinks, target);
}
