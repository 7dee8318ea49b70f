import { formatError } from '../evaluator/diagnostics.js';
import type { FixWaiter } from './fix-waiter.js';

/**
 * With HMR, an uncaught exception or an unhandled rejection of the program is printed and
 * the process stays alive for the fix (node would exit with code 1). A program with its own
 * listener for these events handles them itself, as under node.
 */
export function keepAliveOnRuntimeErrors(waiter: FixWaiter): void {
  const report = (event: 'uncaughtException' | 'unhandledRejection', error: unknown): void => {
    if (process.listenerCount(event) > 1) return;
    process.stderr.write(`${formatError(error)}\n`);
    waiter.wait();
  };
  process.on('uncaughtException', (error) => report('uncaughtException', error));
  process.on('unhandledRejection', (reason) => report('unhandledRejection', reason));
}
