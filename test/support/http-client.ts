import http from 'node:http';
import net from 'node:net';
import { sleep } from './waiting.js';

const REQUEST_TIMEOUT_MS = 5_000;

/** What a GET came back with: the body, or the code of the error (`ECONNREFUSED`, `TIMEOUT`, ...). */
export type Answer = { readonly body: string } | { readonly error: string };

/** GET `http://127.0.0.1:<port><path>` on a new connection: the body, or the error's code. */
export function get(port: number, path = '/'): Promise<Answer> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ body }));
      response.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    // A request that hangs is a failure too, not a test that times out.
    request.setTimeout(REQUEST_TIMEOUT_MS, () =>
      request.destroy(Object.assign(new Error(), { code: 'TIMEOUT' })),
    );
  });
}

/** A port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** How the requests of a {@link startClientLoop} went. */
export interface ClientLoopResult {
  readonly ok: number;
  /** The error code of each failed request, in the order they failed. */
  readonly failed: string[];
}

/** A client sending requests until stopped. */
export interface ClientLoop {
  /** Sends no more requests; resolves once those under way are answered (or failed). */
  stop(): Promise<ClientLoopResult>;
}

/**
 * Sends a GET to `port` every `everyMs`, each on a new connection, without waiting for the
 * previous answer: a client that a restart must never refuse. Stop it to get the failures.
 */
export function startClientLoop(port: number, options: { everyMs: number; path?: string }): ClientLoop {
  const failed: string[] = [];
  let ok = 0;
  let running = true;
  const pending: Promise<void>[] = [];
  const sending = (async () => {
    while (running) {
      pending.push(
        get(port, options.path).then((answer) => {
          if ('body' in answer) ok++;
          else failed.push(answer.error);
        }),
      );
      await sleep(options.everyMs);
    }
  })();
  return {
    async stop() {
      running = false;
      await sending;
      await Promise.all(pending);
      return { ok, failed };
    },
  };
}
