import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';

/** An `--env-file` (or `--env-file-if-exists`) of the command line. */
export interface EnvFileSpec {
  /** As written on the command line, relative to the working folder. */
  readonly path: string;
  /** `--env-file-if-exists`: a missing file is no error, and counts as empty. */
  readonly optional: boolean;
}

/** A line that is neither blank, nor a comment, nor `KEY=value`: Node skips it silently. */
export interface MalformedLine {
  /** 1-based. */
  readonly line: number;
  readonly text: string;
}

/** What a dotenv file holds. */
export interface ParsedEnvFile {
  readonly values: Readonly<Record<string, string>>;
  readonly malformed: readonly MalformedLine[];
}

const QUOTES = new Set(['"', "'", '`']);

/**
 * Parses a dotenv file with Node's own parser (`util.parseEnv`, what `node --env-file`
 * uses), and lists the lines it skips, so that a typo is reported rather than silently
 * ignored.
 */
export function parseEnvFile(text: string): ParsedEnvFile {
  const malformed = malformedLines(text);
  // Blanked before parsing: Node 20's parser takes a line without `=` as the start of the
  // next line's key (`bad line\nKEY`); later versions skip it.
  const skipped = new Set(malformed.map(({ line }) => line - 1));
  const parsed = parseEnv(
    text
      .split('\n')
      .map((line, i) => (skipped.has(i) ? '' : line))
      .join('\n'),
  );
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) if (value !== undefined) values[key] = value;
  return { values, malformed };
}

/**
 * Reads and parses an env file; `undefined` when it does not exist. Other read errors
 * (a folder, no permission) are thrown.
 */
export function readEnvFile(file: string): ParsedEnvFile | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseEnvFile(text);
}

/** The absolute path of an env file of the command line. */
export function envFilePath(spec: EnvFileSpec, cwd: string): string {
  return path.resolve(cwd, spec.path);
}

/**
 * The lines without `=` (or with nothing before it), outside quoted values. A value that
 * opens a quote and closes it on a later line spans those lines, as in Node's parser.
 */
function malformedLines(text: string): MalformedLine[] {
  const lines = text.replace(/\r/g, '').split('\n');
  const malformed: MalformedLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const equals = line.indexOf('=');
    const key =
      equals === -1
        ? ''
        : line
            .slice(0, equals)
            .trim()
            .replace(/^export\s+/, '');
    if (key === '') {
      malformed.push({ line: i + 1, text: trimmed });
      continue;
    }
    const value = line.slice(equals + 1).trimStart();
    const quote = value[0];
    if (quote === undefined || !QUOTES.has(quote) || value.indexOf(quote, 1) !== -1) continue;
    // The value goes on to the next line holding the closing quote, if any line does.
    const closing = lines.findIndex((later, j) => j > i && later.includes(quote));
    if (closing !== -1) i = closing;
  }
  return malformed;
}
