// Compiles a generated app file by file with esbuild's transform, keeping the module
// structure, so plain node can run it: the baseline without any on-the-fly work.

import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { transform } from 'esbuild';

/**
 * Writes `.js` for every `.ts` (declaration files skipped) and copies `.json` files.
 * @param {string} appDir
 * @param {string} outDir replaced entirely
 * @returns {Promise<number>} number of modules compiled
 */
export async function prebuildApp(appDir, outDir) {
  await rm(outDir, { recursive: true, force: true });
  const files = await listFiles(appDir);
  let compiled = 0;
  await Promise.all(
    files.map(async (file) => {
      const rel = relative(appDir, file);
      const target = join(outDir, rel);
      if (rel.endsWith('.d.ts')) return;
      if (rel.endsWith('.ts')) {
        const result = await transform(await readFile(file, 'utf8'), {
          loader: 'ts',
          format: 'esm',
          target: `node${process.versions.node}`,
          sourcefile: rel,
        });
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target.replace(/\.ts$/, '.js'), result.code);
        compiled++;
      } else if (rel.endsWith('.json')) {
        await mkdir(dirname(target), { recursive: true });
        await copyFile(file, target);
      }
    }),
  );
  return compiled;
}

/**
 * @param {string} dir
 * @returns {Promise<string[]>}
 */
async function listFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && !join(e.parentPath, e.name).includes(`${join(dir, 'node_modules')}`))
    .map((e) => join(e.parentPath, e.name));
}
