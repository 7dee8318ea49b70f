import { parseArguments, type RunOptions, usage } from './arguments.js';
import { connectToSupervisor } from './supervisor-link.js';

/**
 * `hot-node [options] <entry> [args...]`: runs a TypeScript or JavaScript program with hot
 * module replacement. With HMR (or Node options to apply) the program runs in a worker
 * process under a supervisor that can restart it; with `--no-hmr` alone, in this process.
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
  const supervisor = connectToSupervisor();
  if (!supervisor && needsSupervisor(parsed)) {
    // Loaded on demand: the supervisor never loads the engine, the worker never the supervisor.
    const { supervise } = await import('./supervisor.js');
    return supervise(parsed, argv);
  }
  const { runProgram } = await import('./run-program.js');
  return runProgram(parsed, supervisor);
}

/** Restarts need a process above the program's; so do Node options, which only a new process takes. */
function needsSupervisor(options: RunOptions): boolean {
  return (options.hmr && options.supervisor) || options.nodeOptions.length > 0;
}
