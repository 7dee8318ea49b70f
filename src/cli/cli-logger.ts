import { createStderrLogger, type HotLogger } from '../hot/hot-logger.js';

/** How much hot-node says on stderr. */
export interface CliLoggerOptions {
  readonly quiet: boolean;
  readonly verbose: boolean;
  /** Clear the terminal before the first line of each update (only when stderr is a terminal). */
  readonly clearScreen: boolean;
}

/** The line that opens an update's report (see `describeReport`). */
const UPDATE_LINE = /^(hot update |full reload |update of |restart)/;
/** Erase the screen and the scrollback, cursor home. */
const CLEAR = '\x1b[2J\x1b[3J\x1b[H';

/** hot-node's logger for the command line: stderr, `--quiet`, `--verbose`, `--clear-screen`. */
export function createCliLogger(options: CliLoggerOptions): HotLogger {
  const logger = createStderrLogger({ quiet: options.quiet, verbose: options.verbose });
  if (!options.clearScreen || !process.stderr.isTTY) return logger;
  const clearing =
    (log: (message: string) => void) =>
    (message: string): void => {
      if (UPDATE_LINE.test(message)) process.stderr.write(CLEAR);
      log(message);
    };
  return { ...logger, info: clearing(logger.info), error: clearing(logger.error) };
}
