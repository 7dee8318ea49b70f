import { MessageChannel, Worker, type WorkerOptions } from 'node:worker_threads';
import { formatError } from '../evaluator/diagnostics.js';
import { portChannel } from '../transport/channel.js';
import type { TransportHost } from '../transport/transport-host.js';
import {
  type AppListeners,
  type LaunchConfig,
  type LaunchedApp,
  launchExecArgv,
  launchScript,
} from './session-launch.js';
import { RemoteApp } from './session-remote-app.js';
import type { TransformServer } from './session-transforms.js';
import type { WorkerLaunchData } from './session-worker-entry.js';

/**
 * Starts the app in a worker thread with its own hot engine: the host's transport host
 * watches for it, and the host's transform server transforms for it.
 */
export function launchWorker(
  config: LaunchConfig,
  host: TransportHost,
  transforms: TransformServer,
  listeners: AppListeners,
): LaunchedApp {
  const link = new MessageChannel();
  const served = transforms.serve();
  const data: WorkerLaunchData = {
    entry: config.entry,
    root: config.root,
    conditions: config.conditions,
    hmr: config.hmr,
    cacheDir: config.cacheDir,
    args: config.args,
    port: link.port2,
    transforms: served.ports,
  };
  const worker = startWorker(config, {
    workerData: data,
    transferList: [link.port2, ...served.transferList],
    ...(config.env ? { env: config.env } : {}),
  });
  // An uncaught error ends the worker; the host prints it, as Node would for a process.
  let uncaught: unknown;
  worker.on('error', (error) => {
    uncaught = error;
    listeners.onLog('error', formatError(error));
  });
  const channel = portChannel(link.port1);
  const exited = new Promise<{ code: number; signal: null }>((resolve) =>
    worker.once('exit', (code) => {
      // What the worker posted last may still wait behind its exit.
      channel.drain();
      resolve({ code, signal: null });
    }),
  );
  return new RemoteApp(
    channel,
    host,
    listeners,
    { exited, kill: () => void worker.terminate(), uncaught: () => uncaught },
    () => served.close(),
  );
}

/**
 * Starts the worker with the Node options of {@link launchExecArgv}. A worker refuses the
 * options that belong to the whole process (`--expose-gc`, heap sizes: it shares them
 * anyway), though it inherits them silently: those it names are left out.
 */
function startWorker(config: LaunchConfig, options: WorkerOptions): Worker {
  const script = launchScript('session-worker-entry');
  const execArgv = launchExecArgv(config);
  const inherited = config.execArgv === undefined && execArgv.join('\0') === process.execArgv.join('\0');
  if (inherited) return new Worker(script, options);
  try {
    return new Worker(script, { ...options, execArgv });
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw error;
    const refused = new Set(
      ((error as Error).message.split(': ')[1] ?? '').split(',').map((flag) => flag.trim()),
    );
    return new Worker(script, { ...options, execArgv: execArgv.filter((option) => !refused.has(option)) });
  }
}
