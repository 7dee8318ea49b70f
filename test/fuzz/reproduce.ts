/**
 * Runs fuzz programs by hand (build first: `npm run build`).
 *
 *   npx tsx test/fuzz/reproduce.ts <program-seed> [--minimise] [--out=<dir>]
 *     runs one program natively and with hot-node and prints both runs; `--minimise` shrinks a
 *     diverging program and writes it (corpus format) to `<dir>/seed-<seed>.txt`.
 *   npx tsx test/fuzz/reproduce.ts --show <program-seed>
 *     prints the program only.
 *   npx tsx test/fuzz/reproduce.ts --range=<from>:<count> [--run-seed=<n>]
 *     checks a range of a run's programs, as the test does.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLimit } from '../differential/limit.js';
import { formatProgram } from '../differential/program.js';
import { generateFuzzProgram } from './fuzz-program.js';
import { compareRuns, describeDivergence, fuzzRange } from './fuzz-run.js';
import { minimise } from './minimise.js';
import { snapshotHotNode } from './worker-run.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined =>
  args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const seedArgument = args.find((arg) => !arg.startsWith('--'));
const limit = createLimit(2);

if (args.includes('--show') && seedArgument) {
  console.log(formatProgram(generateFuzzProgram(Number(seedArgument))));
  process.exit(0);
}

const build = await snapshotHotNode();
try {
  const range = option('range');
  if (range) {
    const [from, count] = range.split(':').map(Number);
    const started = performance.now();
    const divergences = await fuzzRange({
      runSeed: Number(option('run-seed') ?? 1),
      from: from ?? 0,
      count: count ?? 100,
      build,
      limit,
      failuresDir: option('out') ?? join(tmpdir(), 'hot-node-fuzz-failures'),
    });
    for (const divergence of divergences) console.log(describeDivergence(divergence));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`${count} programs, ${divergences.length} divergences, ${seconds} s`);
  } else if (seedArgument) {
    const program = generateFuzzProgram(Number(seedArgument));
    console.log(formatProgram(program));
    const comparison = await compareRuns(program, build, limit);
    console.log('=== native', JSON.stringify(comparison.native, null, 2));
    console.log('=== hot-node', JSON.stringify(comparison.hot, null, 2));
    console.log(comparison.same ? 'SAME' : 'DIVERGES');
    if (!comparison.same && args.includes('--minimise')) {
      const smaller = await minimise(program, build, limit, (lines) =>
        process.stderr.write(`${lines} lines\r`),
      );
      const outDir = option('out') ?? join(tmpdir(), 'hot-node-fuzz-minimised');
      mkdirSync(outDir, { recursive: true });
      const file = join(outDir, `seed-${program.seed}.txt`);
      writeFileSync(file, formatProgram(smaller));
      console.log(`\n=== minimised (${file})\n${formatProgram(smaller)}`);
      const again = await compareRuns(smaller, build, limit);
      console.log('=== native', JSON.stringify(again.native, null, 2));
      console.log('=== hot-node', JSON.stringify(again.hot, null, 2));
    }
  } else {
    console.error('usage: reproduce.ts <program-seed> [--minimise] | --show <seed> | --range=<from>:<count>');
    process.exitCode = 2;
  }
} finally {
  await build.dispose();
}
