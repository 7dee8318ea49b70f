import { spawn } from 'node:child_process';
import { mkdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { transform } from 'esbuild';
import { entryOf, isTypeScript, type Program } from './program.js';

/** What a finished process showed to the outside world. */
export interface ProcessResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  timedOut: boolean;
}

/** The part of a run that must be identical between native Node and hot-node. */
export interface Observation {
  stdout: string;
  exitCode: number | null;
  /** The uncaught error's `Name: message` line (or the first other stderr line), paths normalized. */
  errorLine: string;
}

const PROCESS_TIMEOUT_MS = 10_000;

/** Writes the program's files into `dir`, adding `{"type":"module"}` unless it has its own package.json. */
export async function writeProgram(program: Program, dir: string): Promise<void> {
  const files = [...program.files];
  if (!files.some((file) => file.path === 'package.json')) {
    files.push({ path: 'package.json', content: '{ "type": "module" }\n' });
  }
  for (const file of files) {
    const target = join(dir, file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content);
  }
}

/**
 * Compiles every `.ts` file of the program into a `.js` file next to it, the way a TypeScript
 * project is built before native Node runs it.
 */
async function compileTypeScript(program: Program, dir: string): Promise<void> {
  for (const file of program.files) {
    if (!file.path.endsWith('.ts') || file.path.endsWith('.d.ts')) continue;
    const source = await readFile(join(dir, file.path), 'utf8');
    const output = await transform(source, { loader: 'ts', format: 'esm', sourcefile: file.path });
    await writeFile(join(dir, file.path.replace(/\.ts$/, '.js')), output.code);
  }
}

/** Runs the program with native Node in `dir` (which must be empty or missing). */
export async function runNative(program: Program, dir: string): Promise<ProcessResult> {
  await writeProgram(program, dir);
  let entry = entryOf(program).path;
  if (isTypeScript(program)) {
    await compileTypeScript(program, dir);
    entry = entry.replace(/\.ts$/, '.js');
  }
  return runNode([entry], dir);
}

/**
 * Runs the program with the hot-node CLI at `cliPath` in `dir` (which must be empty or missing).
 * `--no-hmr` makes it run once like node: with HMR on, hot-node keeps running after an uncaught
 * error to wait for a fix, so its exit code could never be compared.
 */
export async function runHotNode(program: Program, dir: string, cliPath: string): Promise<ProcessResult> {
  await writeProgram(program, dir);
  return runNode([cliPath, '--no-hmr', entryOf(program).path], dir);
}

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  // The test runner's own settings must not leak into the programs under test.
  delete env.FORCE_COLOR;
  delete env.NODE_OPTIONS;
  return env;
}

function runNode(args: string[], cwd: string): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, PROCESS_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, exitCode, timedOut });
    });
  });
}

/**
 * Picks the line that names an uncaught error from stderr. Node first prints where the error was
 * thrown (`<url>:<line>`, the source line and a caret line); a code frame in another layout may
 * take its place. That excerpt depends on how the code was compiled, so it is skipped up to its
 * caret-only or blank line, and the `Name: message` line after it is compared. Process warnings
 * (`(node:<pid>) ...`) are ignored.
 */
export function errorLineOf(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .filter((line) => !line.startsWith('(node:') && !line.startsWith('(Use `node --trace-'));
  let start = 0;
  if (/^\S+:\d+(?::\d+)?$/.test(lines[0] ?? '')) {
    const end = lines.findIndex((line, index) => index > 0 && /^\s*\^*\s*$/.test(line));
    if (end !== -1) start = end + 1;
  }
  return lines.slice(start).find((line) => line.trim() !== '') ?? '';
}

/** Replaces the program directory (as a path and as its real path) with `<dir>`. */
export async function pathNormalizer(dir: string): Promise<(text: string) => string> {
  const real = await realpath(dir);
  const variants = [...new Set([real, dir])].sort((a, b) => b.length - a.length);
  return (text) => variants.reduce((result, variant) => result.split(variant).join('<dir>'), text);
}

/** Reduces a process result to what the differential comparison looks at. */
export function observe(result: ProcessResult, normalize: (text: string) => string): Observation {
  return {
    stdout: normalize(result.stdout),
    exitCode: result.exitCode,
    errorLine: normalize(errorLineOf(result.stderr)),
  };
}
