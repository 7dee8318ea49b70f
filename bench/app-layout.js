// Decides which modules a generated app has and how they import each other.
// Pure data, no file system: the generator turns this plan into source text.

/** Modules every app has regardless of size (see FIXED_FILES). */
export const FIXED_FILES = [
  'server.ts',
  'router.ts',
  'routes/home.ts',
  'components/index.ts',
  'lib/index.ts',
  'lib/types.ts',
  'lib/utils.ts',
  'lib/formatters.ts',
  'lib/html.ts',
  'lib/store.ts',
  'lib/catalog.ts',
  'lib/registry.ts',
];

/** Component tree depth: a route renders level 0, leaves live at the last level. */
export const LEVELS = 6;

/** Relative share of a feature's components per level below the root (levels 1..5). */
const LEVEL_WEIGHTS = [2, 3, 4, 6, 8];

/** Modules a feature costs besides its components: the route and the feature barrel. */
const FEATURE_OVERHEAD = 2;

/** Typical feature size in modules (route + barrel + 24 components). */
const FEATURE_TARGET = 26;

/** Smallest feature: route + barrel + one component per level. */
const FEATURE_MIN = FEATURE_OVERHEAD + LEVELS;

/**
 * @typedef {object} Component
 * @property {number} feature
 * @property {number} level
 * @property {number} index position within its level
 * @property {string} name exported function name, e.g. `F3L2N1`
 * @property {string} file path relative to the app root
 * @property {string} marker HTML comment the component renders, unique in the app
 * @property {number[]} children indexes into the next level of the same feature
 */

/**
 * @typedef {object} Feature
 * @property {number} index
 * @property {string} path URL path of its route
 * @property {string} routeFile
 * @property {string} barrelFile
 * @property {Component[][]} levels components per level, level 0 holds the root only
 */

/**
 * @typedef {object} AppLayout
 * @property {number} moduleCount number of .ts modules, equal to the requested size
 * @property {Feature[]} features
 */

/**
 * Plans an app with exactly `moduleCount` TypeScript modules.
 * @param {number} moduleCount
 * @returns {AppLayout}
 */
export function planApp(moduleCount) {
  const budget = moduleCount - FIXED_FILES.length;
  if (!Number.isInteger(moduleCount) || budget < FEATURE_MIN) {
    throw new Error(`app size must be an integer >= ${FIXED_FILES.length + FEATURE_MIN}, got ${moduleCount}`);
  }
  const featureCount = Math.max(
    1,
    Math.min(Math.round(budget / FEATURE_TARGET), Math.floor(budget / FEATURE_MIN)),
  );
  const sizes = splitEvenly(budget, featureCount);
  const features = sizes.map((size, index) => planFeature(index, size - FEATURE_OVERHEAD));
  return { moduleCount, features };
}

/**
 * @param {number} index
 * @param {number} componentCount
 * @returns {Feature}
 */
function planFeature(index, componentCount) {
  const levelSizes = [1, ...splitByWeights(componentCount - 1, LEVEL_WEIGHTS)];
  /** @type {Component[][]} */
  const levels = levelSizes.map((size, level) =>
    Array.from({ length: size }, (_, n) => {
      const name = `F${index}L${level}N${n}`;
      return {
        feature: index,
        level,
        index: n,
        name,
        file: `components/f${index}/l${level}n${n}.ts`,
        marker: `<!--f${index}-l${level}-n${n} v0-->`,
        children: [],
      };
    }),
  );
  for (let level = 0; level < LEVELS - 1; level++) {
    linkLevels(/** @type {Component[]} */ (levels[level]), /** @type {Component[]} */ (levels[level + 1]));
  }
  return {
    index,
    path: `/f${index}`,
    routeFile: `routes/f${index}.ts`,
    barrelFile: `components/f${index}/index.ts`,
    levels,
  };
}

/**
 * Gives every child exactly one owning parent, then lets each parent also reuse one
 * more child, so the graph is a DAG with shared components like real UI code.
 * @param {Component[]} parents
 * @param {Component[]} children
 */
function linkLevels(parents, children) {
  children.forEach((_, i) => {
    const owner = /** @type {Component} */ (parents[Math.floor((i * parents.length) / children.length)]);
    owner.children.push(i);
  });
  parents.forEach((parent, p) => {
    const shared = (p * 7 + 3) % children.length;
    if (!parent.children.includes(shared)) parent.children.push(shared);
  });
}

/**
 * @param {number} total
 * @param {number} parts
 * @returns {number[]}
 */
function splitEvenly(total, parts) {
  const base = Math.floor(total / parts);
  return Array.from({ length: parts }, (_, i) => base + (i < total % parts ? 1 : 0));
}

/**
 * Largest-remainder split of `total` by `weights`, at least 1 per part.
 * @param {number} total
 * @param {number[]} weights
 * @returns {number[]}
 */
function splitByWeights(total, weights) {
  const free = total - weights.length;
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (free * w) / weightSum);
  const sizes = exact.map((x) => 1 + Math.floor(x));
  let missing = total - sizes.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((x, i) => ({ i, r: x - Math.floor(x) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (missing-- <= 0) break;
    sizes[i] = /** @type {number} */ (sizes[i]) + 1;
  }
  return sizes;
}
