import type { LoadResult } from './load-generator.js';

/** Throughput and latency of one load run. */
export interface LoadFigures {
  readonly seconds: number;
  /** Responses completed between the start and the stop of the run. */
  readonly requests: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** The value under which `fraction` of the sorted `values` lie (nearest rank). */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(fraction * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function figuresOf(run: LoadResult): LoadFigures {
  const seconds = (run.stoppedAt - run.startedAt) / 1000;
  const latencies = run.samples
    .filter((sample) => sample.endedAt <= run.stoppedAt)
    .map((sample) => sample.endedAt - sample.startedAt)
    .sort((a, b) => a - b);
  return {
    seconds,
    requests: latencies.length,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 0.5),
    p90: percentile(latencies, 0.9),
    p99: percentile(latencies, 0.99),
    max: latencies[latencies.length - 1] ?? Number.NaN,
  };
}

/** Rows of cells as a plain text table, the first row the header. */
export function textTable(rows: ReadonlyArray<readonly string[]>): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
        .join('  '),
    )
    .join('\n');
}

/** A row of figures: name, seconds, requests, req/s, p50, p90, p99, max (ms), then `extra` cells. */
export function figuresRow(name: string, figures: LoadFigures, extra: readonly string[] = []): string[] {
  const ms = (value: number): string => value.toFixed(1);
  return [
    name,
    figures.seconds.toFixed(1),
    String(figures.requests),
    figures.perSecond.toFixed(0),
    ms(figures.p50),
    ms(figures.p90),
    ms(figures.p99),
    ms(figures.max),
    ...extra,
  ];
}

export const FIGURES_HEADER = [
  'run',
  's',
  'requests',
  'req/s',
  'p50 ms',
  'p90 ms',
  'p99 ms',
  'max ms',
] as const;
