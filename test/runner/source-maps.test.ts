import { describe, expect, it } from 'vitest';
import { rejectionOf, runProgram, thrownBy, useFixtures } from './helpers.js';

const { project, runner } = useFixtures();

/**
 * The throw is on line 9, column 9 (1-based) of the `.ts` file; esbuild's output has it on
 * line 2, so only a correct source map gives `lib.ts:9:9`.
 */
const lib = [
  'interface Options {',
  '  name: string;',
  '  retries: number;',
  '}',
  "type Mode = 'fast' | 'slow';",
  'declare const unused: Options;',
  '',
  'export function fail(options: Options, mode: Mode): never {',
  "  throw new Error('failed ' + options.name + ' ' + mode);",
  '}',
].join('\n');

describe('stack traces point at the original source', () => {
  it('of an error thrown in a .ts file', async () => {
    const app = project({ 'package.json': { type: 'module' }, 'lib.ts': lib });
    const ns = await runner(app).import('./lib.ts');
    const error = thrownBy(() => (ns.fail as (o: object, m: string) => never)({ name: 'x' }, 'fast'));
    expect(error.stack).toContain(`${app.file('lib.ts')}:9:9`);
  });

  it('of every frame when the throwing function is called from another module', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'lib.ts': lib,
      'main.ts': [
        "import { fail } from './lib.ts';",
        'type Unused = string;',
        '',
        'export function run(): void {',
        "  fail({ name: 'job', retries: 0 }, 'slow');",
        '}',
      ].join('\n'),
    });
    const ns = await runner(app).import('./main.ts');
    const error = thrownBy(() => (ns.run as () => void)());
    const frames = error.stack!.split('\n').slice(1);
    expect(frames[0]).toContain(`${app.file('lib.ts')}:9:9`);
    expect(frames[1]).toContain(`${app.file('main.ts')}:5:3`);
  });

  it('of an error thrown in a .tsx file', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'view.tsx': [
        'const React = { createElement: (type: string, props: object | null, ...children: unknown[]) => ({ type, props, children }) };',
        'type Props = { label: string };',
        '',
        'export function View({ label }: Props) {',
        '  const element = (',
        '    <section>',
        '      <h1 title={label}>{label}</h1>',
        '    </section>',
        '  );',
        "  if (element) throw new TypeError('cannot render ' + label);",
        '}',
      ].join('\n'),
    });
    const ns = await runner(app).import('./view.tsx');
    const error = thrownBy(() => (ns.View as (props: object) => void)({ label: 'x' }));
    expect(error.stack).toContain(`${app.file('view.tsx')}:10:22`);
  });

  it('of an error thrown while a module body runs', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'main.ts': [
        'interface Config {',
        '  port: number;',
        '}',
        'const config: Config = { port: 0 };',
        "if (config.port === 0) throw new RangeError('no port');",
      ].join('\n'),
    });
    const error = await rejectionOf(runner(app).import('./main.ts'));
    expect(error.stack).toContain(`${app.file('main.ts')}:5:30`);
  });

  it('of an error thrown in a .cts file', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'lib.cts': [
        'interface Shape {',
        '  sides: number;',
        '}',
        'function check(shape: Shape): void {',
        "  if (shape.sides < 3) throw new Error('not a polygon');",
        '}',
        'module.exports = { check };',
      ].join('\n'),
    });
    const ns = await runner(app).import('./lib.cts');
    const error = thrownBy(() => (ns.default as { check(s: object): void }).check({ sides: 2 }));
    expect(error.stack).toContain(`${app.file('lib.cts')}:5:30`);
  });
});

describe('the CLI on an uncaught error', () => {
  it('prints the stack with original positions and exits with code 1', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'lib.ts': lib,
      'main.ts': "import { fail } from './lib.ts';\nfail({ name: 'cli', retries: 1 }, 'fast');",
    });
    const run = await runProgram(app.root, ['main.ts']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('Error: failed cli fast');
    expect(run.stderr).toContain(`${app.file('lib.ts')}:9:9`);
    expect(run.stderr).toContain(`${app.file('main.ts')}:2:1`);
  });

  it('maps an error thrown later, outside the import, and exits with code 1', async () => {
    const app = project({
      'package.json': { type: 'module' },
      'main.ts': [
        'type Delay = number;',
        'const delay: Delay = 1;',
        'setTimeout(() => {',
        "  throw new Error('late');",
        '}, delay);',
      ].join('\n'),
    });
    const run = await runProgram(app.root, ['main.ts']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('Error: late');
    expect(run.stderr).toContain(`${app.file('main.ts')}:4:9`);
  });
});
