import path from 'node:path';

/**
 * tsconfig `include`/`exclude` wildcards compiled to regular expressions with TypeScript's semantics:
 *  - `*` matches any run of characters within one path segment, `?` exactly one, and neither crosses `/`;
 *  - `**` matches any number of directories, including none;
 *  - in `include`, a wildcard segment never matches a name starting with `.` (dotted names must be
 *    written out), `**` and wildcard segments never match `node_modules`, `bower_components` or
 *    `jspm_packages`, and `*` never ends in `.min.js`;
 *  - a last segment without `.`, `*` or `?` names a directory and matches everything under it;
 *  - an `exclude` pattern also matches everything under what it matches;
 *  - `include` patterns ending in `**`, and any pattern with `..` after `**`, are invalid and match nothing.
 * Patterns are relative to the directory of the config that declares them.
 */

/** Which list a pattern comes from; the two have different rules. */
export type PatternUsage = 'include' | 'exclude';

const SKIPPED_DIRECTORY = '(?!(?:node_modules|bower_components|jspm_packages)(?:/|$))';
const INCLUDE_STAR = '(?:[^./]|\\.(?!min\\.js$))*';
const EXCLUDE_STAR = '[^/]*';
const ONE_CHARACTER = '[^/]';
const ANY_DIRECTORIES: Readonly<Record<PatternUsage, string>> = {
  include: `(?:/${SKIPPED_DIRECTORY}[^/.][^/]*)*?`,
  exclude: '(?:/.+?)?',
};
const DOT_DOT_AFTER_RECURSIVE_WILDCARD = /(?:^|\/)\*\*\/(?:.*\/)?\.\.(?:$|\/)/;

/** The form paths are matched in: absolute, with forward slashes. */
export function toMatchPath(file: string): string {
  return file.replaceAll('\\', '/');
}

/**
 * Compiles a list of patterns into one regular expression tested against {@link toMatchPath} paths.
 * @returns `undefined` when no pattern in the list is valid (nothing matches).
 */
export function compilePatterns(
  patterns: readonly string[],
  baseDir: string,
  usage: PatternUsage,
  ignoreCase: boolean,
): RegExp | undefined {
  const sources = patterns
    .map((pattern) => patternSource(pattern, baseDir, usage))
    .filter((source) => source !== undefined);
  if (sources.length === 0) return undefined;
  const tail = usage === 'exclude' ? '(?:$|/)' : '$';
  return new RegExp(`^(?:${sources.join('|')})${tail}`, ignoreCase ? 'i' : '');
}

function patternSource(pattern: string, baseDir: string, usage: PatternUsage): string | undefined {
  const spec = pattern.replaceAll('\\', '/');
  if (DOT_DOT_AFTER_RECURSIVE_WILDCARD.test(spec)) return undefined;
  const [root = '', ...segments] = toMatchPath(path.resolve(baseDir, spec)).split('/');
  const names = segments.filter((segment) => segment !== '');
  const last = names.at(-1) ?? '';
  if (usage === 'include' && last === '**') return undefined;
  if (!/[.*?]/.test(last)) names.push('**', '*');

  let source = escapeLiteral(root);
  for (const name of names) {
    source += name === '**' ? ANY_DIRECTORIES[usage] : `/${segmentSource(name, usage)}`;
  }
  return source;
}

function segmentSource(segment: string, usage: PatternUsage): string {
  if (usage === 'exclude') return translateWildcards(segment, EXCLUDE_STAR);
  if (!/[*?]/.test(segment)) return escapeLiteral(segment);
  let lead = '';
  let rest = segment;
  if (rest.startsWith('*')) {
    lead = `(?:[^./]${INCLUDE_STAR})?`;
    rest = rest.slice(1);
  } else if (rest.startsWith('?')) {
    lead = '[^./]';
    rest = rest.slice(1);
  }
  return SKIPPED_DIRECTORY + lead + translateWildcards(rest, INCLUDE_STAR);
}

function translateWildcards(text: string, star: string): string {
  let source = '';
  for (const ch of text) source += ch === '*' ? star : ch === '?' ? ONE_CHARACTER : escapeLiteral(ch);
  return source;
}

function escapeLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
