// Memory probe for the bench's memory part, loaded into the process that runs the app before the
// app itself (node: `--expose-gc --import <this file>`, bun: `--preload <this file>`), so no tool
// needs a hook of its own. Protocol, on stderr, one line each:
//   `[bench-memory] ready pid=<pid>` once loaded;
//   on SIGUSR2, after a full garbage collection:
//   `[bench-memory] sample pid=<pid> gc=<full|none> rss=<bytes> heap=<bytes>[ code=<bytes>]`
// where heap is the JS heap in use (V8's heapUsed; JavaScriptCore's heap size under bun), code
// the part of it that is V8's code space (compiled machine code; node only), and gc=none says
// no full collection was possible (node without --expose-gc).
// SIGUSR2 because node keeps SIGUSR1 for its inspector.

const PREFIX = '[bench-memory]';
const installed = Symbol.for('hot-node.bench.memory-probe');
const state = /** @type {Record<symbol, boolean>} */ (/** @type {unknown} */ (globalThis));

// Tools that re-run preloaded code on an update (bun --hot keeps globalThis) install it once.
if (!state[installed]) {
  state[installed] = true;
  process.on('SIGUSR2', () => {
    void sample();
  });
  process.stderr.write(`${PREFIX} ready pid=${process.pid}\n`);
}

/** @returns {Promise<void>} */
async function sample() {
  const gc = await fullGc();
  const { rss, heapUsed } = process.memoryUsage();
  const code = await codeSpaceUsed();
  process.stderr.write(
    `${PREFIX} sample pid=${process.pid} gc=${gc} rss=${rss} heap=${heapUsed}${code === undefined ? '' : ` code=${code}`}\n`,
  );
}

/**
 * Bytes in use in V8's code space, which the JIT fills as the functions that run often get
 * optimised; undefined under bun.
 * @returns {Promise<number | undefined>}
 */
async function codeSpaceUsed() {
  if ('Bun' in globalThis) return undefined;
  const v8 = await import('node:v8');
  return v8.getHeapSpaceStatistics().find((space) => space.space_name === 'code_space')?.space_used_size;
}

/**
 * Collects twice with a macrotask between, so that objects freed by weak callbacks and
 * finalizers of the first pass are gone too.
 * @returns {Promise<'full' | 'none'>}
 */
async function fullGc() {
  const bun = /** @type {{ Bun?: { gc(force: boolean): void } }} */ (/** @type {unknown} */ (globalThis)).Bun;
  const nodeGc = /** @type {{ gc?: () => void }} */ (/** @type {unknown} */ (globalThis)).gc;
  /** @type {(() => void) | undefined} */
  const collect = bun ? () => bun.gc(true) : nodeGc;
  if (collect === undefined) return 'none';
  collect();
  await new Promise((resolve) => setTimeout(resolve, 10));
  collect();
  return 'full';
}
