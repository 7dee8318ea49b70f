import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { TransformServer } from '../../src/hot/session-transforms.js';
import { localTransforms, type TransformProvider } from '../../src/runner/module-loader.js';

/** What the worker asks for, and what it saw. */
interface Job {
  readonly mode: 'sync' | 'async';
  readonly source: string;
  readonly file: string;
}

interface Outcome {
  readonly code?: string;
  readonly format?: string;
  readonly imports?: string[];
  readonly error?: { name: string; message: string; loc?: { file: string; line: number } };
}

/** Runs in the worker: the built provider of `session-transforms`, asked once. */
const WORKER_SCRIPT = `
const { workerData, parentPort } = require('node:worker_threads');
import(workerData.module).then(async ({ remoteTransforms }) => {
  const transforms = remoteTransforms(workerData.ports);
  const { mode, source, file } = workerData.job;
  const request = { file, language: 'ts', format: 'module' };
  const outcome = {};
  try {
    const result = mode === 'sync'
      ? transforms.transformSync(source, request)
      : await transforms.transform(source, request, (imports) => { outcome.imports = imports; });
    outcome.code = result.code;
    outcome.format = result.format;
  } catch (error) {
    outcome.error = { name: error.name, message: error.message, loc: error.loc };
  }
  parentPort.postMessage(outcome);
});
`;

const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.terminate()));
});

/** A transform server whose transforms are counted. */
function countingServer() {
  let count = 0;
  const counting: TransformProvider = {
    transform: (source, request, onImports) => {
      count++;
      return localTransforms.transform(source, request, onImports);
    },
    transformSync: () => {
      throw new Error('the server transforms asynchronously');
    },
  };
  return { server: new TransformServer(counting), count: () => count };
}

function inWorker(server: TransformServer, job: Job): Promise<Outcome> {
  const served = server.serve();
  const worker = new Worker(WORKER_SCRIPT, {
    eval: true,
    workerData: {
      module: new URL('../../dist/hot/session-transforms.js', import.meta.url).href,
      ports: served.ports,
      job,
    },
    transferList: served.transferList,
  });
  workers.push(worker);
  return new Promise<Outcome>((resolve, reject) => {
    worker.once('message', (outcome: Outcome) => resolve(outcome));
    worker.once('error', reject);
  }).finally(() => served.close());
}

const TYPED = 'export const answer: number = 42;\n';

describe('transforms of a worker done by the main thread', () => {
  it('answer require() in the worker synchronously', async () => {
    const { server, count } = countingServer();
    const outcome = await inWorker(server, { mode: 'sync', source: TYPED, file: '/project/sync.ts' });
    expect(outcome.error).toBeUndefined();
    expect(outcome.format).toBe('module');
    expect(outcome.code).toContain('42');
    expect(outcome.code).not.toContain(': number');
    expect(count()).toBe(1);
  });

  it('answer an import asynchronously, announcing its imports first', async () => {
    const { server, count } = countingServer();
    const source = `import './dep.ts';\n${TYPED}`;
    const outcome = await inWorker(server, { mode: 'async', source, file: '/project/async.ts' });
    expect(outcome.error).toBeUndefined();
    expect(outcome.imports).toEqual(['./dep.ts']);
    expect(outcome.code).not.toContain(': number');
    expect(count()).toBe(1);
  });

  it('send back a syntax error located in the source', async () => {
    const { server } = countingServer();
    const outcome = await inWorker(server, {
      mode: 'sync',
      source: 'export const x = (;\n',
      file: '/project/broken.ts',
    });
    expect(outcome.error).toMatchObject({
      name: 'SyntaxError',
      loc: { file: '/project/broken.ts', line: 1 },
    });
  });

  it('are kept warm for the next worker: the same content is not transformed again', async () => {
    const { server, count } = countingServer();
    const job: Job = { mode: 'async', source: TYPED, file: '/project/warm.ts' };
    const first = await inWorker(server, job);
    const second = await inWorker(server, { ...job, mode: 'sync' });
    expect(second.code).toBe(first.code);
    expect(count()).toBe(1);
  });
});
