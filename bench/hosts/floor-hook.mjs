// The floor of an in-process update, loaded before the app (`node --import <this file> server.js`
// on the prebuilt JS): it watches the app's folders with fs.watch and, when a file changes, reads
// the markers in it (`<!--f3-l5-n0 v7-->`) and puts their new versions into the pages the app
// serves from then on. No transform, no module run again: what is left is the file-system event,
// one read, the app's render and the HTTP round trip, the least any tool that updates in place can
// take on this machine. The update-latency part measures it beside the tools.

import { readdirSync, readFileSync, watch } from 'node:fs';
import { ServerResponse } from 'node:http';
import { join } from 'node:path';

const MARKER = /<!--([\w-]+) v(\d+)-->/g;

/** Marker id -> the version the file on disk has now, for markers whose file changed. */
const latest = new Map();

/** @param {string} dir */
function watchTree(dir) {
  watch(dir, (_event, name) => {
    if (typeof name === 'string' && name.endsWith('.js')) readMarkers(join(dir, name));
  });
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) {
      watchTree(join(dir, entry.name));
    }
  }
}

/** @param {string} file */
function readMarkers(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return; // Deleted or renamed meanwhile.
  }
  for (const [, id, version] of text.matchAll(MARKER)) latest.set(id, version);
}

/** @param {string} page */
function withLatestMarkers(page) {
  return latest.size === 0
    ? page
    : page.replace(MARKER, (marker, id) => (latest.has(id) ? `<!--${id} v${latest.get(id)}-->` : marker));
}

const end = ServerResponse.prototype.end;
/**
 * @this {ServerResponse}
 * @param {unknown[]} args
 */
function endWithLatestMarkers(...args) {
  if (typeof args[0] === 'string') args[0] = withLatestMarkers(args[0]);
  return Reflect.apply(end, this, args);
}
ServerResponse.prototype.end = /** @type {typeof end} */ (/** @type {unknown} */ (endWithLatestMarkers));

watchTree(process.cwd());
