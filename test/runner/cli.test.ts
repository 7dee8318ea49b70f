import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, runProgram, useFixtures } from './helpers.js';

const { project } = useFixtures();

const packageVersion = (
  JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

const printArgv = 'console.log(JSON.stringify(process.argv));\n';

describe('the program run by the CLI', () => {
  it('transforms TypeScript in its own thread: esbuild is not started for a program without decorators', async () => {
    const app = project({ 'package.json': { type: 'module' }, 'main.ts': printChildProcesses('') });
    const run = await runProgram(app.root, ['main.ts']);
    expect(run.stdout.split('\n')).not.toContain('esbuild');
  });

  it('starts esbuild for what only it lowers here: standard decorators', async () => {
    const decorated =
      'function mark(value: unknown) { return value; }\n@mark class Service {}\nvoid Service;\n';
    const app = project({ 'package.json': { type: 'module' }, 'main.ts': printChildProcesses(decorated) });
    const run = await runProgram(app.root, ['main.ts']);
    expect(run.stdout.split('\n')).toContain('esbuild');
  });

  it('sees process.argv as [execPath, absolute entry, ...its arguments]', async () => {
    const app = project({ 'package.json': { type: 'module' }, 'src/main.ts': printArgv });
    const run = await runProgram(app.root, ['src/main.ts', 'a', '--help', '-C', 'b']);
    expect(JSON.parse(run.stdout)).toEqual([
      process.execPath,
      app.file('src/main.ts'),
      'a',
      '--help',
      '-C',
      'b',
    ]);
  });

  it('takes the entry after -- and everything after it as its arguments', async () => {
    const app = project({ 'package.json': { type: 'module' }, 'main.ts': printArgv });
    const run = await runProgram(app.root, ['--', 'main.ts', '--version']);
    expect(JSON.parse(run.stdout)).toEqual([process.execPath, app.file('main.ts'), '--version']);
  });

  it('is the main module when it is CommonJS: require.main === module', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'main.cjs': "require('./lib.cjs');\nconsole.log(require.main === module);\n",
      'lib.cjs': 'console.log(require.main === module);\n',
    });
    const run = await runProgram(app.root, ['main.cjs']);
    expect(run.stdout).toBe('false\ntrue\n');
  });

  it('may start with a hashbang line', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'main.ts': "#!/usr/bin/env hot-node\nconst greeting: string = 'hi';\nconsole.log(greeting);\n",
    });
    const run = await runProgram(app.root, ['main.ts']);
    expect(run.stdout).toBe('hi\n');
  });

  it('sets the exit code with process.exitCode', async () => {
    const app = project({ 'package.json': { type: 'module' }, 'main.ts': 'process.exitCode = 3;\n' });
    const run = await runProgram(app.root, ['main.ts']);
    expect(run.exitCode).toBe(3);
  });

  it('sets the exit code with process.exit', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'main.ts': "setTimeout(() => process.exit(4), 1);\nsetTimeout(() => console.log('too late'), 5_000);\n",
    });
    const run = await runProgram(app.root, ['main.ts']);
    expect(run.exitCode).toBe(4);
    expect(run.stdout).toBe('');
  });

  it('exits with code 1 on an uncaught error', async () => {
    const app = project({ 'package.json': { type: 'module' }, 'main.js': "throw new Error('uncaught');\n" });
    const run = await runProgram(app.root, ['main.js']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('Error: uncaught');
  });

  it('exits with code 1 on an unhandled rejection', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'main.js': "Promise.reject(new Error('unhandled'));\n",
    });
    const run = await runProgram(app.root, ['main.js']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('Error: unhandled');
  });

  it('has its stdout and stderr to itself: hot-node adds nothing', async () => {
    const out = 'first line\n\n  indented – ünïcode\nno newline at the end';
    const err = 'to stderr\n';
    const app = project({
      'package.json': { type: 'module' },
      'main.ts': `process.stdout.write(${JSON.stringify(out)});\nprocess.stderr.write(${JSON.stringify(err)});\n`,
    });
    const run = await runProgram(app.root, ['main.ts']);
    expect(run).toEqual({ stdout: out, stderr: err, exitCode: 0 });
  });

  it('keeps its stdout exact when it fails: the error goes to stderr', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'main.ts': "process.stdout.write('partial output');\nthrow new Error('failed');\n",
    });
    const run = await runProgram(app.root, ['main.ts']);
    expect(run.stdout).toBe('partial output');
    expect(run.stderr).toContain('Error: failed');
  });
});

describe('the CLI itself', () => {
  it('prints its usage on stdout for --help and exits 0', async () => {
    const app = project();
    const run = await runCli(app.root, ['--help']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^Usage: hot-node /);
    expect(run.stderr).toBe('');
  });

  it('prints the package version for --version and exits 0', async () => {
    const app = project();
    const run = await runCli(app.root, ['--version']);
    expect(run).toEqual({ stdout: `${packageVersion}\n`, stderr: '', exitCode: 0 });
  });

  it('rejects an unknown option with a message on stderr and a non-zero exit code', async () => {
    const app = project({ 'main.ts': "console.log('ran');\n" });
    const run = await runCli(app.root, ['--bogus', 'main.ts']);
    expect(run.exitCode).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('unknown option --bogus');
  });

  it('says the entry is missing on stderr and exits non-zero', async () => {
    const app = project();
    const run = await runCli(app.root, []);
    expect(run.exitCode).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('missing the entry file');
  });

  it('names an entry that does not exist on stderr and exits 1', async () => {
    const app = project({ 'package.json': { type: 'module' } });
    const run = await runProgram(app.root, ['nope.ts']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(app.file('nope.ts'));
  });
});

/** A program that prints the command names of its process's children, one per line, after `prelude`. */
function printChildProcesses(prelude: string): string {
  return [
    "import { execFileSync } from 'node:child_process';",
    prelude,
    "const names = execFileSync('ps', ['-o', 'comm=', '--ppid', String(process.pid)], { encoding: 'utf8' });",
    'console.log(names.trim());',
  ].join('\n');
}
