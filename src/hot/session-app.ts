import path from 'node:path';
import type { TransformProvider } from '../runner/module-loader.js';
import type { RemoteTransport } from '../transport/remote-transport.js';
import { type ConnectOptions, connectToHost } from '../transport/socket-transport.js';
import type { Transport, TransportMessage } from '../transport/transport.js';
import { HotEngine } from './hot-engine.js';
import type { HotLogger } from './hot-logger.js';
import {
  type HostEvents,
  isSessionEvent,
  serializeError,
  serializeReport,
  sessionPayload,
} from './session-protocol.js';

/** Options of {@link runSessionApp}. */
export interface SessionAppOptions {
  /** The app's end of the transport to the session's host. */
  readonly transport: RemoteTransport;
  /** The entry module: an absolute path, or a path relative to `root`. */
  readonly entry: string;
  readonly root: string;
  readonly conditions: readonly string[];
  readonly hmr: boolean;
  readonly cacheDir?: string | false;
  /** Where transforms come from (a worker asks its main thread). Defaults to the local pipeline. */
  readonly transforms?: TransformProvider;
  /**
   * Called once the engine closed at the host's request (every dispose handler ran), or
   * when the host is gone: ends the thread or the process.
   */
  readonly end: () => void;
}

/**
 * The app's side of a session, in the thread or process it runs in: a hot engine whose
 * transport is the link to the host. It loads the entry and says how that went, sends its
 * update reports and log lines to the host, and obeys the host's `hot-node:shutdown` and
 * `hot-node:reload`. A failed start leaves it watching: the next change retries.
 */
export async function runSessionApp(options: SessionAppOptions): Promise<HotEngine> {
  const remote = options.transport;
  let toEngine: ((message: TransportMessage) => void) | undefined;
  let ending: Promise<void> | undefined;
  const end = (): Promise<void> =>
    (ending ??= engine
      .close()
      .catch((error: unknown) => logger.error(`error while closing: ${String(error)}`))
      .then(() => remote.close())
      .then(options.end));

  const logger = forwardingLogger((level, message) =>
    remote.send(sessionPayload('hot-node:log', { level, message })),
  );
  // The session's link outlives the engine: it still carries the end of the shutdown.
  const transport: Transport = {
    connect: (handler) => {
      toEngine = handler;
    },
    send: (payload) => remote.send(payload),
    watch: (files) => remote.watch(files),
    ready: () => remote.ready(),
    close: async () => {
      toEngine = undefined;
    },
  };
  const engine = new HotEngine({
    root: options.root,
    conditions: options.conditions,
    hmr: options.hmr,
    logger,
    transport,
    ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
    ...(options.transforms ? { transforms: options.transforms } : {}),
  });
  remote.connect((message) => {
    if (message.type !== 'custom' || !isSessionEvent(message.event)) toEngine?.(message);
    else if (message.event === 'hot-node:shutdown') void end();
    else if (message.event === 'hot-node:reload') {
      void engine.reload((message.data as HostEvents['hot-node:reload'] | undefined)?.reason);
    }
  });
  remote.onClose(() => void end());

  // While the entry fails to load, the app waits for its fix, which nothing else may wait for.
  let waitingForFix: (() => void) | undefined;
  engine.on('update', (report) => {
    remote.send(sessionPayload('hot-node:update', serializeReport(report)));
    if (report.outcome === 'hot-update' || report.outcome === 'full-reload') waitingForFix?.();
  });

  try {
    await engine.import(path.resolve(options.root, options.entry));
    await engine.ready();
    remote.send(sessionPayload('hot-node:started', { ok: true }));
  } catch (error) {
    if (options.hmr) waitingForFix = remote.hold();
    await engine.ready();
    remote.send(sessionPayload('hot-node:started', { ok: false, error: serializeError(error) }));
  }
  return engine;
}

/** Options of {@link joinSession}. */
export interface JoinSessionOptions
  extends Omit<SessionAppOptions, 'transport' | 'root' | 'conditions' | 'hmr' | 'end'>,
    Partial<Pick<SessionAppOptions, 'root' | 'conditions' | 'end'>> {
  /** Where the host listens, and its token. Defaults to `$HOT_NODE_SESSION`. */
  readonly host?: ConnectOptions;
}

/**
 * Runs an app started by someone else under a session whose host listens on a socket
 * (`listenForApps()`): connects with the token, then serves as {@link runSessionApp}.
 * Rejects when the host cannot be reached or refuses the token. When the host asks to
 * shut down, or goes away, the app's dispose handlers run and `end` is called (by default
 * nothing more: what still runs decides whether the process goes on).
 */
export async function joinSession(options: JoinSessionOptions): Promise<HotEngine> {
  const transport = await connectToHost(options.host);
  return runSessionApp({
    ...options,
    transport,
    root: options.root ?? process.cwd(),
    conditions: options.conditions ?? [],
    hmr: true,
    end: options.end ?? (() => {}),
  });
}

/** A logger whose lines go to the host's logger. */
function forwardingLogger(
  send: (level: 'info' | 'warn' | 'error' | 'debug', message: string) => void,
): HotLogger {
  return {
    info: (message) => send('info', message),
    warn: (message) => send('warn', message),
    error: (message) => send('error', message),
    debug: (message) => send('debug', message),
  };
}
