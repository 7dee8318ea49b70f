// One private copy of the app per tool, so that tools running side by side never see each
// other's edits. Copies are made fresh for every run; the edited files are restored afterwards.

import { cp, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';

/**
 * Copies `from` to `to` (replacing it), leaving out node_modules (caches, never app code).
 * @param {string} from
 * @param {string} to
 */
export async function copyApp(from, to) {
  await rm(to, { recursive: true, force: true });
  await cp(from, to, { recursive: true, filter: (source) => basename(source) !== 'node_modules' });
}

/**
 * Folder of a tool's copy: the tool name made safe as a folder name.
 * @param {string} copiesDir
 * @param {string} toolName
 */
export function copyDirFor(copiesDir, toolName) {
  return join(copiesDir, toolName.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, ''));
}
