import { describe, expect, test } from 'vitest';
import { generatePrograms } from './generate.js';
import { createLimit } from './limit.js';
import { filterPrograms, formatProgram, parseProgram } from './program.js';
import { errorLineOf } from './run-program.js';

describe('parseProgram', () => {
  test('splits files at "// @file" headers and keeps the lines before the first as description', () => {
    const program = parseProgram(
      'area/name',
      '// What it checks.\n// @file main.js\nimport "./a.js";\n// @file a.js\nconsole.log(1);\n',
    );
    expect(program.description).toBe('What it checks.');
    expect(program.files).toEqual([
      { path: 'main.js', content: 'import "./a.js";\n' },
      { path: 'a.js', content: 'console.log(1);\n' },
    ]);
  });

  test('rejects a file path that leaves the program directory', () => {
    expect(() => parseProgram('area/name', '// @file ../outside.js\n')).toThrow(/inside the program/);
  });

  test('round-trips through formatProgram', () => {
    const text = '// Checks a thing.\n// @file main.js\nconsole.log(1);\n// @file sub/a.js\nexport {};\n';
    expect(formatProgram(parseProgram('a/b', text))).toBe(text);
  });
});

describe('filterPrograms', () => {
  test('keeps programs whose id contains any comma-separated part', () => {
    const programs = ['cycles/a', 'tla/b', 'misc/c'].map((id) => parseProgram(id, '// @file main.js\n'));
    expect(filterPrograms(programs, 'tla, misc/').map((p) => p.id)).toEqual(['tla/b', 'misc/c']);
    expect(filterPrograms(programs, '')).toHaveLength(3);
  });
});

describe('errorLineOf', () => {
  test('skips the source excerpt Node prints before an uncaught error', () => {
    const stderr = [
      'file:///tmp/x/main.js:2',
      'throw new TypeError("boom");',
      '      ^',
      '',
      'TypeError: boom',
      '    at file:///tmp/x/main.js:2:7',
    ].join('\n');
    expect(errorLineOf(stderr)).toBe('TypeError: boom');
  });

  test('handles an excerpt without a blank line after the caret', () => {
    const stderr =
      "file:///x/main.js:1\nimport {nope} from './a.js';\n        ^^^^\nSyntaxError: no export\n";
    expect(errorLineOf(stderr)).toBe('SyntaxError: no export');
  });

  test('skips a code frame printed in place of the excerpt', () => {
    const stderr = [
      '/tmp/x/main.js:2:8',
      '  1 | import "./a.js";',
      '> 2 | import "./missing.js";',
      '    |        ^',
      '',
      "Error [ERR_MODULE_NOT_FOUND]: Cannot find module '/tmp/x/missing.js'",
      '    at /tmp/x/main.js:2:8',
    ].join('\n');
    expect(errorLineOf(stderr)).toBe("Error [ERR_MODULE_NOT_FOUND]: Cannot find module '/tmp/x/missing.js'");
  });

  test('returns the first line when there is no excerpt and ignores process warnings', () => {
    const stderr = '(node:123) ExperimentalWarning: x\n(Use `node --trace-warnings ...`)\nError: plain\n';
    expect(errorLineOf(stderr)).toBe('Error: plain');
  });

  test('is empty for empty stderr', () => {
    expect(errorLineOf('')).toBe('');
  });
});

describe('generatePrograms', () => {
  test('gives identical programs for the same seed', () => {
    expect(generatePrograms({ seed: 7, count: 5 })).toEqual(generatePrograms({ seed: 7, count: 5 }));
  });

  test('gives different programs for different seeds', () => {
    const a = generatePrograms({ seed: 1, count: 3 }).map(formatProgram);
    const b = generatePrograms({ seed: 2, count: 3 }).map(formatProgram);
    expect(a).not.toEqual(b);
  });

  test('makes graphs of 3 to 12 modules plus the shared show.js helper, entry first', () => {
    for (const program of generatePrograms({ seed: 1, count: 40 })) {
      const modules = program.files.filter((file) => file.path !== 'show.js');
      expect(modules.length).toBeGreaterThanOrEqual(3);
      expect(modules.length).toBeLessThanOrEqual(12);
      expect(program.files[0]!.path).toBe('main.js');
    }
  });
});

describe('createLimit', () => {
  test('never runs more tasks at once than allowed and runs them all', async () => {
    const limit = createLimit(2);
    let running = 0;
    let peak = 0;
    const task = async (value: number): Promise<number> => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running--;
      return value;
    };
    const results = await Promise.all([1, 2, 3, 4, 5].map((value) => limit(() => task(value))));
    expect(results).toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
  });
});
