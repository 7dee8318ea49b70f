/**
 * The script a worker thread of a session runs (from `dist/`): the app's side of the
 * session, over the MessagePort the host gave it, with transforms asked of the host.
 */
import { type MessagePort, workerData } from 'node:worker_threads';
import { portChannel } from '../transport/channel.js';
import { createRemoteTransport } from '../transport/remote-transport.js';
import { runSessionApp } from './session-app.js';
import type { LaunchConfig } from './session-launch.js';
import { remoteTransforms, type TransformPorts } from './session-transforms.js';

/** What the host puts in `workerData`. */
export interface WorkerLaunchData
  extends Pick<LaunchConfig, 'entry' | 'root' | 'conditions' | 'hmr' | 'cacheDir' | 'args'> {
  /** The app's end of the transport's link. */
  readonly port: MessagePort;
  /** Where transforms come from; absent: the worker transforms itself. */
  readonly transforms: TransformPorts | undefined;
}

const data = workerData as WorkerLaunchData;
process.argv = [process.argv[0]!, data.entry, ...data.args];
void runSessionApp({
  transport: createRemoteTransport(portChannel(data.port)),
  entry: data.entry,
  root: data.root,
  conditions: data.conditions,
  hmr: data.hmr,
  cacheDir: data.cacheDir,
  ...(data.transforms ? { transforms: remoteTransforms(data.transforms) } : {}),
  // In a worker, this ends the thread, with the program's exit code.
  end: () => process.exit(),
});
