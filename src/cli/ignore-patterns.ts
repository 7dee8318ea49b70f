import path from 'node:path';

/**
 * Tells whether a path matches one of `--ignore`'s simple globs: `*` (within a segment),
 * `**` (any number of segments), `?` (one character). A pattern without `/` matches any
 * segment of the path (`dist`, `*.test.ts`); one with `/` matches the path relative to
 * `root`, or a folder above it (`src/generated`).
 */
export function createIgnoreMatcher(patterns: readonly string[], root: string): (file: string) => boolean {
  if (patterns.length === 0) return () => false;
  const segmentPatterns = patterns.filter((p) => !p.includes('/')).map((p) => globToRegExp(p));
  const pathPatterns = patterns
    .filter((p) => p.includes('/'))
    .map((p) => globToRegExp(p.replace(/^\.\//, '').replace(/\/+$/, '')));
  return (file) => {
    const relative = path.relative(root, path.resolve(root, file)).split(path.sep).join('/');
    const segments = relative.split('/');
    if (segments.some((segment) => segmentPatterns.some((re) => re.test(segment)))) return true;
    for (let end = segments.length; end > 0; end--) {
      const prefix = segments.slice(0, end).join('/');
      if (pathPatterns.some((re) => re.test(prefix))) return true;
    }
    return false;
  };
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === '*' && glob[i + 1] === '*') {
      // `**/` also matches no folder at all.
      const slash = glob[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
