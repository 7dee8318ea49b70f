import path from 'node:path';
import { formatError } from '../evaluator/diagnostics.js';
import { TransportHost } from '../transport/transport-host.js';
import { createStderrLogger, displayPath, type HotLogger } from './hot-logger.js';
import { launchChild } from './session-child.js';
import { InProcessApp } from './session-in-process.js';
import type { AppExit, AppListeners, LaunchConfig, LaunchedApp } from './session-launch.js';
import { isSessionEvent } from './session-protocol.js';
import { TransformServer } from './session-transforms.js';
import { launchWorker } from './session-worker.js';
import type { UpdateReport } from './update-report.js';

export type { AppExit } from './session-launch.js';

/**
 * Where a session runs its app: in the host's own thread, in a worker thread, or in a
 * child process. In a worker or a child the app has its own hot engine; the host watches
 * the files and forwards changes.
 */
export type SessionLaunch = 'in-process' | 'worker' | 'child-process';

/** A session's lifecycle: `created`, then `running` from `start()`, then `closed` from `close()`. */
export type SessionState = 'created' | 'running' | 'closed';

/** Options of {@link createSession}. */
export interface HotSessionOptions {
  /** The entry module: a path relative to `root`, or absolute. */
  readonly entry: string;
  /** The project root. Defaults to `process.cwd()`. */
  readonly root?: string;
  /** Extra export conditions for resolving packages, as `node --conditions`. */
  readonly conditions?: readonly string[];
  /** `false`: `import.meta.hot` is undefined and nothing is watched (a restart still works). */
  readonly hmr?: boolean;
  /** Where the app runs (default `in-process`). */
  readonly launch?: SessionLaunch;
  /**
   * Directory of the transform cache on disk, or `false` for none. Defaults to the runner's
   * (`node_modules/.cache/hot-node` of the nearest package). A child process shares it.
   */
  readonly cacheDir?: string | false;
  /** hot-node's own messages, wherever the app runs. Defaults to stderr. */
  readonly logger?: HotLogger;
  /** Worker and child process: the program's arguments (`process.argv` is `[node, entry, ...args]`). */
  readonly args?: readonly string[];
  /** Worker and child process: the program's environment. Defaults to the host's. */
  readonly env?: NodeJS.ProcessEnv;
  /** Worker and child process: Node's options for the app. Defaults to the host's. */
  readonly execArgv?: readonly string[];
  /**
   * Worker and child process: how long a restart or `close()` waits for the app's dispose
   * handlers before it ends the thread or process anyway, in ms (5000).
   */
  readonly disposeTimeoutMs?: number;
}

/** The session's own events; any other name is a custom event of the app. */
export interface HotSessionEvents {
  /** After every update the app's engine made (a save of the same content is none), with what it did. */
  update: (report: UpdateReport) => void;
  /** The session changed state. */
  state: (state: SessionState) => void;
  /**
   * The app's worker or process ended by itself (it was done, or crashed). The session
   * keeps watching and starts it again with the next change.
   */
  exit: (exit: AppExit) => void;
}

type Listener = (...args: never[]) => void;

const OWN_EVENTS: ReadonlySet<string> = new Set<keyof HotSessionEvents>(['update', 'state', 'exit']);

/**
 * One app and the transport that serves it, with a lifecycle: `created`, `running` (from
 * {@link start}), `closed` (from {@link close}). The app runs where {@link HotSessionOptions.launch}
 * says; wherever that is, the host gets its update reports, its log lines and its custom
 * events, and sends custom events to it.
 */
export class HotSession {
  /** Where the app runs. */
  readonly launch: SessionLaunch;
  readonly #config: LaunchConfig;
  readonly #logger: HotLogger;
  readonly #disposeTimeoutMs: number;
  readonly #listeners = new Map<string, Set<Listener>>();
  #state: SessionState = 'created';
  #app: LaunchedApp | undefined;
  /** The watcher of an app in a worker or child; it outlives each of them. */
  #host: TransportHost | undefined;
  #transforms: TransformServer | undefined;
  /** Start and restarts, one at a time. */
  #lifecycle: Promise<unknown> = Promise.resolve();
  #busy = 0;
  #closing: Promise<void> | undefined;

