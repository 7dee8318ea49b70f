import type { HotEngine } from '../hot/hot-engine.js';
import type { HotLogger } from '../hot/hot-logger.js';

/**
 * A broken program (failed to start, or threw at run time) stays alive, waiting for the
 * edit that fixes it: the next update that succeeds (hot update or full reload) ends the wait.
 */
export class FixWaiter {
  readonly #logger: HotLogger;
  #keepAlive: NodeJS.Timeout | undefined;
  #onFixed: (() => void) | undefined;

  constructor(engine: HotEngine, logger: HotLogger) {
    this.#logger = logger;
    engine.on('update', (report) => {
      if (report.outcome === 'hot-update' || report.outcome === 'full-reload') this.#fixed();
    });
  }

  /** True while the program waits for a fix. */
  get waiting(): boolean {
    return this.#keepAlive !== undefined;
  }

  /** Says so, and keeps the process alive until the next successful update; `onFixed` runs then. */
  wait(onFixed?: () => void): void {
    this.#logger.error('waiting for file changes');
    this.#keepAlive ??= setInterval(() => {}, 1 << 30);
    if (onFixed) this.#onFixed = onFixed;
  }

  #fixed(): void {
    if (this.#keepAlive === undefined) return;
    clearInterval(this.#keepAlive);
    this.#keepAlive = undefined;
    const onFixed = this.#onFixed;
    this.#onFixed = undefined;
    onFixed?.();
  }
}
