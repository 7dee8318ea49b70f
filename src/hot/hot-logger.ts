import path from 'node:path';
import { formatError } from '../evaluator/diagnostics.js';
import type { UpdateReport } from './update-report.js';

/** Where hot-node's own messages go: stderr by default, so the app's stdout stays the app's. */
export interface HotLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Details shown only with `--verbose` (propagation, timings). */
  debug(message: string): void;
}

/** The default logger: stderr, with a prefix, and debug lines only when asked for. */
export function createStderrLogger(options: { verbose?: boolean; quiet?: boolean } = {}): HotLogger {
  const write = (text: string): void => {
    process.stderr.write(`${text}\n`);
  };
  return {
    info: (message) => {
      if (!options.quiet) write(`[hot-node] ${message}`);
    },
    warn: (message) => write(`[hot-node] ${message}`),
    error: (message) => write(`[hot-node] ${message}`),
    debug: (message) => {
      if (options.verbose) write(`[hot-node] ${message}`);
    },
  };
}

/** A module id or path as the user wrote it: relative to the working folder. */
export function displayPath(idOrFile: string): string {
  const file = idOrFile.startsWith('file:') ? decodeURIComponent(new URL(idOrFile).pathname) : idOrFile;
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') ? relative : file;
}

/** The one line an update prints, and what to add when it did not go in place. */
export function describeReport(report: UpdateReport): string[] {
  const ms = report.timings.done.toFixed(1);
  const files = report.changedFiles.map(displayPath).join(', ');
  const lines: string[] = [];
  switch (report.outcome) {
    case 'hot-update': {
      const count = report.reEvaluated.length;
      lines.push(`hot update ${files} (${count} module${count === 1 ? '' : 's'}, ${ms} ms)`);
      break;
    }
    case 'full-reload': {
      const chain = report.fullReload?.chain ?? [];
      const via = chain.length > 1 ? ` (${chain.join(' -> ')})` : '';
      const reason = report.fullReload?.reason ?? '';
      lines.push(`full reload after ${files || 'a reload request'} (${ms} ms): ${reason}${via}`);
      break;
    }
    case 'failed': {
      const kept = report.revived ? 'the previous code was run again' : 'the previous code keeps running';
      lines.push(`update of ${files || 'the program'} failed (${ms} ms); ${kept}. Waiting for file changes.`);
      break;
    }
    case 'no-change':
      break;
  }
  for (const { phase, module, error } of report.errors) {
    const where = module ? ` in ${displayPath(module)}` : '';
    lines.push(`error during ${phase}${where}:\n${formatError(error)}`);
  }
  return lines;
}

/**
 * One update split into its steps, from the file event: where the time went
 * (`HOT_NODE_TRACE=1` or `--verbose`).
 */
export function describeTimings(report: UpdateReport): string {
  const t = report.timings;
  const since = (ms: number): string => `+${(ms - t.reported).toFixed(2)}ms`;
  const files = report.changedFiles.map(displayPath).join(', ');
  return `trace ${files}: event +0.00ms, transformed ${since(t.transformed)}, evaluated ${since(t.evaluated)}, done ${since(t.done)}`;
}
