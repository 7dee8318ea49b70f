import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { types } from 'node:util';
import { codeFrame } from './code-frame.js';

/** Where in a source file an error points: 1-based line, 0-based column. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** An error that knows the place in the user's source it is about, and shows it. */
export interface LocatedError extends Error {
  loc?: SourceLocation;
  /** A code frame of the original source around {@link loc}. */
  frame?: string;
}

/**
 * Attaches `loc` and a code frame to an error, and puts `file:line:column` in its stack so
 * that every way of printing it says where it happened.
 */
export function locateError<E extends Error>(
  error: E,
  loc: SourceLocation,
  source: string | undefined,
): E & LocatedError {
  const located = error as E & LocatedError;
  located.loc = loc;
  if (source !== undefined) located.frame = codeFrame(source, loc.line, loc.column);
  // Node shows an error's code in its header, e.g. `Error [ERR_MODULE_NOT_FOUND]: ...`.
  const code = (error as { code?: unknown }).code;
  const header = typeof code === 'string' ? `${error.name} [${code}]` : error.name;
  located.stack = `${header}: ${error.message}\n    at ${loc.file}:${loc.line}:${loc.column + 1}`;
  return located;
}

/** A SyntaxError located in the original source. */
export function syntaxErrorAt(
  message: string,
  loc: SourceLocation,
  source: string | undefined,
): SyntaxError & LocatedError {
  return locateError(new SyntaxError(message), loc, source);
}

/** Renders an error for a terminal: where, the code frame, then the message and stack. */
export function formatError(error: unknown): string {
  // isNativeError, not instanceof: an error thrown in an isolated vm.Context has that context's Error.
  if (!types.isNativeError(error)) return `Uncaught ${String(error)}`;
  const located = error as LocatedError;
  const parts: string[] = [];
  if (located.loc) parts.push(`${located.loc.file}:${located.loc.line}:${located.loc.column + 1}`);
  if (located.frame) parts.push(located.frame, '');
  else if (!located.loc) parts.push(...userCallSite(error.stack));
  parts.push(withoutOwnFrames(error.stack ?? `${error.name}: ${error.message}`));
  return parts.join('\n');
}

/** hot-node's own code (built and source): its frames say nothing about the user's program. */
const OWN_CODE = ['dist', 'src'].map((folder) => fileURLToPath(new URL(`../../${folder}/`, import.meta.url)));

/** Whether a stack frame (a line `    at ...`) is in hot-node's own code. */
export function isOwnFrame(frame: string): boolean {
  return OWN_CODE.some((folder) => frame.includes(folder));
}

/** `    at fn (/file:1:2)`, `    at /file:1:2` or `    at file:///file:1:2`: the file, line and column. */
const FRAME_LOCATION = /^ {4}at (?:.* \()?((?:file:\/\/|\/|[A-Za-z]:\\).+?):(\d+):(\d+)\)?$/;

/**
 * Where a runtime error happened in the user's code, and a code frame there: the first
 * frame of the stack in a file of the program (not hot-node's, Node's or a package's),
 * whose source is read now. Nothing when there is none that can be read.
 */
function userCallSite(stack: string | undefined): string[] {
  for (const line of stack?.split('\n') ?? []) {
    const found = FRAME_LOCATION.exec(line);
    if (!found || isOwnFrame(line) || line.includes('/node_modules/')) continue;
    const file = found[1]!.startsWith('file:') ? fileURLToPath(found[1]!) : found[1]!;
    const lineNumber = Number(found[2]);
    const column = Number(found[3]) - 1;
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    return [`${file}:${lineNumber}:${column + 1}`, codeFrame(source, lineNumber, column), ''];
  }
  return [];
}

/**
 * A stack without the frames of hot-node itself (the runner that evaluated the module,
 * the generator step it ran in), which only hide the user's frames.
 */
function withoutOwnFrames(stack: string): string {
  return stack
    .split('\n')
    .filter((line) => {
      if (!line.startsWith('    at ')) return true;
      if (isOwnFrame(line)) return false;
      return !line.includes('Generator.next (<anonymous>)') && !line.includes('node:internal/');
    })
    .join('\n');
}
