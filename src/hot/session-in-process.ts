import { createInProcessTransport } from '../transport/in-process-transport.js';
import { HotEngine } from './hot-engine.js';
import type { HotLogger } from './hot-logger.js';
import type { AppListeners, LaunchConfig, LaunchedApp } from './session-launch.js';
import { isSessionEvent } from './session-protocol.js';

/**
 * The app in the host's own thread: a hot engine with the in-process transport. A restart
 * is a full reload in place; stopping it runs every dispose handler.
 */
export class InProcessApp implements LaunchedApp {
  readonly started: Promise<void>;
  readonly #engine: HotEngine;
  readonly #emit: (event: string, data?: unknown) => void;
  #stopping: Promise<void> | undefined;

  constructor(config: LaunchConfig, logger: HotLogger, listeners: AppListeners) {
    const transport = createInProcessTransport({
      onPayload: (payload) => {
        if (payload.type === 'custom' && !isSessionEvent(payload.event))
          listeners.onCustom(payload.event, payload.data);
      },
    });
    this.#emit = (event, data) => transport.emit(event, data);
    this.#engine = new HotEngine({
      root: config.root,
      conditions: config.conditions,
      hmr: config.hmr,
      logger,
      transport,
      ...(config.cacheDir !== undefined ? { cacheDir: config.cacheDir } : {}),
    });
    this.#engine.on('update', (report) => listeners.onReport(report));
    this.started = this.#start(config.entry);
    this.started.catch(() => {});
  }

  async #start(entry: string): Promise<void> {
    try {
      await this.#engine.import(entry);
    } finally {
      // Failed or not, the files are watched: the next change retries.
      await this.#engine.ready();
    }
  }

  send(event: string, data?: unknown): void {
    this.#emit(event, data);
  }

  async reload(reason: string): Promise<void> {
    const report = await this.#engine.reload(reason);
    await this.#engine.ready();
    const failure = report.errors.find((entry) => entry.phase === 'full-reload') ?? report.errors[0];
    if (report.outcome === 'failed' && failure) throw failure.error;
  }

  /** Runs every dispose handler and releases the watcher (nothing here can be forced). */
  stop(): Promise<void> {
    this.#stopping ??= this.#engine.close();
    return this.#stopping;
  }
}
