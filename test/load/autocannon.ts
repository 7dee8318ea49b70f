import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';

/**
 * The part of autocannon's programmatic API the load test uses, typed here (the package
 * ships no types). One `Client` is one connection; with `pipelining: 1` it writes its next
 * request when the previous response is complete, or when it (re)connects.
 */
export interface AutocannonClient extends EventEmitter {
  /** Emitted right before a request is written to the connection. */
  on(event: 'request', listener: () => void): this;
  /** Emitted when a response is complete (right after the request's `onResponse`). */
  on(event: 'response', listener: (status: number, bytes: number, ms: number) => void): this;
  /** The connection failed: the client reconnects and writes a new request. */
  on(event: 'connError', listener: (error: NodeJS.ErrnoException) => void): this;
  /** No response within `timeout`: the client reconnects and writes a new request. */
  on(event: 'timeout', listener: () => void): this;
}

/** One kind of request the clients send, in turn. */
export interface AutocannonRequest {
  readonly method?: string;
  readonly path?: string;
  /** Called with each complete response, before the client's `response` event. */
  readonly onResponse?: (
    status: number,
    body: string,
    context: object,
    headers: Record<string, string>,
  ) => void;
}

export interface AutocannonOptions {
  readonly url: string;
  readonly connections: number;
  readonly pipelining?: number;
  /** Seconds; the run ends earlier with `stop()`. */
  readonly duration: number;
  /** Seconds without a response before the request counts as timed out. */
  readonly timeout?: number;
  /** How often the run checks whether it is over, in ms (a `stop()` takes effect at the next check). */
  readonly sampleInt?: number;
  readonly requests?: readonly AutocannonRequest[];
  readonly setupClient?: (client: AutocannonClient) => void;
}

/** What a run reports (the fields used here). */
export interface AutocannonResult {
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly resets: number;
  readonly duration: number;
}

export interface AutocannonInstance extends EventEmitter {
  stop(): void;
}

type Autocannon = (
  options: AutocannonOptions,
  done: (error: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

const require = createRequire(import.meta.url);

/** autocannon's main function. */
export const autocannon = require('autocannon') as Autocannon;
