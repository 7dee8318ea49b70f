import cluster, { type Worker } from 'node:cluster';
import type { FSWatcher } from 'chokidar';
import { displayPath, type HotLogger } from '../hot/hot-logger.js';
import type { RunOptions } from './arguments.js';
import { createCliLogger } from './cli-logger.js';
import { forwardConnection } from './connection-forwarding.js';
import { createIgnoreMatcher } from './ignore-patterns.js';
import { restartPaths, watchRestartTriggers } from './restart-triggers.js';
import {
  isConnectionMessage,
  isWorkerMessage,
  type StopSignal,
  signalExitCode,
} from './supervisor-messages.js';

/** How long a worker that is done may take to run its dispose handlers before it is killed. */
const RETIRE_TIMEOUT_MS = 5_000;
/** How long a new worker that started may take to listen (as the previous one did) before it takes over. */
const LISTEN_TIMEOUT_MS = 10_000;

/**
 * Runs the program in a cluster worker and restarts it when asked (configuration files,
 * `--watch` paths, `--reload restart`, `rs`). The supervisor runs no user code; as the
 * cluster primary it holds the listening sockets, so a restart starts the new worker, waits
 * until it listens (or started, for a program that does not listen), and only then stops
 * the old one: clients are never refused. The old worker's HTTP connections go on in the new
 * one (see `releaseConnections`): keep-alive clients lose no request. It exits with the
 * program's exit code.
 */
export async function supervise(options: RunOptions, argv: readonly string[]): Promise<void> {
  const logger = createCliLogger(options);
  // Workers accept from the shared socket themselves: a worker that stops listening leaves
  // its queued connections to the others. With round-robin the primary hands each
  // connection to a worker, and one handed to a worker that is exiting is lost.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  cluster.setupPrimary({
    // The worker runs this same command line; Node's options are for it alone.
    args: [...argv],
    execArgv: [
      ...process.execArgv,
      ...options.conditions.map((condition) => `--conditions=${condition}`),
      ...options.nodeOptions,
    ],
  });
  const supervisor = new Supervisor(options, logger);
  if (!options.hmr) return;
  const root = process.cwd();
  supervisor.watcher = await watchRestartTriggers({
    paths: restartPaths(options.entry, options.watch, root),
    ignored: createIgnoreMatcher(options.ignore, root),
    onChange: (file) => supervisor.restart(`${displayPath(file)} changed`),
  });
}

class Supervisor {
  watcher: FSWatcher | undefined;
  readonly #options: RunOptions;
  readonly #logger: HotLogger;
  #current: Worker;
  /** A worker being started by a restart, until it takes over. */
  #starting: Worker | undefined;
  readonly #retiring = new Set<Worker>();
  readonly #listened = new WeakSet<Worker>();
  #pendingRestart: string | undefined;
  #stopSignals = 0;

  constructor(options: RunOptions, logger: HotLogger) {
    this.#options = options;
    this.#logger = logger;
    this.#current = this.#fork();
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => this.#onSignal(signal));
  }

  /** Starts a new worker, and stops the current one once the new one took over. */
  restart(reason: string): void {
    if (this.#stopSignals > 0) return;
    if (this.#starting) {
      this.#pendingRestart = reason;
      return;
    }
    this.#logger.info(`restart: ${reason}`);
    const previous = this.#current;
    const next = this.#fork();
    this.#starting = next;
    void this.#tookOver(next, this.#listened.has(previous)).then(() => {
      if (this.#starting !== next) return;
      this.#starting = undefined;
      this.#current = next;
      this.#retire(previous);
      const pending = this.#pendingRestart;
      this.#pendingRestart = undefined;
      if (pending) this.restart(pending);
    });
  }

  #fork(): Worker {
    const worker = cluster.fork();
    worker.on('listening', () => this.#listened.add(worker));
    worker.on('message', (message: unknown, handle: unknown) => {
      // A retiring worker's connections go on in the worker that took over from it.
      if (isConnectionMessage(message))
        return forwardConnection(message, handle, worker === this.#current ? undefined : this.#current);
      if (isWorkerMessage(message) && message.type === 'hot-node:restart' && worker === this.#current)
        this.restart(message.reason);
    });
    worker.on('exit', (code: number | null, signal: NodeJS.Signals | null) =>
      this.#onExit(worker, code, signal),
    );
    return worker;
  }

  /**
   * Resolves when `worker` can serve: it listens (when the previous worker did), or its
   * program started. A worker whose program failed to start does not take over until its
   * fix; the previous one serves meanwhile.
   */
  #tookOver(worker: Worker, mustListen: boolean): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      worker.once('listening', done);
      worker.once('exit', done);
      worker.on('message', (message: unknown) => {
        if (!isWorkerMessage(message) || message.type !== 'hot-node:started' || !message.ok) return;
        if (!mustListen) done();
        else timer ??= setTimeout(done, LISTEN_TIMEOUT_MS);
      });
    });
  }

  #retire(worker: Worker): void {
    this.#retiring.add(worker);
    if (worker.isConnected()) worker.send({ type: 'hot-node:shutdown' });
    setTimeout(() => worker.process.kill('SIGKILL'), RETIRE_TIMEOUT_MS).unref();
  }

  #onExit(worker: Worker, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.#retiring.delete(worker)) return;
    // The program ended by itself (or after a stop signal): so does hot-node, with its code.
    for (const other of [this.#current, this.#starting]) {
      if (other && other !== worker && !other.isDead()) other.process.kill('SIGKILL');
    }
    void this.watcher?.close();
    process.exit(code ?? (signal ? signalExitCode(signal) : 1));
  }

  /** The first signal stops the program gracefully; a second kills it at once. */
  #onSignal(signal: StopSignal): void {
    this.#stopSignals++;
    const workers = [this.#current, this.#starting].filter(
      (w): w is Worker => w !== undefined && !w.isDead(),
    );
    if (this.#stopSignals > 1) {
      for (const worker of [...workers, ...this.#retiring]) worker.process.kill('SIGKILL');
      process.exit(signalExitCode(signal));
    }
    for (const worker of workers) {
      if (this.#options.hmr && worker.isConnected()) worker.send({ type: 'hot-node:signal', signal });
      else worker.process.kill(signal);
    }
  }
}
