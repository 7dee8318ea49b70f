import { describe, expect, it } from 'vitest';
import { saveUntil, useCli } from './helpers.js';
import { modulePackage, versionProgram } from './terminal.js';

const { project, start } = useCli();

describe('what hot-node prints', () => {
  it('writes nothing on stdout: the program has it to itself, across updates', async () => {
    const app = project({ 'package.json': modulePackage, 'main.ts': versionProgram('1') });
    const cli = start(app, ['main.ts']);
    await cli.waitFor(/version 1/);
    await saveUntil(app, 'main.ts', versionProgram('2'), () => cli.stdout().includes('version 2'));
    await cli.waitFor(/\[hot-node\] hot update main\.ts/, 'stderr');
    expect(cli.stdout()).toBe('version 1\nversion 2\n');
  });

  it('prints one line per update by default, without the timings', async () => {
    const app = project({ 'package.json': modulePackage, 'main.ts': versionProgram('1') });
    const cli = start(app, ['main.ts']);
    await cli.waitFor(/version 1/);
    await saveUntil(app, 'main.ts', versionProgram('2'), () => cli.stdout().includes('version 2'));
    await cli.waitFor(/hot update main\.ts/, 'stderr');
    expect(cli.stderr()).not.toContain('trace');
  });

  it('--quiet prints no update lines, but still prints errors', async () => {
    const app = project({ 'package.json': modulePackage, 'main.ts': versionProgram('1') });
    const cli = start(app, ['--quiet', 'main.ts']);
    await cli.waitFor(/version 1/);
    await saveUntil(app, 'main.ts', versionProgram('2'), () => cli.stdout().includes('version 2'));
    app.write('main.ts', `${versionProgram('3')}\nconst broken = ;\n`);
    await cli.waitFor(/update of main\.ts failed/, 'stderr');
    expect(cli.stderr()).not.toContain('hot update');
  });

  it('--verbose prints the timings of each update', async () => {
    const app = project({ 'package.json': modulePackage, 'main.ts': versionProgram('1') });
    const cli = start(app, ['--verbose', 'main.ts']);
    await cli.waitFor(/version 1/);
    await saveUntil(app, 'main.ts', versionProgram('2'), () => cli.stdout().includes('version 2'));
    await cli.waitFor(/\[hot-node\] trace main\.ts: event \+0\.00ms/, 'stderr');
  });

  it('--verbose shows how an update propagated: the boundary and what ran again', async () => {
    const main = [
      "import { value } from './dep.ts';",
      "console.log('value', value);",
      'const timer = setInterval(() => {}, 1000);',
      "import.meta.hot?.accept('./dep.ts', (dep) => console.log('value', dep?.value));",
      'import.meta.hot?.dispose(() => clearInterval(timer));',
      '',
    ].join('\n');
    const app = project({
      'package.json': modulePackage,
      'main.ts': main,
      'dep.ts': 'export const value = 1;\n',
    });
    const cli = start(app, ['--verbose', 'main.ts']);
    await cli.waitFor(/value 1/);
    await saveUntil(app, 'dep.ts', 'export const value = 2;\n', () => cli.stdout().includes('value 2'));
    await cli.waitFor(/\[hot-node\] propagation dep\.ts: main\.ts accepts dep\.ts/, 'stderr');
    await cli.waitFor(/\[hot-node\] ran again \(1\): dep\.ts/, 'stderr');
  });
});
