import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProgram, type Program } from '../differential/program.js';
import { writeProgram } from '../differential/run-program.js';
import { type FuzzProgram, generateFuzzProgram, programSeed } from './fuzz-program.js';
import { type HotNodeBuild, type Observation, runHotNode, runNative, sameObservation } from './worker-run.js';

/** Both runs of one program. */
export interface Comparison {
  readonly native: Observation;
  readonly hot: Observation;
  readonly same: boolean;
}

/** A program whose runs differ, saved to `dir` to reproduce. */
export interface Divergence {
  readonly seed: number;
  readonly dir: string;
  readonly comparison: Comparison;
}

/** Runs at most a given number of tasks at a time (see test/differential/limit.ts). */
export type Limit = <T>(task: () => Promise<T>) => Promise<T>;

/** Runs one program natively and with hot-node (at once, each under `limit`). */
export async function compareRuns(program: Program, build: HotNodeBuild, limit: Limit): Promise<Comparison> {
  const root = await mkdtemp(join(tmpdir(), 'hot-node-fuzz-'));
  try {
    const [native, hot] = await Promise.all([
      limit(() => runNative(program, join(root, 'native'))),
      limit(() => runHotNode(program, join(root, 'hot'), build)),
    ]);
    return { native, hot, same: sameObservation(native, hot) };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** Options of {@link fuzzRange}. */
export interface FuzzRangeOptions {
  readonly runSeed: number;
  /** Index of the first program of the run to check, and how many. */
  readonly from: number;
  readonly count: number;
  readonly build: HotNodeBuild;
  readonly limit: Limit;
  /** Where diverging programs are written, one folder per program seed. */
  readonly failuresDir: string;
}

/**
 * Checks programs `from` .. `from + count - 1` of the run with seed `runSeed` and returns the
 * ones that diverge, each already saved with its seed to reproduce it.
 */
export async function fuzzRange(options: FuzzRangeOptions): Promise<Divergence[]> {
  const seeds = Array.from({ length: options.count }, (_, n) =>
    programSeed(options.runSeed, options.from + n),
  );
  const results = await Promise.all(
    seeds.map(async (seed) => {
      const program = generateFuzzProgram(seed);
      const comparison = await compareRuns(program, options.build, options.limit);
      if (comparison.same && nativeRunAsIntended(program, comparison.native)) return undefined;
      const dir = await saveDivergence(program, comparison, options.failuresDir);
      return { seed, dir, comparison };
    }),
  );
  return results.filter((result) => result !== undefined);
}

/**
 * Whether native Node ran the program as the generator meant: to its end, or to the error it
 * throws on purpose. Anything else (a syntax or link error, a timeout) is the generator's bug,
 * and would hide the rewrite's behind an early error both runtimes share.
 */
function nativeRunAsIntended(program: FuzzProgram, native: Observation): boolean {
  if (native.timedOut) return false;
  const throwsOnPurpose = program.features.some((feature) => feature.startsWith('ending-'));
  return throwsOnPurpose ? native.error.endsWith('fails on purpose') : native.error === '';
}

/**
 * Writes a diverging program where it can be run again: its files (run `node main.js` there),
 * the program in the corpus format (`program.txt`, ready for test/differential/corpus) and
 * both observations.
 */
export async function saveDivergence(
  program: FuzzProgram,
  comparison: Comparison,
  failuresDir: string,
): Promise<string> {
  const dir = join(failuresDir, `seed-${program.seed}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeProgram(program, join(dir, 'files'));
  await writeFile(join(dir, 'program.txt'), formatProgram(program));
  await writeFile(join(dir, 'observations.json'), `${JSON.stringify(comparison, null, 2)}\n`);
  return dir;
}

/** A short account of how two runs differ, for a failure message. */
export function describeDivergence(divergence: Divergence): string {
  const { native, hot } = divergence.comparison;
  const parts: string[] = [`program seed ${divergence.seed} (saved in ${divergence.dir})`];
  if (divergence.comparison.same) {
    parts.push(`  native Node did not run it as generated (a bug of the generator): "${native.error}"`);
  }
  if (native.timedOut) parts.push('  native run timed out: the generator made a program that does not end');
  if (native.exitCode !== hot.exitCode)
    parts.push(`  exit code: native ${native.exitCode}, hot-node ${hot.exitCode}`);
  if (native.error !== hot.error) parts.push(`  error: native "${native.error}", hot-node "${hot.error}"`);
  if (hot.timedOut && !native.timedOut) parts.push('  hot-node timed out');
  if (native.stdout !== hot.stdout) {
    const a = native.stdout.split('\n');
    const b = hot.stdout.split('\n');
    let line = 0;
    while (a[line] === b[line]) line++;
    parts.push(`  stdout line ${line + 1}: native "${a[line] ?? '<end>'}", hot-node "${b[line] ?? '<end>'}"`);
  }
  parts.push(`  reproduce: npx tsx test/fuzz/reproduce.ts ${divergence.seed}`);
  return parts.join('\n');
}
