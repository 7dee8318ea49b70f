import { HotEngine, type HotEngineOptions } from './hot-engine.js';

/**
 * Creates the hot runner a host embeds: an SSR framework's dev server, a test harness, a
 * tool. `import()` loads entries with `import.meta.hot`; by default an in-process watcher
 * applies every save to the running modules (`watch: false` leaves that to `update()`);
 * `on()` reports each update and Vite's events; `close()` disposes everything and releases
 * the watcher, so nothing of the runner keeps the process alive.
 *
 * @example
 * ```ts
 * const runner = createRunner({ root: process.cwd() });
 * const app = await runner.import('./src/app.ts');
 * runner.on('update', (report) => console.log(report.outcome, report.reEvaluated));
 * // ...
 * await runner.close();
 * ```
 */
export function createRunner(options: HotEngineOptions = {}): HotEngine {
  return new HotEngine(options);
}
