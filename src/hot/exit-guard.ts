import { isOwnFrame } from '../evaluator/diagnostics.js';

/**
 * What `process.exit()` throws when the program calls it while an update runs: in the new
 * version's top-level code it fails the update (the previous code is kept), elsewhere it is
 * reported as the program's error. The process keeps running either way.
 */
export class ExitDuringUpdateError extends Error {
  readonly code = 'HOT_NODE_EXIT_DURING_UPDATE';
  /** The code the program asked to exit with. */
  readonly exitCode: string | number | null | undefined;

  constructor(exitCode: string | number | null | undefined) {
    super(`process.exit(${exitCode ?? ''}) was called during an update: hot-node keeps the program running`);
    this.name = 'ExitDuringUpdateError';
    this.exitCode = exitCode;
  }
}

/** Updates running now, across the engines of this process. */
let running = 0;
let installed = false;

/**
 * Runs an update with `process.exit()` guarded: a program that exits while its code is being
 * replaced (a new version that checks its configuration and exits, a dispose handler) would
 * take the developer's running program down with an edit. hot-node's own calls still exit.
 */
export async function guardExit<T>(update: () => Promise<T>): Promise<T> {
  install();
  running++;
  try {
    return await update();
  } finally {
    running--;
  }
}

/** Wraps `process.exit` once for the process; outside updates the wrapper only passes the call on. */
function install(): void {
  if (installed) return;
  installed = true;
  const exit = process.exit;
  const guarded = (code?: string | number | null): never => {
    if (running === 0 || calledByHotNode(guarded)) return exit.call(process, code);
    const error = new ExitDuringUpdateError(code);
    // The stack starts where the program called process.exit().
    Error.captureStackTrace(error, guarded);
    throw error;
  };
  process.exit = guarded;
}

function calledByHotNode(wrapper: Function): boolean {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, wrapper);
  const caller = holder.stack?.split('\n')[1] ?? '';
  return isOwnFrame(caller);
}
