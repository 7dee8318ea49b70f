/**
 * Runs programs with native Node several times and reports any whose output differs between runs
 * or that time out. Use it when adding programs:
 * `npx tsx test/differential/check-native.ts [filter] [--runs=3] [--show]`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLimit } from './limit.js';
import type { Program } from './program.js';
import { type Observation, observe, pathNormalizer, runNative } from './run-program.js';
import { suitePrograms } from './suite.js';

const args = process.argv.slice(2);
const show = args.includes('--show');
const runs = Number(args.find((arg) => arg.startsWith('--runs='))?.slice('--runs='.length) ?? 3);
const filter = args.find((arg) => !arg.startsWith('--'));

const programs = suitePrograms(filter);
const limit = createLimit(2);

async function observeOnce(program: Program): Promise<Observation & { timedOut: boolean }> {
  const root = await mkdtemp(join(tmpdir(), 'hot-node-diff-check-'));
  try {
    const dir = join(root, 'app');
    const result = await runNative(program, dir);
    return { ...observe(result, await pathNormalizer(dir)), timedOut: result.timedOut };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const reports = await Promise.all(
  programs.map(async (program) => {
    const results = await Promise.all(Array.from({ length: runs }, () => limit(() => observeOnce(program))));
    const first = JSON.stringify(results[0]);
    const stable = results.every((result) => JSON.stringify(result) === first);
    const timedOut = results.some((result) => result.timedOut);
    if (!stable || timedOut) {
      const lines = results.map((result) => JSON.stringify(result)).join('\n');
      return {
        problem: true,
        text: `PROBLEM ${program.id}: ${timedOut ? 'timed out' : 'output differs'}\n${lines}`,
      };
    }
    const { stdout, exitCode, errorLine } = results[0]!;
    const stderr = errorLine ? ` stderr: ${errorLine}` : '';
    return { problem: false, text: `=== ${program.id} (exit ${exitCode})${stderr}\n${stdout}` };
  }),
);
for (const report of reports) if (report.problem || show) console.log(report.text);
const problems = reports.filter((report) => report.problem).length;
console.log(`${programs.length} programs, ${problems} problems`);
process.exitCode = problems === 0 ? 0 : 1;
