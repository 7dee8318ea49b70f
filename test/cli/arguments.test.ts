import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArguments } from '../../src/cli/arguments.js';
import { createIgnoreMatcher } from '../../src/cli/ignore-patterns.js';

describe('parseArguments', () => {
  it('sends Node options before the entry to the program process, with their separate values', () => {
    const parsed = parseArguments([
      '--inspect',
      '--import',
      'tsx/esm',
      '--max-old-space-size=64',
      'main.ts',
      '--expose-gc',
    ]);
    expect(parsed).toMatchObject({
      kind: 'run',
      entry: 'main.ts',
      nodeOptions: ['--inspect', '--import', 'tsx/esm', '--max-old-space-size=64'],
      scriptArguments: ['--expose-gc'],
    });
  });

  it('reads repeatable --watch and --ignore, and --reload with = or a separate value', () => {
    const parsed = parseArguments([
      '--watch',
      'a',
      '--watch=b',
      '--ignore',
      'dist',
      '--reload=restart',
      'main.ts',
    ]);
    expect(parsed).toMatchObject({ watch: ['a', 'b'], ignore: ['dist'], reload: 'restart' });
  });

  it('rejects a --reload policy it does not know', () => {
    expect(parseArguments(['--reload', 'sometimes', 'main.ts'])).toEqual({
      kind: 'error',
      message: '--reload takes inplace or restart, not sometimes',
    });
  });

  it("rejects an option that is neither hot-node's nor Node's", () => {
    expect(parseArguments(['--bogus', 'main.ts'])).toEqual({
      kind: 'error',
      message: 'unknown option --bogus',
    });
  });
});

describe('createIgnoreMatcher', () => {
  const root = path.resolve('/project');
  const ignored = createIgnoreMatcher(['dist', '*.test.ts', 'src/generated', 'docs/**/*.md'], root);

  it('matches a pattern without / against any segment of the path', () => {
    expect(ignored(path.join(root, 'packages/a/dist/index.js'))).toBe(true);
    expect(ignored(path.join(root, 'src/math.test.ts'))).toBe(true);
    expect(ignored(path.join(root, 'src/distance.ts'))).toBe(false);
  });

  it('matches a pattern with / from the root, folders included', () => {
    expect(ignored(path.join(root, 'src/generated/schema.ts'))).toBe(true);
    expect(ignored(path.join(root, 'lib/src/generated/schema.ts'))).toBe(false);
    expect(ignored(path.join(root, 'docs/guide/intro.md'))).toBe(true);
    expect(ignored(path.join(root, 'docs/intro.md'))).toBe(true);
    expect(ignored(path.join(root, 'docs/intro.ts'))).toBe(false);
  });
});
