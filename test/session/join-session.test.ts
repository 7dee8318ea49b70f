import { afterEach, describe, expect, it } from 'vitest';
import type { HotEngine } from '../../src/hot/hot-engine.js';
import { joinSession } from '../../src/hot/session-app.js';
import type { SerializedReport } from '../../src/hot/session-protocol.js';
import type { HotPayload } from '../../src/transport/hot-payload.js';
import { listenForApps, type SocketHost } from '../../src/transport/socket-transport.js';
import { lines } from '../hot/helpers.js';
import { useSessions, waitFor } from './helpers.js';

const { project } = useSessions();
const hosts: SocketHost[] = [];
const engines: HotEngine[] = [];

afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
  await Promise.all(hosts.splice(0).map((host) => host.close()));
});

/** A socket host, and an app of this process that joined it. */
async function joined(files: Record<string, string>) {
  const app = project(files);
  const payloads: HotPayload[] = [];
  const host = await listenForApps({ onPayload: (payload) => payloads.push(payload) });
  hosts.push(host);
  const engine = await joinSession({
    entry: 'entry.ts',
    root: app.root,
    cacheDir: false,
    host: host.address,
  });
  engines.push(engine);
  const customs = (event: string): unknown[] =>
    payloads.flatMap((payload) =>
      payload.type === 'custom' && payload.event === event ? [payload.data] : [],
    );
  return { app, host, customs };
}

describe('an app that joined a session over a socket', () => {
  it('tells the host it started, and sends it the report of an edit the host saw', async () => {
    const { app, customs } = await joined({
      'entry.ts': lines("import './mod.ts';"),
      'mod.ts': lines('export const v = 1;', 'import.meta.hot?.accept();'),
    });
    await waitFor(
      () => (customs('hot-node:started').length > 0 ? true : undefined),
      () => 'no hot-node:started',
    );
    expect(customs('hot-node:started')).toEqual([{ ok: true }]);
    app.write({ 'mod.ts': lines('export const v = 2;', 'import.meta.hot?.accept();') });
    const [report] = await waitFor(
      () => {
        const reports = customs('hot-node:update') as SerializedReport[];
        return reports.length > 0 ? reports : undefined;
      },
      () => 'no hot-node:update',
    );
    expect(report).toMatchObject({ outcome: 'hot-update', changedFiles: [app.file('mod.ts')] });
  });

  it('runs its dispose handlers when the host goes away', async () => {
    const { app, host } = await joined({
      'entry.ts': lines(
        "import { writeFileSync } from 'node:fs';",
        "import.meta.hot?.dispose(() => writeFileSync(new URL('./disposed.txt', import.meta.url), 'entry'));",
      ),
    });
    await host.close();
    await waitFor(
      () => app.read('disposed.txt'),
      () => 'the dispose handler did not run',
    );
  });
});
