import path from 'node:path';
import { formatError } from '../evaluator/diagnostics.js';
import { painter, type Style, wantsColors } from './terminal-colors.js';
import type { UpdateReport } from './update-report.js';

/** Where hot-node's own messages go: stderr by default, so the app's stdout stays the app's. */
export interface HotLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Details shown only with `--verbose` (propagation, timings). */
  debug(message: string): void;
}

/** How the default logger writes. */
export interface StderrLoggerOptions {
  readonly verbose?: boolean;
  readonly quiet?: boolean;
  /** Colour the prefix and the outcome of each line; by default when stderr is a colour terminal (see {@link wantsColors}). */
  readonly colors?: boolean;
}

/** The words an update's line starts with, and the colour that says how it went. */
const OUTCOME_COLORS: ReadonlyArray<readonly [prefix: string, style: Style]> = [
  ['hot update ', 'green'],
  ['full reload ', 'yellow'],
  ['restart', 'yellow'],
];

/** The default logger: stderr, with a prefix, colours on a terminal, and debug lines only when asked for. */
export function createStderrLogger(options: StderrLoggerOptions = {}): HotLogger {
  const paint = painter(options.colors ?? wantsColors(process.stderr));
  const prefix = (style: Style): string => paint(style, '[hot-node]');
  const write = (text: string): void => {
    process.stderr.write(`${text}\n`);
  };
  const outcome = (message: string): string => {
    const match = OUTCOME_COLORS.find(([start]) => message.startsWith(start));
    return match ? paint(match[1], match[0]) + message.slice(match[0].length) : message;
  };
  return {
    info: (message) => {
      if (!options.quiet) write(`${prefix('cyan')} ${outcome(message)}`);
    },
    warn: (message) => write(`${prefix('yellow')} ${message}`),
    error: (message) => write(`${prefix('red')} ${message}`),
    debug: (message) => {
      if (options.verbose) write(`${prefix('dim')} ${paint('dim', message)}`);
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

/**
 * How an update propagated (`--verbose`): which module took it and through which changed import,
 * what ran again, was disposed or pruned.
 */
export function describePropagation(report: UpdateReport): string[] {
  const files = report.changedFiles.map(displayPath).join(', ') || 'a reload request';
  const lines = report.boundaries.map(({ boundary, acceptedVia }) =>
    boundary === acceptedVia
      ? `propagation ${files}: ${displayPath(boundary)} accepts itself`
      : `propagation ${files}: ${displayPath(boundary)} accepts ${displayPath(acceptedVia)}`,
  );
  const list = (label: string, ids: readonly string[]): void => {
    if (ids.length > 0) lines.push(`${label} (${ids.length}): ${ids.map(displayPath).join(', ')}`);
  };
  list('disposed', report.disposed);
  list('ran again', report.reEvaluated);
  list('pruned', report.pruned);
  return lines;
}
