import { describe, expect, it } from 'vitest';
import { useCli } from './helpers.js';
import { editOnce, modulePackage, useTerminals, versionProgram } from './terminal.js';

const { project, start } = useCli();
const { startInTerminal } = useTerminals();

const ESC = '\x1b[';
const files = { 'package.json': modulePackage, 'main.ts': versionProgram('1', { printPid: true }) };

describe('colours in what hot-node prints', () => {
  it('colours the prefix and the outcome of an update line on a colour terminal', async () => {
    const app = project(files);
    // Node counts a terminal under an unknown CI as having no colours (`CI` set by .ci/run).
    const terminal = startInTerminal(app, ['main.ts'], { NO_COLOR: undefined, CI: undefined });
    const line = await editOnce(app, terminal.output);
    expect(line).toContain(`${ESC}36m[hot-node]${ESC}39m`);
    expect(line).toContain(`${ESC}32mhot update ${ESC}39mmain.ts`);
  });

  it('prints no colour on a terminal when NO_COLOR is set', async () => {
    const app = project(files);
    const terminal = startInTerminal(app, ['main.ts'], { NO_COLOR: '1' });
    const line = await editOnce(app, terminal.output);
    expect(line).toMatch(/^\[hot-node\] hot update main\.ts/);
    expect(terminal.output()).not.toContain(ESC);
  });

  it('prints no colour into a pipe', async () => {
    const app = project(files);
    const cli = start(app, ['main.ts'], { env: { NO_COLOR: undefined } });
    const line = await editOnce(app, () => cli.stdout() + cli.stderr());
    expect(line).toMatch(/^\[hot-node\] hot update main\.ts/);
    expect(cli.stderr()).not.toContain(ESC);
  });

  it('colours a pipe when FORCE_COLOR asks for it', async () => {
    const app = project(files);
    const cli = start(app, ['main.ts'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    const line = await editOnce(app, () => cli.stdout() + cli.stderr());
    expect(line).toContain(`${ESC}32mhot update ${ESC}39mmain.ts`);
  });
});
