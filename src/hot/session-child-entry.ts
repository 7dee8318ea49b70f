/**
 * The script a child process of a session runs (from `dist/`): the app's side of the
 * session over the IPC channel. It transforms locally (`require()` cannot wait for IPC),
 * sharing the transform cache on disk with the host and earlier children.
 */
import { parentChannel } from '../transport/ipc-channel.js';
import { createRemoteTransport } from '../transport/remote-transport.js';
import { runSessionApp } from './session-app.js';
import type { LaunchConfig } from './session-launch.js';

/** What the host passes as the script's one argument (JSON). */
export type ChildLaunchData = Pick<
  LaunchConfig,
  'entry' | 'root' | 'conditions' | 'hmr' | 'cacheDir' | 'args'
>;

const data = JSON.parse(process.argv[2] ?? '{}') as ChildLaunchData;
process.argv = [process.argv[0]!, data.entry, ...data.args];
const channel = parentChannel();
void runSessionApp({
  transport: createRemoteTransport(channel),
  entry: data.entry,
  root: data.root,
  conditions: data.conditions,
  hmr: data.hmr,
  cacheDir: data.cacheDir,
  // What was sent before the end still reaches the host: the process ends once the channel is closed.
  end: () => channel.onClose(() => process.exit()),
});
