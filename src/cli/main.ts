import path from 'node:path';
import { formatError } from '../evaluator/diagnostics.js';
import { HotEngine } from '../hot/hot-engine.js';
import { createStderrLogger } from '../hot/hot-logger.js';
import { parseArguments, usage } from './arguments.js';

/**
 * `hot-node [options] <entry> [args...]`: runs a TypeScript or JavaScript program with hot
 * module replacement. The program sees `process.argv` as `node <entry> [args...]` would
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
  const logger = createStderrLogger();
  const engine = new HotEngine({
    root: process.cwd(),
    conditions: parsed.conditions,
    hmr: parsed.hmr,
    logger,
  });
  try {
    await engine.import(entry);
  } catch (error) {
    process.stderr.write(`${formatError(error)}\n`);
    process.exitCode = 1;
    if (parsed.hmr) waitForFix(engine);
  }
}

/** A program that failed to start waits, alive, for the edit that fixes it (never an exit loop). */
function waitForFix(engine: HotEngine): void {
  process.stderr.write('[hot-node] waiting for file changes\n');
  const keepAlive = setInterval(() => {}, 1 << 30);
  engine.on('update', (report) => {
    if (report.outcome === 'full-reload') {
      clearInterval(keepAlive);
      process.exitCode = 0;
    }
  });
}
