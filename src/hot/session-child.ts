import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { childChannel } from '../transport/ipc-channel.js';
import type { TransportHost } from '../transport/transport-host.js';
import type { ChildLaunchData } from './session-child-entry.js';
import {
  type AppExit,
  type AppListeners,
  type LaunchConfig,
  type LaunchedApp,
  launchExecArgv,
  launchScript,
} from './session-launch.js';
import { RemoteApp } from './session-remote-app.js';

/**
 * Starts the app in a child process (`fork`, with an IPC channel) with its own hot engine:
 * the host's transport host watches for it; it transforms itself, sharing the transform
 * cache on disk. Its standard streams are the host's.
 */
export function launchChild(config: LaunchConfig, host: TransportHost, listeners: AppListeners): LaunchedApp {
  const data: ChildLaunchData = {
    entry: config.entry,
    root: config.root,
    conditions: config.conditions,
    hmr: config.hmr,
    cacheDir: config.cacheDir,
    args: config.args,
  };
  const child = fork(fileURLToPath(launchScript('session-child-entry')), [JSON.stringify(data)], {
    execArgv: launchExecArgv(config),
    env: config.env ?? process.env,
    // Custom events carry what structured clone carries, as with a worker.
    serialization: 'advanced',
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  // The last messages of the child may be read after its exit: it ended once its channel did too.
  const disconnected = new Promise<void>((resolve) => {
    if (!child.connected) resolve();
    child.once('disconnect', resolve);
  });
  const exited = new Promise<AppExit>((resolve) => {
    child.once('exit', (code, signal) => void disconnected.then(() => resolve({ code, signal })));
    child.once('error', () => resolve({ code: null, signal: null }));
  });
  return new RemoteApp(childChannel(child), host, listeners, {
    exited,
    kill: () => child.kill('SIGKILL'),
  });
}
