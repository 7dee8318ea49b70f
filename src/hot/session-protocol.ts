/**
 * What a session's host and its app tell each other beyond the engine's own payloads. These
 * ride as Vite-shaped `custom` payloads whose event names start with `hot-node:` (as Vite's
 * own start with `vite:`), so any remote transport carries them unchanged. Such events are
 * the session's: they never reach `import.meta.hot.on()` listeners nor the host's custom
 * listeners, and a session refuses to send them for the host.
 */
import type { HotPayload } from '../transport/hot-payload.js';
import type { UpdateReport } from './update-report.js';

/** The prefix of the session's own events. */
export const SESSION_EVENT_PREFIX = 'hot-node:';

/** An error as plain data: what crosses a thread or process boundary of it. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly code?: string;
  readonly loc?: { readonly file: string; readonly line: number; readonly column: number };
  readonly frame?: string;
}

/** An update report as plain data (its errors serialized). */
export type SerializedReport = Omit<UpdateReport, 'errors'> & {
  readonly errors: ReadonlyArray<Omit<UpdateReport['errors'][number], 'error'> & { error: SerializedError }>;
};

/** From the app to the host. */
export interface AppEvents {
  /** The entry was loaded (or failed to; the app keeps watching and retries with the next change). */
  'hot-node:started': { readonly ok: true } | { readonly ok: false; readonly error: SerializedError };
  /** An update the app's engine made. */
  'hot-node:update': SerializedReport;
  /** A line of the app's engine's logger, for the host's logger. */
  'hot-node:log': { readonly level: 'info' | 'warn' | 'error' | 'debug'; readonly message: string };
}

/** From the host to the app. */
export interface HostEvents {
  /** Run every dispose handler, release everything, and end (the thread or process). */
  'hot-node:shutdown': undefined;
  /** Dispose everything and import the entry again, in place. */
  'hot-node:reload': { readonly reason: string };
}

/** Whether `event` is one of the session's own events. */
export function isSessionEvent(event: string): boolean {
  return event.startsWith(SESSION_EVENT_PREFIX);
}

/** A session event as the custom payload that carries it. */
export function sessionPayload<K extends keyof AppEvents | keyof HostEvents>(
  event: K,
  data: K extends keyof AppEvents ? AppEvents[K] : K extends keyof HostEvents ? HostEvents[K] : never,
): HotPayload {
  return { type: 'custom', event, data };
}

/** An error as plain data, keeping what hot-node's messages show: location, code frame, code. */
export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { loc, frame, code } = error as Error &
    Partial<Pick<SerializedError, 'loc' | 'frame'>> & {
      code?: unknown;
    };
  return {
    name: error.name,
    message: error.message,
    ...(error.stack !== undefined ? { stack: error.stack } : {}),
    ...(typeof code === 'string' ? { code } : {}),
    ...(loc ? { loc: { file: loc.file, line: loc.line, column: loc.column } } : {}),
    ...(typeof frame === 'string' ? { frame } : {}),
  };
}

const ERROR_CLASSES: Record<string, ErrorConstructor> = {
  SyntaxError,
  TypeError,
  ReferenceError,
  RangeError,
  EvalError,
  URIError,
};

/** An error again, of the class its name says where that is a built-in one, with its stack and location. */
export function reviveError(data: SerializedError): Error {
  const error = new (ERROR_CLASSES[data.name] ?? Error)(data.message);
  if (error.name !== data.name)
    Object.defineProperty(error, 'name', { value: data.name, configurable: true });
  if (data.stack !== undefined)
    Object.defineProperty(error, 'stack', { value: data.stack, configurable: true, writable: true });
  if (data.code !== undefined) Object.assign(error, { code: data.code });
  if (data.loc) Object.assign(error, { loc: { ...data.loc } });
  if (data.frame !== undefined) Object.assign(error, { frame: data.frame });
  return error;
}

/** A report as plain data: its errors serialized. */
export function serializeReport(report: UpdateReport): SerializedReport {
  return {
    ...report,
    errors: report.errors.map((entry) => ({ ...entry, error: serializeError(entry.error) })),
  };
}

/** A report again, with errors (see {@link reviveError}). */
export function reviveReport(report: SerializedReport): UpdateReport {
  return { ...report, errors: report.errors.map((entry) => ({ ...entry, error: reviveError(entry.error) })) };
}
