import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { transform } from 'esbuild';
import { entryOf, isTypeScript, type Program } from '../differential/program.js';
import { pathNormalizer, writeProgram } from '../differential/run-program.js';

/** What one run of a program showed: the part that must be the same under both runtimes. */
export interface Observation {
  readonly stdout: string;
  readonly exitCode: number;
  /** The uncaught error as `Name: message` (paths of the program replaced by `<dir>`), or ''. */
  readonly error: string;
  readonly timedOut: boolean;
  /** Not compared (warnings differ), kept for the report. */
  readonly stderr: string;
}

/** A copy of the built hot-node that the runs load, and what the worker of a hot-node run executes. */
export interface HotNodeBuild {
  readonly dir: string;
  readonly runnerPath: string;
  dispose(): Promise<void>;
}

const RUN_TIMEOUT_MS = 10_000;

/**
 * The worker of a hot-node run: the engine as `hot-node --no-hmr` makes it, importing the entry
 * at the top level of an ES module, so an error or an await that never settles ends the
 * worker the way it ends native Node's.
 */
const HOT_RUNNER = `import childProcess from 'node:child_process';
import { workerData } from 'node:worker_threads';
// hot-node's esbuild service is a child process of this thread: unless the thread is still
// there when it exits, it stays behind as a zombie of the test process (thousands in a long
// run). So the program's end stops the service and waits for its exit.
const children = [];
const spawn = childProcess.spawn;
childProcess.spawn = (...args) => {
  const child = spawn(...args);
  children.push(child);
  return child;
};
const esbuild = await import('esbuild');
let stopped = false;
process.on('beforeExit', () => {
  if (stopped) return;
  stopped = true;
  void esbuild.stop();
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.ref();
});
const { HotEngine } = await import(workerData.hotNode);
const logger = { info() {}, warn() {}, debug() {}, error: (message) => process.stderr.write(message + '\\n') };
const engine = new HotEngine({ root: workerData.root, hmr: false, cacheDir: false, logger });
await engine.import(workerData.entry);
`;

/**
 * Copies `dist/` (built by the test setup or `npm run build`) to a temporary folder, so a long
 * run is not disturbed by a rebuild of the working tree while it runs. The copy resolves its
 * dependencies through a link to the project's node_modules.
 */
export async function snapshotHotNode(): Promise<HotNodeBuild> {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const dir = await mkdtemp(join(tmpdir(), 'hot-node-fuzz-build-'));
  await cp(join(root, 'dist'), join(dir, 'dist'), { recursive: true });
  await writeFile(join(dir, 'package.json'), await readFile(join(root, 'package.json')));
  await symlink(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const runnerPath = join(dir, 'run-hot.mjs');
  await writeFile(runnerPath, HOT_RUNNER);
  return { dir, runnerPath, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Runs the program with native Node, in a worker thread (a fresh module graph, a fraction of a
 * process's start-up time). TypeScript files are compiled by esbuild first, for the Node that
 * runs them, as hot-node compiles them.
 */
export async function runNative(program: Program, dir: string): Promise<Observation> {
  await writeProgram(program, dir);
  let entry = entryOf(program).path;
  if (isTypeScript(program)) {
    try {
      await compileTypeScript(program, dir);
    } catch (error) {
      // A program esbuild rejects: reported as native Node's error, a bug of the generator.
      const message = error instanceof Error ? error.message : String(error);
      return { stdout: '', exitCode: 1, error: `CompileError: ${message}`, timedOut: false, stderr: '' };
    }
    entry = entry.replace(/\.ts$/, '.js');
  }
  return observe(await runWorker(pathToFileURL(join(dir, entry)), undefined), dir);
}

/** Runs the program with hot-node's engine (no HMR, like `hot-node --no-hmr`), in a worker thread. */
export async function runHotNode(program: Program, dir: string, build: HotNodeBuild): Promise<Observation> {
  await writeProgram(program, dir);
  const workerData = {
    hotNode: pathToFileURL(join(build.dir, 'dist/index.js')).href,
    root: dir,
    entry: join(dir, entryOf(program).path),
  };
  return observe(await runWorker(pathToFileURL(build.runnerPath), workerData), dir);
}

async function compileTypeScript(program: Program, dir: string): Promise<void> {
  for (const file of program.files) {
    if (!file.path.endsWith('.ts')) continue;
    // The options hot-node compiles with: its target (decorators and `accessor` are lowered,
    // the rest stays as written), and no output format, which would rename anonymous default
    // exports (`export default function () {}` would be named "main_default", not "default").
    const output = await transform(file.content, {
      loader: 'ts',
      sourcefile: file.path,
      target: `node${process.versions.node}`,
    });
    await writeFile(join(dir, file.path.replace(/\.ts$/, '.js')), output.code);
  }
}

interface WorkerResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  error: unknown;
  failed: boolean;
  timedOut: boolean;
}

function runWorker(file: URL, workerData: unknown): Promise<WorkerResult> {
  return new Promise((resolve) => {
    const worker = new Worker(file, { workerData, stdout: true, stderr: true, execArgv: [] });
    const result: WorkerResult = {
      stdout: '',
      stderr: '',
      exitCode: 0,
      error: undefined,
      failed: false,
      timedOut: false,
    };
    let open = 3;
    const done = (): void => {
      if (--open === 0) {
        clearTimeout(timer);
        resolve(result);
      }
    };
    worker.stdout.setEncoding('utf8').on('data', (chunk: string) => (result.stdout += chunk));
    worker.stderr.setEncoding('utf8').on('data', (chunk: string) => (result.stderr += chunk));
    worker.stdout.on('end', done);
    worker.stderr.on('end', done);
    worker.on('error', (error) => {
      result.failed = true;
      result.error = error;
    });
    worker.on('exit', (code) => {
      result.exitCode = code;
      done();
    });
    const timer = setTimeout(() => {
      result.timedOut = true;
      void worker.terminate();
    }, RUN_TIMEOUT_MS);
  });
}

async function observe(result: WorkerResult, dir: string): Promise<Observation> {
  const normalize = await pathNormalizer(dir);
  return {
    stdout: normalize(result.stdout),
    exitCode: result.exitCode,
    error: result.failed ? normalize(describeError(result.error)) : '',
    timedOut: result.timedOut,
    stderr: normalize(result.stderr),
  };
}

function describeError(error: unknown): string {
  if (error !== null && typeof error === 'object' && 'message' in error) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    return `${String(name)}: ${String(message)}`;
  }
  return `Uncaught ${typeof error} ${String(error)}`;
}

/** Whether two runs look the same from outside (stderr aside). */
export function sameObservation(a: Observation, b: Observation): boolean {
  return (
    a.stdout === b.stdout && a.exitCode === b.exitCode && a.error === b.error && a.timedOut === b.timedOut
  );
}
