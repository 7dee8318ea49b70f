import type { TransportChannel } from '../transport/channel.js';
import type { HostConnection, TransportHost } from '../transport/transport-host.js';
import type { AppExit, AppListeners, LaunchedApp } from './session-launch.js';
import { type AppEvents, isSessionEvent, reviveError, reviveReport } from './session-protocol.js';

/** How the host ends an app's thread or process, and learns that it ended. */
export interface AppLifetime {
  /** Resolves when the thread or process has ended, however it did. */
  readonly exited: Promise<AppExit>;
  /** Ends it now, dispose handlers or not. */
  kill(): void;
  /** The error that ended it, when one did and the host has it (a worker's uncaught error). */
  uncaught?(): unknown;
}

/**
 * The host's side of an app that runs elsewhere (a worker thread, a child process): its
 * link is served by the session's {@link TransportHost}, and the session events it sends
 * become calls of `listeners`.
 */
export class RemoteApp implements LaunchedApp {
  readonly started: Promise<void>;
  readonly #connection: HostConnection;
  readonly #lifetime: AppLifetime;
  #stopping: Promise<void> | undefined;

  constructor(
    channel: TransportChannel,
    host: TransportHost,
    listeners: AppListeners,
    lifetime: AppLifetime,
    onEnded: () => void = () => {},
  ) {
    this.#lifetime = lifetime;
    let settle: { resolve(): void; reject(error: Error): void } | undefined;
    this.started = new Promise<void>((resolve, reject) => {
      settle = { resolve, reject };
    });
    // A rejection nobody waits for (a restart after a crash) is reported through the logger.
    this.started.catch(() => {});
    this.#connection = host.connect(channel, (payload) => {
      if (payload.type !== 'custom') return;
      if (!isSessionEvent(payload.event)) return listeners.onCustom(payload.event, payload.data);
      const event = payload.event as keyof AppEvents;
      if (event === 'hot-node:started') {
        const started = payload.data as AppEvents['hot-node:started'];
        if (started.ok) settle?.resolve();
        else settle?.reject(reviveError(started.error));
      } else if (event === 'hot-node:update') {
        listeners.onReport(reviveReport(payload.data as AppEvents['hot-node:update']));
      } else if (event === 'hot-node:log') {
        const { level, message } = payload.data as AppEvents['hot-node:log'];
        listeners.onLog(level, message);
      }
    });
    void lifetime.exited.then((exit) => {
      this.#connection.close();
      channel.close();
      onEnded();
      const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
      const cause = lifetime.uncaught?.();
      settle?.reject(
        cause instanceof Error
          ? cause
          : new Error(`hot-node: the app ended (${how}) before its entry loaded`),
      );
      if (!this.#stopping) listeners.onExit(exit);
    });
  }

  send(event: string, data?: unknown): void {
    this.#connection.emit(event, data);
  }

  stop(timeoutMs: number): Promise<void> {
    this.#stopping ??= this.#stop(timeoutMs);
    return this.#stopping;
  }

  async #stop(timeoutMs: number): Promise<void> {
    this.#connection.emit('hot-node:shutdown');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), timeoutMs);
    });
    const ended = await Promise.race([this.#lifetime.exited, late]);
    clearTimeout(timer);
    if (ended === 'late') this.#lifetime.kill();
    await this.#lifetime.exited;
  }
}
