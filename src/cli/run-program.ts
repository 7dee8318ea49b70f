import path from 'node:path';
import { formatError } from '../evaluator/diagnostics.js';
import { adoptConnection } from '../hot/connection-adoption.js';
import { releaseConnections } from '../hot/connection-release.js';
import { HotEngine } from '../hot/hot-engine.js';
import type { HotLogger } from '../hot/hot-logger.js';
import { watchListeningServers } from '../hot/listening-servers.js';
import { createInProcessTransport } from '../transport/in-process-transport.js';
import type { RunOptions } from './arguments.js';
import { createCliLogger } from './cli-logger.js';
import { openEnvFiles } from './env-files.js';
import { withIgnoredFiles } from './filtered-transport.js';
import { FixWaiter } from './fix-waiter.js';
import { createIgnoreMatcher } from './ignore-patterns.js';
import { keepAliveOnRuntimeErrors } from './runtime-errors.js';
import { listenForStdinCommands } from './stdin-commands.js';
import { handleStopSignals } from './stop-signals.js';
import type { SupervisorLink } from './supervisor-link.js';

/**
 * Runs the program in this process (hot-node's own, or the supervisor's worker). The
 * program sees `process.argv` as `node <entry> [args...]` would give it, and its exit code
 * is the process's.
 */
export async function runProgram(options: RunOptions, supervisor: SupervisorLink | undefined): Promise<void> {
  const entry = path.resolve(options.entry);
  process.argv = [process.argv[0]!, entry, ...options.scriptArguments];
  const logger = createCliLogger(options);
  const envFiles = openEnvFiles(options.envFiles, logger);
  if (!envFiles) return;
  if (!options.hmr) return runOnce(entry, options, logger);

  const root = process.cwd();
  const ignored = createIgnoreMatcher(options.ignore, root);
  const restartsProcess = options.reload === 'restart' && supervisor !== undefined;
  const restart = (reason: string): void => supervisor?.send({ type: 'hot-node:restart', reason });
  const engine = new HotEngine({
    root,
    conditions: options.conditions,
    logger,
    transport: withIgnoredFiles(createInProcessTransport(), ignored),
    // With --env-file: which module reads which variable, to re-run it when the file changes.
    ...envFiles.recordReads(),
    // With --reload restart, a change nothing accepts starts a new process instead of reloading this one.
    ...(restartsProcess
      ? {
          onFullReload: (reason: string) => {
            restart(reason);
            return false;
          },
        }
      : {}),
  });
  envFiles.watch(engine);
  const signals = handleStopSignals({ close: () => engine.close(), logger });
  if (supervisor) {
    // A restart moves the connections of the old worker's servers to the new worker's, which
    // must know its servers (they listen once the entry runs).
    watchListeningServers();
    supervisor.onConnection(adoptConnection);
    supervisor.onMessage((message) => {
      if (message.type === 'hot-node:signal') return signals.forwarded(message.signal);
      // A new worker took over: keep-alive connections go on there rather than being reset.
      const connections = releaseConnections((handle, address) => supervisor.sendConnection(handle, address));
      void engine
        .close()
        .finally(() => connections.drained())
        .finally(() => process.exit(0));
    });
  }
  const waiter = new FixWaiter(engine, logger);
  keepAliveOnRuntimeErrors(waiter);

  // `rs` is a new process, as nodemon's: the one way to load changed packages again (they are
  // loaded natively, once per process). Without a supervisor there is only this process.
  listenForStdinCommands(options.stdinCommands, () => {
    if (supervisor) restart('rs');
    else void engine.reload('rs');
  });

  try {
    await engine.import(entry);
    supervisor?.send({ type: 'hot-node:started', ok: true });
  } catch (error) {
    process.stderr.write(`${formatError(error)}\n`);
    process.exitCode = 1;
    waiter.wait(() => {
      process.exitCode = 0;
      supervisor?.send({ type: 'hot-node:started', ok: true });
    });
    supervisor?.send({ type: 'hot-node:started', ok: false });
  }
}

/**
 * `--no-hmr`: as node would run it. An error at start is the process's end (exit code 1) at
 * once, as node's uncaught error is: the timers and sockets of the modules that ran before
 * it do not keep the process going.
 */
async function runOnce(entry: string, options: RunOptions, logger: HotLogger): Promise<void> {
  const engine = new HotEngine({ root: process.cwd(), conditions: options.conditions, hmr: false, logger });
  try {
    await engine.import(entry);
  } catch (error) {
    process.stderr.write(`${formatError(error)}\n`);
    process.exit(1);
  }
}
