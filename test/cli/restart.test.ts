import { describe, expect, it } from 'vitest';
import { startClientLoop } from '../support/http-client.js';
import { type Cli, freePort, get, type Project, saveUntil, serverSource, sleep, useCli } from './helpers.js';

const { project, start } = useCli();

const pkg = '{ "type": "module" }\n';
/** Duration and pace of the client loop that must never be refused. */
const LOOP_MS = 3_000;
const REQUEST_EVERY_MS = 5;

function pids(cli: Cli): string[] {
  return [...cli.stdout().matchAll(/^pid (\d+)$/gm)].map((match) => match[1]!);
}

async function started(
  app: Project,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ cli: Cli; port: number }> {
  const cli = start(app, [...args, 'server.ts'], { env });
  const port = Number((await cli.waitFor(/listening (\d+)/))[1]);
  return { cli, port };
}

describe('restarts', () => {
  it('a change of package.json starts a new process without refusing a single connection', async () => {
    const app = project({ 'package.json': pkg, 'server.ts': serverSource() });
    const { cli, port } = await started(app, []);
    const first = pids(cli)[0];
    const loop = startClientLoop(port, { everyMs: REQUEST_EVERY_MS });
    const loopEnd = sleep(LOOP_MS);
    await sleep(300);
    await saveUntil(
      app,
      'package.json',
      '{ "type": "module", "name": "changed" }\n',
      () => pids(cli).length > 1,
    );
    await loopEnd;
    const { ok, failed } = await loop.stop();
    expect(failed).toEqual([]);
    // The loop really ran through the restart (fewer requests complete on a loaded machine).
    expect(ok).toBeGreaterThan(20);
    expect(pids(cli)[1]).not.toBe(first);
    await cli.waitFor(/\[hot-node\] restart: package\.json changed/, 'stderr');
    expect(await get(port)).toEqual({ body: 'v1' });
  });

  it('stops the old process with its dispose handlers once the new one listens', async () => {
    const app = project({ 'package.json': pkg, 'server.ts': serverSource() });
    const { cli } = await started(app, []);
    await saveUntil(
      app,
      'package.json',
      '{ "type": "module", "version": "2.0.0" }\n',
      () => pids(cli).length > 1,
    );
    await cli.waitFor(/pid \d+\nlistening \d+\n[\s\S]*disposed\n/);
  });

  it('a change of tsconfig.json starts a new process', async () => {
    const app = project({ 'package.json': pkg, 'tsconfig.json': '{}\n', 'server.ts': serverSource() });
    const { cli } = await started(app, []);
    await saveUntil(
      app,
      'tsconfig.json',
      '{ "compilerOptions": { "strict": true } }\n',
      () => pids(cli).length > 1,
    );
    expect(pids(cli)[1]).not.toBe(pids(cli)[0]);
    await cli.waitFor(/\[hot-node\] restart: tsconfig\.json changed/, 'stderr');
  });

  it('a change of the lockfile (package-lock.json) starts a new process', async () => {
    const lockfile = (version: number) =>
      `${JSON.stringify({ name: 'app', lockfileVersion: 3, requires: true, packages: { '': { version: `${version}.0.0` } } })}\n`;
    const app = project({
      'package.json': pkg,
      'package-lock.json': lockfile(1),
      'server.ts': serverSource(),
    });
    const { cli } = await started(app, []);
    await saveUntil(app, 'package-lock.json', lockfile(2), () => pids(cli).length > 1);
    expect(pids(cli)[1]).not.toBe(pids(cli)[0]);
    await cli.waitFor(/\[hot-node\] restart: package-lock\.json changed/, 'stderr');
  });

  it('a lockfile created after the start (the first npm install) starts a new process', async () => {
    const app = project({ 'package.json': pkg, 'server.ts': serverSource() });
    const { cli } = await started(app, []);
    await saveUntil(app, 'package-lock.json', '{ "lockfileVersion": 3 }\n', () => pids(cli).length > 1);
    expect(pids(cli)[1]).not.toBe(pids(cli)[0]);
    await cli.waitFor(/\[hot-node\] restart: package-lock\.json changed/, 'stderr');
  });

  it('a --watch path restarts the process when it changes', async () => {
    const app = project({ 'package.json': pkg, 'server.ts': serverSource(), 'config/app.json': '{}\n' });
    const { cli } = await started(app, ['--watch', 'config']);
    await saveUntil(app, 'config/app.json', '{ "debug": true }\n', () => pids(cli).length > 1);
  });

  it('with --reload restart an edit that reaches an entry without a boundary starts a new process', async () => {
    const app = project({ 'package.json': pkg, 'server.ts': serverSource({ accept: false }) });
    // A new process listens where the program says: a fixed port, as a real server's.
    const { cli, port } = await started(app, ['--reload', 'restart'], { PORT: String(await freePort()) });
    await saveUntil(
      app,
      'server.ts',
      serverSource({ accept: false, body: 'v2' }),
      () => pids(cli).length > 1,
    );
    // The first process does not reload in place before the restart: each process ran the entry once.
    const [first, second] = pids(cli);
    expect(second).not.toBe(first);
    // Both workers serve until the old one has handed over: the new code answers from then on.
    const deadline = Date.now() + 10_000;
    let response = await get(port);
    while (!('body' in response && response.body === 'v2') && Date.now() < deadline) {
      await sleep(20);
      response = await get(port);
    }
    expect(response).toEqual({ body: 'v2' });
  });

  it('rs on stdin starts a new process', async () => {
    const app = project({ 'package.json': pkg, 'server.ts': serverSource() });
    const cli = start(app, ['--stdin-commands', 'server.ts'], { stdin: 'pipe' });
    await cli.waitFor(/listening \d+/);
    cli.child.stdin!.write('rs\n');
    await cli.waitFor(/restart: rs/, 'stderr');
    await cli.waitFor(/pid \d+\nlistening \d+\n[\s\S]*pid \d+\nlistening \d+\n/);
    expect(new Set(pids(cli)).size).toBe(2);
  });

  it('rs on stdin reloads in the same process with --no-supervisor', async () => {
    const app = project({ 'package.json': pkg, 'server.ts': serverSource() });
    const cli = start(app, ['--stdin-commands', '--no-supervisor', 'server.ts'], { stdin: 'pipe' });
    await cli.waitFor(/listening \d+/);
    cli.child.stdin!.write('rs\n');
    await cli.waitFor(/full reload after a reload request/, 'stderr');
    await cli.waitFor(/disposed\npid \d+\nlistening/);
    expect(new Set(pids(cli)).size).toBe(1);
  });

  it('never reads a piped stdin without --stdin-commands: the program gets it all', async () => {
    const source = [
      "let input = '';",
      "process.stdin.setEncoding('utf8').on('data', (chunk) => (input += chunk));",
      "process.stdin.on('end', () => console.log(JSON.stringify(input)));",
      '',
    ].join('\n');
    const app = project({ 'package.json': pkg, 'main.ts': source });
    const cli = start(app, ['main.ts'], { stdin: 'pipe' });
    cli.child.stdin!.end('rs\nhello\n');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(cli.stdout()).toBe('"rs\\nhello\\n"\n');
    expect(cli.stderr()).toBe('');
  });
});
