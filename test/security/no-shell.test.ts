import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type ProcessCall, processCalls } from './process-calls.js';

/**
 * hot-node starts processes (the supervisor's cluster workers, child processes) with names and
 * paths that come from the user: the entry, its arguments, Node options. None of it may reach a
 * shell. The sources are parsed, not grepped: every use of child_process, cluster and
 * worker_threads is found, and each must pass its arguments as an array, with its options
 * written where the check can read them, and no shell.
 */

const repo = fileURLToPath(new URL('../..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.(ts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [file] : [];
  });
}

function scan(files: readonly string[]): ProcessCall[] {
  return files.flatMap((file) => processCalls(path.relative(repo, file), fs.readFileSync(file, 'utf8')));
}

describe('no shell', () => {
  it('src/ and bin/ start processes with argument arrays and never through a shell', () => {
    const calls = scan([...sourceFiles(path.join(repo, 'src')), ...sourceFiles(path.join(repo, 'bin'))]);
    console.info(
      `process-starting calls in src/ and bin/:\n${calls.map((call) => `  ${call.file}:${call.line} ${call.api}`).join('\n')}`,
    );
    // The supervisor forks cluster workers: a check that finds nothing has stopped looking.
    expect(calls.some((call) => call.api.startsWith('cluster.'))).toBe(true);
    expect(calls.filter((call) => call.problems.length > 0)).toEqual([]);
  });

  it('finds each way a command line could reach a shell', () => {
    const source = [
      "import { exec, spawn, execFile as run } from 'node:child_process';",
      "import * as cp from 'child_process';",
      "import { Worker } from 'node:worker_threads';",
      'export function start(dir: string, options: object) {',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text of the fixture
      '  exec(`ls ${dir}`);',
      "  cp.execSync('ls ' + dir);",
      "  spawn('ls', [dir], { shell: true });",
      "  run('ls', [dir], options);",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text of the fixture
      "  cp.spawnSync('ls', `${dir}`);",
      "  cp.fork('child.js', [], { ...options });",
      '  new Worker(dir, { eval: true });',
      "  const child = require('child_process');",
      "  spawn(process.execPath, ['--version'], { stdio: 'inherit', shell: false });",
      '}',
    ].join('\n');
    const flagged = processCalls('fixture.ts', source).map((call) => [call.line, call.api, call.problems]);
    expect(flagged).toEqual([
      [1, 'child_process.exec', ['exec runs its command through a shell']],
      [5, 'child_process.exec', ['exec runs its command through a shell']],
      [6, 'child_process.execSync', ['execSync runs its command through a shell']],
      [7, 'child_process.spawn', ['shell option set']],
      [
        8,
        'child_process.execFile',
        ['execFile gets options the check cannot read (write them as an object literal)'],
      ],
      [9, 'child_process.spawnSync', ['spawnSync gets its arguments as one string']],
      [10, 'child_process.fork', ['options spread from elsewhere may set shell']],
      [11, 'worker_threads.Worker', ['eval: true runs a string as code']],
      [12, "require('child_process')", ['required at run time: its uses cannot be checked']],
      [13, 'child_process.spawn', []],
    ]);
  });
});
