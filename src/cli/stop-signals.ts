import type { HotLogger } from '../hot/hot-logger.js';
import { type StopSignal, signalExitCode } from './supervisor-messages.js';

/**
 * Deliveries of one signal closer than this are one: Ctrl-C reaches both the supervisor and
 * the worker (same process group), and the supervisor passes it on as well.
 */
const SAME_DELIVERY_MS = 100;

/** Options of {@link handleStopSignals}. */
export interface StopSignalOptions {
  /** Runs every dispose handler and releases the watcher (`engine.close()`). */
  readonly close: () => Promise<void>;
  readonly logger: HotLogger;
}

/** What a supervisor uses to pass on the signals it received. */
export interface StopSignals {
  /** A signal the supervisor received: delivered here unless this process just had it. */
  forwarded(signal: StopSignal): void;
}

/**
 * Ctrl-C (SIGINT) and SIGTERM close the program gracefully (dispose handlers run: servers
 * close), then the process exits with 130 or 143, what a shell reports for node killed by
 * the signal; whatever `process.exitCode` the program set does not matter, as under node.
 * A second signal exits at once. A program with its own listener for the signal decides
 * itself, as under node (only the second signal is hot-node's).
 */
export function handleStopSignals(options: StopSignalOptions): StopSignals {
  let lastAt = -Infinity;
  let count = 0;
  const onSignal = (signal: StopSignal): void => {
    const now = performance.now();
    if (now - lastAt < SAME_DELIVERY_MS) return;
    lastAt = now;
    count++;
    const code = signalExitCode(signal);
    if (count > 1) {
      options.logger.error(`${signal} again: exiting without waiting for dispose handlers`);
      process.exit(code);
    }
    if (process.listenerCount(signal) > 1) return;
    options.logger.debug(`${signal}: running dispose handlers`);
    options.close().then(
      () => process.exit(code),
      (error: unknown) => {
        options.logger.error(`closing failed: ${String(error)}`);
        process.exit(code);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    forwarded(signal) {
      if (performance.now() - lastAt < SAME_DELIVERY_MS) return;
      // A real delivery, so that the program's own listeners hear it as they would under node.
      process.kill(process.pid, signal);
    },
  };
}
