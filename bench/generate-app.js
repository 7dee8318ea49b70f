// Writes a deterministic TypeScript SSR app with a given number of modules.
// Usage: node bench/generate-app.js <dir> <modules>

import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXED_FILES, LEVELS, planApp } from './app-layout.js';
import * as src from './app-sources.js';

/** Bump when the generated sources change, so stale apps in bench/.work are regenerated. */
export const GENERATOR_VERSION = 3;

/** File the generator writes last; its presence means the app is complete. */
export const MANIFEST_FILE = 'bench-manifest.json';

/**
 * @typedef {object} AppManifest
 * @property {number} generatorVersion
 * @property {number} moduleCount
 * @property {string} entry
 * @property {{ path: string, file: string }[]} routes
 * @property {{ file: string, marker: string, route: string }} router the module every response passes
 * @property {{ file: string, marker: string, route: string, level: number, leaf: boolean }[]} components
 */

/**
 * Generates the app into `dir`, replacing whatever was there.
 * @param {string} dir
 * @param {number} moduleCount number of .ts modules
 * @returns {Promise<AppManifest>}
 */
export async function generateApp(dir, moduleCount) {
  const app = planApp(moduleCount);
  const files = appFiles(app);
  const tsCount = [...files.keys()].filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).length;
  if (tsCount !== moduleCount) throw new Error(`planned ${moduleCount} modules but produced ${tsCount}`);

  await rm(dir, { recursive: true, force: true });
  const dirs = new Set([...files.keys()].map((f) => dirname(join(dir, f))));
  await Promise.all([...dirs].map((d) => mkdir(d, { recursive: true })));
  await Promise.all([...files].map(([file, text]) => writeFile(join(dir, file), text)));

  const manifest = manifestOf(app);
  await writeFile(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * Generates the app unless `dir` already holds one of the same size and generator version.
 * @param {string} dir
 * @param {number} moduleCount
 * @returns {Promise<{ manifest: AppManifest, generated: boolean }>}
 */
export async function ensureApp(dir, moduleCount) {
  const existing = await readManifest(dir);
  if (existing?.generatorVersion === GENERATOR_VERSION && existing.moduleCount === moduleCount) {
    return { manifest: existing, generated: false };
  }
  return { manifest: await generateApp(dir, moduleCount), generated: true };
}

/**
 * @param {string} dir
 * @returns {Promise<AppManifest | undefined>}
 */
async function readManifest(dir) {
  try {
    return JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * @param {import('./app-layout.js').AppLayout} app
 * @returns {Map<string, string>} path relative to the app root -> contents
 */
function appFiles(app) {
  /** @type {Map<string, string>} */
  const files = new Map([
    ['package.json', src.packageJson(app)],
    ['tsconfig.json', src.tsconfigJson()],
    ['hot.d.ts', src.hotTypes()],
    ['lib/data.json', src.dataJson(app)],
    ['server.ts', src.serverTs()],
    ['router.ts', src.routerTs(app)],
    ['routes/home.ts', src.homeRouteTs()],
    ['components/index.ts', src.componentsBarrelTs(app)],
    ['lib/index.ts', src.libIndexTs()],
    ['lib/types.ts', src.libTypesTs()],
    ['lib/utils.ts', src.libUtilsTs()],
    ['lib/formatters.ts', src.libFormattersTs()],
    ['lib/html.ts', src.libHtmlTs()],
    ['lib/store.ts', src.libStoreTs()],
    ['lib/catalog.ts', src.libCatalogTs()],
    ['lib/registry.ts', src.libRegistryTs()],
  ]);
  for (const fixed of FIXED_FILES) {
    if (!files.has(fixed)) throw new Error(`no source for fixed module ${fixed}`);
  }
  for (const feature of app.features) {
    files.set(feature.routeFile, src.featureRouteTs(feature));
    files.set(feature.barrelFile, src.featureBarrelTs(feature));
    feature.levels.forEach((components, level) => {
      const next = level < LEVELS - 1 ? (feature.levels[level + 1] ?? []) : [];
      for (const c of components) files.set(c.file, src.componentTs(c, next));
    });
  }
  return files;
}

/**
 * What a later benchmark needs to edit a module and detect the edit over HTTP.
 * @param {import('./app-layout.js').AppLayout} app
 * @returns {AppManifest}
 */
function manifestOf(app) {
  return {
    generatorVersion: GENERATOR_VERSION,
    moduleCount: app.moduleCount,
    entry: 'server.ts',
    routes: [
      { path: '/', file: 'routes/home.ts' },
      ...app.features.map((f) => ({ path: f.path, file: f.routeFile })),
    ],
    router: { file: 'router.ts', marker: src.ROUTER_MARKER, route: '/' },
    components: app.features.flatMap((f) =>
      f.levels.flat().map((c) => ({
        file: c.file,
        marker: c.marker,
        route: f.path,
        level: c.level,
        leaf: c.level === LEVELS - 1,
      })),
    ),
  };
}

async function main() {
  const [dirArg, sizeArg] = process.argv.slice(2);
  const size = Number(sizeArg);
  if (!dirArg || !Number.isInteger(size)) {
    console.error('usage: node bench/generate-app.js <dir> <modules>');
    process.exitCode = 2;
    return;
  }
  const dir = resolve(dirArg);
  const manifest = await generateApp(dir, size);
  console.log(`generated ${manifest.moduleCount} modules in ${dir}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
