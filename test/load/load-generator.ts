import { performance } from 'node:perf_hooks';
import { type AutocannonResult, autocannon } from './autocannon.js';
import { PIECES, type Piece, readMarks } from './marks.js';

/** One answered request. Times are `performance.now()` of this process. */
export interface Sample {
  readonly startedAt: number;
  readonly endedAt: number;
  readonly marks: Partial<Record<Piece, number>>;
  /** The process that rendered the page (its footer). */
  readonly pid: number | undefined;
}

/** A request that was not answered as it should be: an error, a timeout, a non-2xx status, a page without marks. */
export interface Failure {
  readonly startedAt: number;
  readonly reason: string;
}

export interface LoadResult {
  readonly samples: readonly Sample[];
  readonly failures: readonly Failure[];
  readonly startedAt: number;
  readonly stoppedAt: number;
  /** autocannon's own counts, to compare with ours. */
  readonly autocannon: AutocannonResult;
}

export interface LoadRun {
  /** Ends the run (requests still open are cut off, not counted) and gives what it saw. */
  stop(): Promise<LoadResult>;
}

export interface LoadOptions {
  /** The page to request, `http://127.0.0.1:<port>/`. */
  readonly url: string;
  /** Keep-alive connections, each with one request at a time. */
  readonly connections: number;
}

/** The longest a run can go; runs end with `stop()`. */
const MAX_DURATION_S = 3_600;
const TIMEOUT_S = 10;

/**
 * Loads the app with autocannon and checks every response: each connection sends its next
 * request as soon as the previous one is answered; a request that gets no response (the
 * connection closed or failed, or it timed out) is seen when the client writes the next one
 * while it is still open.
 */
export function startLoad(options: LoadOptions): LoadRun {
  const samples: Sample[] = [];
  const failures: Failure[] = [];
  const startedAt = performance.now();
  let stopped = false;
  /** The response autocannon just parsed: `onResponse` runs right before the client's 'response' event. */
  let answer: { status: number; body: string; headers: Record<string, string> } | undefined;
  let stopRun = (): void => {};

  const finished = new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        pipelining: 1,
        duration: MAX_DURATION_S,
        timeout: TIMEOUT_S,
        sampleInt: 100,
        requests: [
          {
            method: 'GET',
            onResponse: (status, body, _context, headers) => {
              answer = { status, body, headers };
            },
          },
        ],
        setupClient(client) {
          let sentAt: number | undefined;
          let problem: string | undefined;
          client.on('request', () => {
            if (sentAt !== undefined && !stopped) {
              failures.push({ startedAt: sentAt, reason: problem ?? 'connection closed without a response' });
            }
            sentAt = performance.now();
            problem = undefined;
          });
          client.on('connError', (error) => {
            problem ??= error.code ?? error.message;
          });
          client.on('timeout', () => {
            problem ??= 'timeout';
          });
          client.on('response', () => {
            const endedAt = performance.now();
            const response = answer;
            answer = undefined;
            if (sentAt === undefined || !response) return;
            const failure = problemOf(response);
            if (failure) failures.push({ startedAt: sentAt, reason: failure });
            else samples.push(sampleOf(sentAt, endedAt, response));
            sentAt = undefined;
          });
        },
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    stopRun = () => instance.stop();
  });

  return {
    async stop() {
      stopped = true;
      const stoppedAt = performance.now();
      stopRun();
      return { samples, failures, startedAt, stoppedAt, autocannon: await finished };
    },
  };
}

function marksText(response: { body: string; headers: Record<string, string> }): string {
  return [response.body, ...Object.values(response.headers)].join('\n');
}

function problemOf(response: {
  status: number;
  body: string;
  headers: Record<string, string>;
}): string | undefined {
  if (response.status < 200 || response.status > 299) return `HTTP ${response.status}`;
  const marks = readMarks(marksText(response));
  const missing = PIECES.filter((piece) => marks[piece] === undefined);
  return missing.length > 0 ? `no mark of ${missing.join(', ')} in the response` : undefined;
}

function sampleOf(
  startedAt: number,
  endedAt: number,
  response: { body: string; headers: Record<string, string> },
): Sample {
  const pid = /id="pid">(\d+)</.exec(response.body)?.[1];
  return { startedAt, endedAt, marks: readMarks(marksText(response)), pid: pid ? Number(pid) : undefined };
}
