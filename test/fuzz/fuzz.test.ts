/**
 * Fuzzing of the ES module rewrite: random programs (fuzz-program.ts) run with native Node
 * and with hot-node's engine, each in a worker thread of its own; stdout, exit code and the
 * uncaught error must be the same. Worker threads, not processes, for speed: a fresh module
 * graph at a fraction of a process's start-up; what the CLI adds around the engine (how the
 * process ends, how errors print) is the differential suite's part (test/differential).
 *
 *   npx vitest run test/fuzz                         # 200 programs of run seed 1 (as in npm test)
 *   HOT_NODE_FUZZ=10000 npx vitest run test/fuzz     # a long run, by hand
 *   HOT_NODE_FUZZ_SEED=7 ...                         # other programs
 *   HOT_NODE_FUZZ_OUT=<dir> ...                      # where diverging programs go
 *                                                    # (default: <tmp>/hot-node-fuzz-failures)
 *
 * A divergence prints its program seed and the folder its program was saved to;
 * `npx tsx test/fuzz/reproduce.ts <seed> --minimise` runs it again and shrinks it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createLimit } from '../differential/limit.js';
import { formatProgram } from '../differential/program.js';
import { DEFAULT_FORMS } from './default-exports.js';
import { type FuzzProgram, generateFuzzProgram, programSeed } from './fuzz-program.js';
import { compareRuns, describeDivergence, fuzzRange, saveDivergence } from './fuzz-run.js';
import { SNIPPETS } from './snippets.js';
import { TYPESCRIPT_SNIPPETS } from './typescript-snippets.js';
import { type HotNodeBuild, snapshotHotNode } from './worker-run.js';

const count = Number(process.env.HOT_NODE_FUZZ ?? 200);
const runSeed = Number(process.env.HOT_NODE_FUZZ_SEED ?? 1);
const failuresDir = process.env.HOT_NODE_FUZZ_OUT ?? join(tmpdir(), 'hot-node-fuzz-failures');
const BATCH_SIZE = 50;
/** Per program of a batch; generous, for a machine busy with other tests. */
const MS_PER_PROGRAM = 4_000;

// Two workers at a time: the machine has two cores.
const limit = createLimit(2);
let build: HotNodeBuild;
let checked = 0;
let diverged = 0;
const started = performance.now();
const tempDirs: string[] = [];

beforeAll(async () => {
  build = await snapshotHotNode();
});

afterAll(async () => {
  await build?.dispose();
  for (const dir of tempDirs) await rm(dir, { recursive: true, force: true });
  if (checked > 0) {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.info(`fuzz: ${checked} programs of run seed ${runSeed}, ${diverged} divergences, ${seconds} s`);
  }
});

describe('the program generator', () => {
  test('makes the same program from the same seed, and another from another seed', () => {
    const seed = programSeed(runSeed, 0);
    expect(formatProgram(generateFuzzProgram(seed))).toBe(formatProgram(generateFuzzProgram(seed)));
    expect(formatProgram(generateFuzzProgram(programSeed(runSeed, 1)))).not.toBe(
      formatProgram(generateFuzzProgram(seed)),
    );
  });

  test('covers every snippet, default export form, edge kind and ending within the first 200 programs', () => {
    const seen = new Set<string>();
    for (let index = 0; index < 200; index++) {
      for (const feature of generateFuzzProgram(programSeed(runSeed, index)).features) seen.add(feature);
    }
    const expected = [
      ...SNIPPETS.map((snippet) => snippet.feature),
      ...TYPESCRIPT_SNIPPETS.map((snippet) => snippet.feature),
      ...Object.keys(DEFAULT_FORMS)
        .filter((form) => form !== 'none')
        .map((form) => `default-${form}`),
      ...['named', 'namespace', 'default', 'default-and-named', 'default-and-namespace', 'side-effect'].map(
        (kind) => `edge-${kind}`,
      ),
      ...['star', 'star-as', 'rename-from', 'import-reexport', 'default-from', 'type-only'].map(
        (kind) => `edge-${kind}`,
      ),
      ...['exports-props', 'object-literal', 'function', 'esmodule-flag', 'reexport'].map(
        (form) => `commonjs-${form}`,
      ),
      ...['default', 'named', 'namespace', 'create-require'].map((kind) => `commonjs-import-${kind}`),
      ...['null', 'resolve', 'timer', 'for-await', 'value'].map((form) => `tla-${form}`),
      'typescript',
      'cycle',
      'ending-main-throws',
      'ending-module-throws',
    ];
    expect(expected.filter((feature) => !seen.has(feature))).toEqual([]);
  });
});

describe('the comparison', () => {
  test('finds a known divergence and saves the program with its seed', { timeout: 30_000 }, async () => {
    // misc/function-to-string of the differential suite: the source of a function that reads
    // an import shows the rewritten read.
    const program: FuzzProgram = {
      id: 'fuzz/seed-0',
      seed: 0,
      features: [],
      description: 'A known divergence.',
      files: [
        { path: 'main.js', content: "import { x } from './a.js';\nconsole.log(String(() => x));\n" },
        { path: 'a.js', content: 'export const x = 1;\n' },
      ],
    };
    const comparison = await compareRuns(program, build, limit);
    expect(comparison.same).toBe(false);
    expect(comparison.native.stdout).toBe('() => x\n');
    const dir = await mkdtemp(join(tmpdir(), 'hot-node-fuzz-saved-'));
    tempDirs.push(dir);
    const saved = await saveDivergence(program, comparison, dir);
    expect(saved).toBe(join(dir, 'seed-0'));
    expect(await readFile(join(saved, 'files', 'main.js'), 'utf8')).toBe(program.files[0]!.content);
    expect(await readFile(join(saved, 'program.txt'), 'utf8')).toContain('// @file a.js');
  });
});

describe(`random programs (run seed ${runSeed}) run the same under hot-node and native Node`, () => {
  for (let from = 0; from < count; from += BATCH_SIZE) {
    const size = Math.min(BATCH_SIZE, count - from);
    test(`programs ${from} to ${from + size - 1}`, { timeout: size * MS_PER_PROGRAM }, async () => {
      const divergences = await fuzzRange({ runSeed, from, count: size, build, limit, failuresDir });
      checked += size;
      diverged += divergences.length;
      if (process.env.HOT_NODE_FUZZ) {
        const seconds = ((performance.now() - started) / 1000).toFixed(0);
        console.info(`fuzz: ${checked} of ${count} programs checked, ${diverged} divergences, ${seconds} s`);
      }
      const described = divergences.map(describeDivergence);
      for (const text of described) console.error(`fuzz divergence: ${text}`);
      expect(described).toEqual([]);
    });
  }
});
