import { describe, expect, it } from 'vitest';
import { caretOf, type FileTree, runProgram, useFixtures } from './helpers.js';

const { project } = useFixtures();

/**
 * A program whose entry first imports a module that prints, then `broken` (a file name):
 * when the graph fails to load, nothing of it may run, so stdout stays empty.
 */
function programImporting(broken: string, files: FileTree): FileTree {
  return {
    'package.json': { type: 'module' },
    'side.js': "console.log('side ran');",
    'main.ts': `console.log('entry ran');\nimport './side.js';\nimport './${broken}';\n`,
    ...files,
  };
}

describe('a syntax error', () => {
  it('in a TypeScript file prints file:line:column and a code frame, runs nothing, and exits 1', async () => {
    const app = project(
      programImporting('broken.ts', {
        'broken.ts': 'interface A {\n  x: number;\n}\nconst b: number = ;\nexport { b };\n',
      }),
    );
    const run = await runProgram(app.root, ['main.ts']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${app.file('broken.ts')}:4:19`);
    expect(caretOf(run.stderr)).toEqual({ lineNumber: 4, sourceLine: 'const b: number = ;', column: 18 });
  });

  it('in a JavaScript file prints file:line:column and a code frame, runs nothing, and exits 1', async () => {
    const app = project(
      programImporting('broken.js', {
        'broken.js': 'export const a = 1;\n\nconst b = a +* 2;\n',
      }),
    );
    const run = await runProgram(app.root, ['main.ts']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${app.file('broken.js')}:3:14`);
    expect(caretOf(run.stderr)).toEqual({ lineNumber: 3, sourceLine: 'const b = a +* 2;', column: 13 });
  });

  it('in a CommonJS file prints file:line:column and a code frame, runs nothing, and exits 1', async () => {
    const app = project(
      programImporting('broken.cjs', {
        'broken.cjs': "'use strict';\nconst b = 1 +* 2;\nmodule.exports = b;\n",
      }),
    );
    const run = await runProgram(app.root, ['main.ts']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${app.file('broken.cjs')}:2:14`);
    expect(caretOf(run.stderr)).toEqual({ lineNumber: 2, sourceLine: 'const b = 1 +* 2;', column: 13 });
  });

  it('such as a duplicate export is reported at the second export, and nothing runs', async () => {
    const app = project(
      programImporting('broken.js', {
        'broken.js': 'export const a = 1;\nconst b = 2;\nexport { b as a };\n',
      }),
    );
    const run = await runProgram(app.root, ['main.ts']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('SyntaxError');
    expect(run.stderr).toContain(`${app.file('broken.js')}:3:15`);
    expect(caretOf(run.stderr)).toEqual({ lineNumber: 3, sourceLine: 'export { b as a };', column: 14 });
  });

  it('such as let redeclaring an import is reported at the declaration, and nothing runs', async () => {
    const app = project(
      programImporting('broken.js', {
        'lib.js': 'export const a = 1;',
        'broken.js': "import { a } from './lib.js';\nlet a = 2;\n",
      }),
    );
    const run = await runProgram(app.root, ['main.ts']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("Identifier 'a' has already been declared");
    expect(run.stderr).toContain(`${app.file('broken.js')}:2:5`);
    expect(caretOf(run.stderr)).toEqual({ lineNumber: 2, sourceLine: 'let a = 2;', column: 4 });
  });
});

describe('an import of a name the module does not export', () => {
  it('in a JavaScript file is a SyntaxError naming the name and the module, and nothing runs', async () => {
    const app = project(
      programImporting('broken.js', {
        'lib.js': 'export const present = 1;',
        'broken.js': "import { present, absent } from './lib.js';\nconsole.log(present, absent);\n",
      }),
    );
    const run = await runProgram(app.root, ['main.ts']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      "SyntaxError: The requested module './lib.js' does not provide an export named 'absent'",
    );
    expect(run.stderr).toContain(`${app.file('broken.js')}:1:19`);
  });

  it('in a TypeScript file reads undefined and the program runs', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'lib.ts': 'export const present = 1;',
      'main.ts': "import { present, absent } from './lib.ts';\nconsole.log(present, typeof absent);\n",
    });
    const run = await runProgram(app.root, ['main.ts']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('1 undefined\n');
    expect(run.exitCode).toBe(0);
  });
});
