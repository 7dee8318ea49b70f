import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach } from 'vitest';
import { ModuleRunner, type ModuleRunnerOptions } from '../../src/runner/module-runner.js';

/** Files of a project by relative path; objects are written as JSON. */
export type FileTree = Record<string, string | object>;

/** A real project folder under the OS temp folder, removed after the test. */
export interface TempProject {
  /** Real path (symlinks resolved), so it compares with the paths hot-node prints. */
  readonly root: string;
  /** The absolute path of a file of the project. */
  file(relative: string): string;
  /** The `file:` URL of a file of the project. */
  url(relative: string): string;
  write(files: FileTree): void;
}

/** What a finished process showed. */
export interface ProcessResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | null;
}

export interface SpawnOptions {
  /** Added to a clean environment (no NODE_OPTIONS, colours or HOT_NODE_CACHE_DIR of the test runner). */
  readonly env?: NodeJS.ProcessEnv;
}

/** The command under test; vitest's global setup builds the `dist/` it runs. */
const cliPath = fileURLToPath(new URL('../../bin/hot-node.js', import.meta.url));

const PROCESS_TIMEOUT_MS = 15_000;

/**
 * Registers the cleanup of everything a test creates (temp projects, runners, processes) and
 * returns the factories. Call once at the top of a test file.
 */
export function useFixtures(): {
  project(files?: FileTree): TempProject;
  runner(project: TempProject, options?: ModuleRunnerOptions): ModuleRunner;
} {
  const dirs: string[] = [];
  const runners: ModuleRunner[] = [];
  afterEach(async () => {
    for (const child of liveChildren) child.kill('SIGKILL');
    liveChildren.clear();
    await Promise.all(runners.splice(0).map((runner) => runner.close()));
    const removing = dirs.splice(0);
    removeAll(removing);
    // A write the runner scheduled before close() (its transform cache) may still land: remove again.
    await new Promise((resolve) => setTimeout(resolve, 20));
    removeAll(removing);
  });
  return {
    project(files = {}) {
      const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hot-node-test-')));
      dirs.push(root);
      const project: TempProject = {
        root,
        file: (relative) => path.join(root, relative),
        url: (relative) => pathToFileURL(path.join(root, relative)).href,
        write: (tree) => writeTree(root, tree),
      };
      project.write(files);
      return project;
    },
    runner(project, options = {}) {
      // In-process tests keep the transform cache in memory: only the cache tests use the disk.
      const runner = new ModuleRunner({ root: project.root, cacheDir: false, ...options });
      runners.push(runner);
      return runner;
    },
  };
}

function writeTree(root: string, files: FileTree): void {
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
}

function removeAll(dirs: readonly string[]): void {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
}

const liveChildren = new Set<ChildProcess>();

/** Runs `hot-node <args>` in `cwd`. */
export function runCli(
  cwd: string,
  args: readonly string[],
  options: SpawnOptions = {},
): Promise<ProcessResult> {
  return runNode(cwd, [cliPath, ...args], options);
}

/**
 * Runs a program once with `hot-node --no-hmr <args>`: the foundation without hot updates,
 * so that a program that fails to start exits instead of waiting for an edit.
 */
export function runProgram(
  cwd: string,
  args: readonly string[],
  options: SpawnOptions = {},
): Promise<ProcessResult> {
  return runCli(cwd, ['--no-hmr', ...args], options);
}

/** Runs plain `node <args>` in `cwd`: what native Node does with the same files. */
export function runNode(
  cwd: string,
  args: readonly string[],
  options: SpawnOptions = {},
): Promise<ProcessResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  // The test runner's own settings must not leak into the programs under test.
  delete env.NODE_OPTIONS;
  delete env.FORCE_COLOR;
  delete env.HOT_NODE_CACHE_DIR;
  Object.assign(env, options.env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    liveChildren.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), PROCESS_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      liveChildren.delete(child);
      reject(error);
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      liveChildren.delete(child);
      resolve({ stdout, stderr, exitCode });
    });
  });
}

/** What a promise rejected with (fails the test when it fulfils). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected the promise to reject');
}

/** What a function threw (fails the test when it returns). */
export function thrownBy(fn: () => unknown): Error & { code?: string } {
  try {
    fn();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected the function to throw');
}

/**
 * The code frame of hot-node's error output, read back: the line it points at and the
 * 0-based column of its caret within that source line.
 */
export function caretOf(output: string): { lineNumber: number; sourceLine: string; column: number } {
  const lines = output.split('\n');
  const marked = lines.findIndex((line) => /^>\s*\d+ \|/.test(line));
  if (marked === -1 || marked + 1 >= lines.length) throw new Error(`no code frame in:\n${output}`);
  const markedLine = lines[marked]!;
  const caretLine = lines[marked + 1]!;
  const bar = markedLine.indexOf('|');
  return {
    lineNumber: Number(/\d+/.exec(markedLine)![0]),
    sourceLine: markedLine.slice(bar + 2),
    column: caretLine.indexOf('^') - (caretLine.indexOf('|') + 2),
  };
}
