/**
 * Transforms of a worker's modules, done by the host's main thread: esbuild is loaded once
 * there, and its results stay in memory across restarts of the worker, so a new worker
 * starts without loading esbuild or transforming again.
 *
 * Asynchronous loads ask over one MessagePort. `require()` cannot wait for an answer: the
 * worker asks over a second port, blocks in `Atomics.wait` on a SharedArrayBuffer until the
 * main thread says the answer is posted, and takes it with `receiveMessageOnPort`.
 */
import { createHash } from 'node:crypto';
import { MessageChannel, type MessagePort, receiveMessageOnPort } from 'node:worker_threads';
import type { TransformedModule, TransformRequest } from '../evaluator/transform-module.js';
import { localTransforms, prepareTransformsLater, type TransformProvider } from '../runner/module-loader.js';
import { Holds } from '../transport/channel.js';
import { reviveError, type SerializedError, serializeError } from './session-protocol.js';

/** The worker's ends of the links to the transform server (part of its `workerData`). */
export interface TransformPorts {
  /** Asynchronous questions and their answers. */
  readonly port: MessagePort;
  /** Synchronous questions; their answers are read with `receiveMessageOnPort`. */
  readonly syncPort: MessagePort;
  /** One Int32 the main thread sets to 1 (and notifies) when a synchronous answer is posted. */
  readonly signal: SharedArrayBuffer;
}

interface Question {
  readonly id: number;
  readonly source: string;
  readonly request: TransformRequest;
  /** Send the static imports ahead of the result. */
  readonly imports: boolean;
}

type Answer =
  | { readonly id: number; readonly imports: string[] }
  | { readonly id: number; readonly result: TransformedModule }
  | { readonly id: number; readonly error: SerializedError };

/** How long `require()` waits for the main thread before transforming in the worker itself. */
const SYNC_TIMEOUT_MS = 30_000;

/** The main thread's side: answers the questions of every worker it serves. */
export class TransformServer {
  readonly #transforms: TransformProvider;
  /** The latest result per file, by the key of its source and request. */
  readonly #latest = new Map<string, { readonly key: string; readonly result: TransformedModule }>();

  constructor(transforms: TransformProvider = localTransforms) {
    this.#transforms = transforms;
    // The workers' first edit is transformed here: this thread gets the pipeline ready for it.
    prepareTransformsLater(transforms);
  }

  /**
   * Serves one worker: `ports` go to it (with `transferList`); `close()` when it ended.
   */
  serve(): { ports: TransformPorts; transferList: MessagePort[]; close(): void } {
    const async = new MessageChannel();
    const sync = new MessageChannel();
    const signal = new SharedArrayBuffer(4);
    const flag = new Int32Array(signal);
    async.port1.on('message', (question: Question) => {
      const onImports = question.imports
        ? (imports: string[]) => async.port1.postMessage({ id: question.id, imports } satisfies Answer)
        : undefined;
      void this.#answer(question, onImports).then((answer) => async.port1.postMessage(answer));
    });
    sync.port1.on('message', (question: Question) => {
      void this.#answer(question).then((answer) => {
        sync.port1.postMessage(answer);
        Atomics.store(flag, 0, 1);
        Atomics.notify(flag, 0);
      });
    });
    // The worker keeps the host alive while it runs; these ports need not.
    async.port1.unref();
    sync.port1.unref();
    return {
      ports: { port: async.port2, syncPort: sync.port2, signal },
      transferList: [async.port2, sync.port2],
      close() {
        async.port1.close();
        sync.port1.close();
      },
    };
  }

  async #answer(question: Question, onImports?: (imports: string[]) => void): Promise<Answer> {
    const { id, source, request } = question;
    const key = createHash('sha1').update(JSON.stringify(request)).update('\0').update(source).digest('hex');
    const latest = this.#latest.get(request.file);
    if (latest?.key === key) return { id, result: latest.result };
    try {
      const result = await this.#transforms.transform(source, request, onImports);
      this.#latest.set(request.file, { key, result });
      return { id, result };
    } catch (error) {
      return { id, error: serializeError(error) };
    }
  }
}

/**
 * The worker's side: a transform provider that asks the main thread. When the main thread
 * does not answer a synchronous question in time, the worker transforms it itself.
 */
export function remoteTransforms(ports: TransformPorts, fallback = localTransforms): TransformProvider {
  const flag = new Int32Array(ports.signal);
  const pending = new Map<
    number,
    {
      resolve(result: TransformedModule): void;
      reject(error: Error): void;
      onImports: ((imports: string[]) => void) | undefined;
    }
  >();
  let nextId = 0;
  // A load waiting for its transform keeps the worker alive; an idle link does not.
  const holds = new Holds(ports.port);
  ports.port.on('message', (answer: Answer) => {
    const waiting = pending.get(answer.id);
    if (!waiting) return;
    if ('imports' in answer) return waiting.onImports?.(answer.imports);
    pending.delete(answer.id);
    if ('result' in answer) waiting.resolve(answer.result);
    else waiting.reject(reviveError(answer.error));
  });
  holds.reassert();

  return {
    transform(source, request, onImports) {
      const id = ++nextId;
      const release = holds.hold();
      const answered = new Promise<TransformedModule>((resolve, reject) => {
        pending.set(id, { resolve, reject, onImports });
      });
      ports.port.postMessage({ id, source, request, imports: onImports !== undefined } satisfies Question);
      return answered.finally(release);
    },
    transformSync(source, request) {
      const id = ++nextId;
      ports.syncPort.postMessage({ id, source, request, imports: false } satisfies Question);
      const deadline = Date.now() + SYNC_TIMEOUT_MS;
      for (;;) {
        // Cleared before looking: an answer posted from now on wakes the wait below.
        Atomics.store(flag, 0, 0);
        const received = receiveMessageOnPort(ports.syncPort);
        if (received) {
          const answer = received.message as Answer;
          // An answer that came too late for an earlier question is dropped.
          if (answer.id !== id || 'imports' in answer) continue;
          if ('result' in answer) return answer.result;
          throw reviveError(answer.error);
        }
        const left = deadline - Date.now();
        if (left <= 0) return fallback.transformSync(source, request);
        Atomics.wait(flag, 0, 0, left);
      }
    },
  };
}
