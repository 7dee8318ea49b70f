import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type Cli, type Project, poll, saveUntil, sleep, useCli } from './helpers.js';

const { project, start } = useCli();

const pkg = '{ "type": "module" }\n';
/** Clients sending their next request on the same connection as soon as the last one is answered. */
const CLIENTS = 4;
const REQUEST_TIMEOUT_MS = 5_000;

/**
 * Answers with its pid. `/slow` answers once the process is being stopped (its dispose
 * handler ran), so that its response is under way when the restart stops the process.
 */
const serverSource = [
  "import { createServer } from 'node:http';",
  'let disposing = () => {};',
  'const disposed = new Promise<void>((resolve) => (disposing = resolve));',
  'const server = createServer((req, res) => {',
  "  if (req.url === '/slow') void disposed.then(() => setTimeout(() => res.end(String(process.pid)), 100));",
  '  else res.end(String(process.pid));',
  '});',
  "server.listen(0, '127.0.0.1', () => {",
  "  console.log('pid ' + process.pid);",
  "  console.log('listening ' + (server.address() as { port: number }).port);",
  '});',
  'import.meta.hot?.accept();',
  'import.meta.hot?.dispose(async () => {',
  '  disposing();',
  '  await new Promise<void>((resolve) => server.close(() => resolve()));',
  "  console.log('disposed');",
  '});',
  '',
].join('\n');

type Answer = { readonly body: string; readonly localPort: number } | { readonly error: string };

/** A client that keeps one connection open between its requests. */
function keepAliveClient(port: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  agents.push(agent);
  return {
    request(path = '/'): Promise<Answer> {
      return new Promise((resolve) => {
        const request = http.get({ host: '127.0.0.1', port, path, agent }, (response) => {
          let body = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
          response.on('end', () => resolve({ body, localPort: request.socket!.localPort! }));
          response.on('error', (error: NodeJS.ErrnoException) =>
            resolve({ error: error.code ?? error.message }),
          );
        });
        request.on('error', (error: NodeJS.ErrnoException) =>
          resolve({ error: error.code ?? error.message }),
        );
        request.setTimeout(REQUEST_TIMEOUT_MS, () =>
          request.destroy(Object.assign(new Error(), { code: 'TIMEOUT' })),
        );
      });
    },
  };
}

const agents: http.Agent[] = [];
afterEach(() => {
  for (const agent of agents.splice(0)) agent.destroy();
});

function pids(cli: Cli): string[] {
  return [...cli.stdout().matchAll(/^pid (\d+)$/gm)].map((match) => match[1]!);
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Restarts the program with a change of package.json; resolves with the old pid and the new
 * one, once the old process exited.
 */
async function restart(cli: Cli, app: Project): Promise<{ old: string; next: string }> {
  const old = pids(cli)[0]!;
  await saveUntil(
    app,
    'package.json',
    '{ "type": "module", "name": "changed" }\n',
    () => pids(cli).length > 1,
  );
  await poll(
    () => (running(Number(old)) ? undefined : true),
    () => `the old process ${old} did not exit\n${cli.stderr()}`,
  );
  return { old, next: pids(cli)[1]! };
}

async function started(): Promise<{ cli: Cli; app: Project; port: number }> {
  const app = project({ 'package.json': pkg, 'server.ts': serverSource });
  const cli = start(app, ['server.ts']);
  const port = Number((await cli.waitFor(/listening (\d+)/))[1]);
  return { cli, app, port };
}

describe('connections across a restart', () => {
  it('keep-alive clients requesting all along lose no request, and the new process answers them after', async () => {
    const { cli, app, port } = await started();
    let stopping = false;
    const clients = Array.from({ length: CLIENTS }, async () => {
      const client = keepAliveClient(port);
      const answers: Answer[] = [];
      while (!stopping) answers.push(await client.request());
      // Sent once the old process is gone.
      answers.push(await client.request());
      return answers;
    });
    await sleep(200);
    const { old, next } = await restart(cli, app);
    stopping = true;
    const answers = await Promise.all(clients);

    expect(answers.flat().filter((answer) => 'error' in answer)).toEqual([]);
    for (const each of answers) {
      expect(each[0]).toMatchObject({ body: old });
      expect(each[each.length - 1]).toMatchObject({ body: next });
    }
  });

  it('an idle keep-alive connection opened before the restart is answered by the new process on the same socket', async () => {
    const { cli, app, port } = await started();
    const client = keepAliveClient(port);
    const before = await client.request();
    const { old, next } = await restart(cli, app);
    const after = await client.request();

    expect(before).toMatchObject({ body: old });
    expect(after).toEqual({ body: next, localPort: (before as { localPort: number }).localPort });
  });

  it('a response under way when the restart stops the process is written by the old process, and the connection goes on in the new one', async () => {
    const { cli, app, port } = await started();
    const client = keepAliveClient(port);
    const first = await client.request();
    const slow = client.request('/slow');
    const { old, next } = await restart(cli, app);
    const answered = await slow;
    const after = await client.request();

    const localPort = (first as { localPort: number }).localPort;
    expect(answered).toEqual({ body: old, localPort });
    expect(after).toEqual({ body: next, localPort });
  });
});