  /** Use {@link createSession}. */
  constructor(options: HotSessionOptions) {
    const root = path.resolve(options.root ?? process.cwd());
    this.launch = options.launch ?? 'in-process';
    this.#logger = options.logger ?? createStderrLogger();
    this.#disposeTimeoutMs = options.disposeTimeoutMs ?? 5_000;
    this.#config = {
      entry: path.resolve(root, options.entry),
      root,
      conditions: options.conditions ?? [],
      hmr: options.hmr !== false,
      cacheDir: options.cacheDir,
      args: options.args ?? [],
      env: options.env,
      execArgv: options.execArgv,
    };
  }

  /** The session's state: `created`, `running` or `closed`. */
  get state(): SessionState {
    return this.#state;
  }

  /**
   * Starts the app and resolves when its entry has loaded and its files are watched.
   * Rejects with the error (located, with a code frame, for a syntax error) when the entry
   * failed to load; the session keeps running and watching, and the next change retries.
   * @throws (rejects) when the session was started already or closed.
   */
  start(): Promise<void> {
    if (this.#state !== 'created') {
      return Promise.reject(new Error(`hot-node: the session cannot start: it is ${this.#state}`));
    }
    this.#setState('running');
    return this.#enqueue(() => this.#launch());
  }

  /**
   * Starts the app again: in-process, a full reload (every dispose handler runs, the entry
   * is imported again); in a worker or child, the old app's dispose handlers run (for at
   * most `disposeTimeoutMs`), it ends, and a new worker or child starts. Resolves when the
   * entry has loaded again; rejects with the error when it failed (watching goes on). A
   * worker or child whose start is still under way (a hung entry) is ended at once, and
   * that start rejects.
   */
  restart(reason = 'restart requested'): Promise<void> {
    if (this.#state !== 'running') {
      return Promise.reject(new Error(`hot-node: the session cannot restart: it is ${this.#state}`));
    }
    // Stopping a worker or child at once also ends a start that waits for it (a hung entry).
    const current = this.#app;
    if (current && !current.reload) void current.stop(this.#disposeTimeoutMs);
    return this.#enqueue(async () => {
      const app = this.#app;
      if (app?.reload) return app.reload(reason);
      this.#logger.info(`restart: ${reason}`);
      this.#app = undefined;
      await app?.stop(this.#disposeTimeoutMs);
      await this.#launch();
    });
  }

  /**
   * Runs the app's dispose handlers, ends its worker or process, and releases every handle
   * the session holds (watchers, ports, channels): the host process can exit. A start or
   * restart under way rejects. Calling it again returns the same promise.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  /**
   * Sends a custom event to the app: its `import.meta.hot.on(event)` listeners receive
   * `data` (a copy, where the app runs in a worker or child). Dropped while no app runs.
   * @throws TypeError for a name starting with `hot-node:` (the session's own events).
   */
  send(event: string, data?: unknown): void {
    if (isSessionEvent(event)) throw new TypeError(`hot-node: ${event} is an event of the session itself`);
    this.#app?.send(event, data);
  }

  /**
   * Listens to the session's own events (`update`, `state`, `exit`), or to a custom event
   * of the app: its `import.meta.hot.send(event, data)` calls `listener(data)`. Custom
   * events named like the session's own are not delivered.
   */
  on<K extends keyof HotSessionEvents>(event: K, listener: HotSessionEvents[K]): this;
  on(event: string, listener: (data: unknown) => void): this;
  on(event: string, listener: Listener): this {
    let listeners = this.#listeners.get(event);
    if (!listeners) this.#listeners.set(event, (listeners = new Set()));
    listeners.add(listener);
    return this;
  }

  /** Removes a listener added with {@link on}. */
  off<K extends keyof HotSessionEvents>(event: K, listener: HotSessionEvents[K]): this;
  off(event: string, listener: (data: unknown) => void): this;
  off(event: string, listener: Listener): this {
    this.#listeners.get(event)?.delete(listener);
    return this;
  }

  // ---- lifecycle ---------------------------------------------------------------------

  #enqueue(task: () => Promise<void>): Promise<void> {
    this.#busy++;
    const done = this.#lifecycle.then(task).finally(() => this.#busy--);
    this.#lifecycle = done.catch(() => {});
    return done;
  }

  async #launch(): Promise<void> {
    if (this.#state !== 'running') throw new Error('hot-node: the session was closed');
    const app = this.#createApp();
    this.#app = app;
    await app.started;
  }

  #createApp(): LaunchedApp {
    const listeners = this.#appListeners();
    switch (this.launch) {
      case 'in-process':
        return new InProcessApp(this.#config, this.#logger, listeners);
      case 'worker':
        this.#transforms ??= new TransformServer();
        return launchWorker(this.#config, this.#watchingHost(), this.#transforms, listeners);
      case 'child-process':
        return launchChild(this.#config, this.#watchingHost(), listeners);
    }
  }

  #watchingHost(): TransportHost {
    this.#host ??= new TransportHost({ onChange: (files) => this.#changedWithoutApp(files) });
    return this.#host;
  }

  #appListeners(): AppListeners {
    return {
      onReport: (report) => this.#emit('update', report),
      onCustom: (event, data) => {
        if (OWN_EVENTS.has(event)) {
          this.#logger.warn(
            `the app sent a custom event named ${event}, as an event of the session: dropped`,
          );
        } else {
          this.#emit(event, data);
        }
      },
      onLog: (level, message) => this.#logger[level](message),
      onExit: (exit) => {
        this.#app = undefined;
        const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
        this.#logger.info(`the app ended (${how}); it starts again with the next change`);
        this.#emit('exit', exit);
      },
    };
  }

  /** A change while no app runs (it ended by itself) starts it again. */
  #changedWithoutApp(files: readonly string[]): void {
    if (this.#state !== 'running' || this.#app || this.#busy > 0) return;
    const reason = `${files.map(displayPath).join(', ')} changed`;
    this.restart(reason).catch((error: unknown) => this.#logger.error(formatError(error)));
  }

  async #close(): Promise<void> {
    this.#setState('closed');
    // Stopping the app ends a start that waits for it, so the lifecycle settles.
    await this.#app?.stop(this.#disposeTimeoutMs);
    await this.#lifecycle;
    await this.#app?.stop(this.#disposeTimeoutMs);
    this.#app = undefined;
    await this.#host?.close();
  }

  #setState(state: SessionState): void {
    this.#state = state;
    this.#emit('state', state);
  }

  #emit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      try {
        (listener as (...values: unknown[]) => void)(...args);
      } catch (error) {
        this.#logger.error(`error in a session listener of ${event}:\n${formatError(error)}`);
      }
    }
  }
}

/** Creates a {@link HotSession} (in state `created`: {@link HotSession.start} starts it). */
export function createSession(options: HotSessionOptions): HotSession {
  return new HotSession(options);
}
