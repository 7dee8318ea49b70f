import path from 'node:path';
import { formatError } from '../evaluator/diagnostics.js';
import { createRunner } from '../runner/module-runner.js';
import { parseArguments, usage } from './arguments.js';

/**
 * `hot-node [options] <entry> [args...]`: runs a TypeScript or JavaScript program through
 * hot-node's evaluator. The program sees `process.argv` as `node <entry> [args...]` would
 * give it, and its exit code is the process's.
 */
export async function main(argv: readonly string[]): Promise<void> {
  const parsed = parseArguments(argv);
  if (parsed.kind === 'help') {
    process.stdout.write(usage());
    return;
  }
  if (parsed.kind === 'version') {
    process.stdout.write(`${parsed.version}\n`);
    return;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`hot-node: ${parsed.message}\n\n${usage()}`);
    process.exitCode = 9;
    return;
  }
  const entry = path.resolve(parsed.entry);
  process.argv = [process.argv[0]!, entry, ...parsed.scriptArguments];
  const runner = createRunner({ root: process.cwd(), conditions: parsed.conditions });
  try {
    await runner.import(entry);
  } catch (error) {
    process.stderr.write(`${formatError(error)}\n`);
    process.exitCode = 1;
  }
}
