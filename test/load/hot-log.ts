/**
 * The lines hot-node writes on stderr when an update is over (src/hot/hot-logger.ts,
 * `describeReport`) or a restart begins (src/cli/supervisor.ts), read back.
 */

export type HotLogKind = 'hot-update' | 'full-reload' | 'failed' | 'restart';

export interface HotLogEvent {
  readonly kind: HotLogKind;
  /** The changed files as printed (relative to the working folder), or the reason of a restart. */
  readonly subject: string;
}

const PATTERNS: ReadonlyArray<readonly [HotLogKind, RegExp]> = [
  ['hot-update', /^\[hot-node\] hot update (.+) \(\d+ modules?, [\d.]+ ms\)$/],
  ['full-reload', /^\[hot-node\] full reload after (.+?) \([\d.]+ ms\): /],
  ['failed', /^\[hot-node\] update of (.+) failed \([\d.]+ ms\); /],
  ['restart', /^\[hot-node\] restart: (.+)$/],
];

/** The update (or restart) a stderr line reports, if it reports one. */
export function parseHotLogLine(line: string): HotLogEvent | undefined {
  for (const [kind, pattern] of PATTERNS) {
    const match = pattern.exec(line);
    if (match) return { kind, subject: match[1]! };
  }
  return undefined;
}

/** hot-node's `--verbose` notes that requests were let through or disposed of before their update was over. */
export function isGateTimeoutLine(line: string): boolean {
  return /^\[hot-node\] (requests waited \d+ ms|\d+ requests? still in flight)/.test(line);
}
