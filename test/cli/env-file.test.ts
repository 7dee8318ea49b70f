import { describe, expect, it } from 'vitest';
import { parseArguments } from '../../src/cli/arguments.js';
import { parseEnvFile } from '../../src/cli/env-file.js';
import { EnvValues } from '../../src/cli/env-values.js';

describe('parseEnvFile', () => {
  it("reads values as node --env-file does: quotes, export, comments, Node's multi-line values", () => {
    const text = [
      '# a comment',
      'PLAIN=value # trailing comment',
      'export EXPORTED=yes',
      '  SPACED  =  padded  ',
      'QUOTED="a # not a comment"',
      'MULTI="first',
      'second"',
      'EMPTY=',
      '',
    ].join('\n');
    expect(parseEnvFile(text)).toEqual({
      values: {
        PLAIN: 'value',
        EXPORTED: 'yes',
        SPACED: 'padded',
        QUOTED: 'a # not a comment',
        MULTI: 'first\nsecond',
        EMPTY: '',
      },
      malformed: [],
    });
  });

  it('reports a line that is not KEY=value with its line number, and reads the lines after it', () => {
    const parsed = parseEnvFile(['A=1', 'not a pair', 'B=2', '=nokey', 'C=3'].join('\n'));
    expect(parsed.malformed).toEqual([
      { line: 2, text: 'not a pair' },
      { line: 4, text: '=nokey' },
    ]);
    expect(parsed.values).toEqual({ A: '1', B: '2', C: '3' });
  });

  it('does not report the inner lines of a quoted multi-line value', () => {
    const parsed = parseEnvFile(
      ["KEY='line one", 'line two without equals', "line three'", 'NEXT=1'].join('\n'),
    );
    expect(parsed.malformed).toEqual([]);
    expect(parsed.values.NEXT).toBe('1');
  });
});

describe('EnvValues', () => {
  it('never overrides a variable of the real environment, and a later file wins over an earlier one', () => {
    const env: NodeJS.ProcessEnv = { REAL: 'from the shell' };
    new EnvValues(env).apply([{ REAL: 'from .env', SHARED: 'first', ONLY_FIRST: '1' }, { SHARED: 'second' }]);
    expect(env).toEqual({ REAL: 'from the shell', SHARED: 'second', ONLY_FIRST: '1' });
  });

  it('applies new contents in place: changed and added keys set, keys no file gives any more deleted', () => {
    const env: NodeJS.ProcessEnv = { REAL: 'shell' };
    const values = new EnvValues(env);
    values.apply([{ KEPT: 'same', CHANGED: 'old', GONE: 'x' }]);
    const change = values.apply([{ KEPT: 'same', CHANGED: 'new', ADDED: 'y', REAL: 'ignored' }]);
    expect(change).toEqual({ changed: ['CHANGED', 'ADDED'], removed: ['GONE'] });
    expect(env).toEqual({ REAL: 'shell', KEPT: 'same', CHANGED: 'new', ADDED: 'y' });
  });

  it('never deletes a variable of the real environment that a file stopped giving', () => {
    const env: NodeJS.ProcessEnv = { REAL: 'shell' };
    const values = new EnvValues(env);
    values.apply([{ REAL: 'file' }]);
    expect(values.apply([{}])).toEqual({ changed: [], removed: [] });
    expect(env).toEqual({ REAL: 'shell' });
  });
});

describe('parseArguments: env files', () => {
  it('takes --env-file and --env-file-if-exists itself, in order, instead of passing them to Node', () => {
    const parsed = parseArguments([
      '--env-file',
      '.env',
      '--env-file-if-exists=.env.local',
      '--env-file=.env.test',
      'main.ts',
    ]);
    expect(parsed).toMatchObject({
      kind: 'run',
      nodeOptions: [],
      envFiles: [
        { path: '.env', optional: false },
        { path: '.env.local', optional: true },
        { path: '.env.test', optional: false },
      ],
    });
  });
});
