// Which files the update-latency bench edits, and how an edit shows up over HTTP: every target
// renders a marker like `<!--f3-l5-n0 v0-->`; an edit bumps its version and the bench polls the
// target's route until the page carries the new version.

/** @typedef {import('./generate-app.js').AppManifest} AppManifest */

/** Edit kinds, in report order. */
export const EDIT_KINDS = /** @type {const} */ (['leaf', 'mid', 'router']);

/** @typedef {typeof EDIT_KINDS[number]} EditKind */

/** Level of the mid-level component: two levels below the root, three above the leaves. */
const MID_LEVEL = 2;

/**
 * @typedef {object} EditTarget
 * @property {EditKind} kind
 * @property {string} file TypeScript file relative to the app root, forward slashes
 * @property {string} route URL path whose page renders the marker
 * @property {string} marker the marker as generated, at version 0
 */

/**
 * One target per kind, taken from the middle feature so that neither the first nor the last
 * feature (the home page's and the smallest) decides the numbers.
 * @param {AppManifest} manifest
 * @returns {EditTarget[]}
 */
export function pickTargets(manifest) {
  const routes = [...new Set(manifest.components.map((c) => c.route))];
  const route = routes[Math.floor(routes.length / 2)];
  const ofRoute = manifest.components.filter((c) => c.route === route);
  const leaf = ofRoute.find((c) => c.leaf);
  const mid = ofRoute.find((c) => c.level === MID_LEVEL);
  if (route === undefined || leaf === undefined || mid === undefined) {
    throw new Error('the app manifest has no feature with a leaf and a mid-level component');
  }
  return [
    { kind: 'leaf', file: leaf.file, route, marker: leaf.marker },
    { kind: 'mid', file: mid.file, route, marker: mid.marker },
    {
      kind: 'router',
      file: manifest.router.file,
      route: manifest.router.route,
      marker: manifest.router.marker,
    },
  ];
}

/**
 * The marker at another version.
 * @param {string} marker as generated, ending in ` v0-->`
 * @param {number} version
 */
export function markerAt(marker, version) {
  return marker.replace(/ v\d+-->$/, ` v${version}-->`);
}

/**
 * The file holding the target in an app copy: the TypeScript source, or its compiled `.js`.
 * @param {EditTarget} target
 * @param {'ts' | 'prebuilt'} variant
 */
export function targetFile(target, variant) {
  return variant === 'prebuilt' ? target.file.replace(/\.ts$/, '.js') : target.file;
}
