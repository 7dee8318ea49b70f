/**
 * Writes the generated programs as corpus-format `.txt` files, to read or debug them:
 * `npx tsx test/differential/write-generated.ts <out-dir> [--seed=1] [--count=64]`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatePrograms } from './generate.js';
import { formatProgram } from './program.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number =>
  Number(args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const outDir = args.find((arg) => !arg.startsWith('--'));
if (!outDir) {
  console.error('usage: write-generated.ts <out-dir> [--seed=1] [--count=64]');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const programs = generatePrograms({ seed: option('seed', 1), count: option('count', 64) });
for (const program of programs) {
  writeFileSync(join(outDir, `${program.id.replace(/^generated\//, '')}.txt`), formatProgram(program));
}
console.log(`wrote ${programs.length} programs to ${outDir}`);
