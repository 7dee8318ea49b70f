import { describe, expect, it } from 'vitest';
import { useCli } from './helpers.js';
import { editOnce, modulePackage, useTerminals, versionProgram } from './terminal.js';

const { project, start } = useCli();
const { startInTerminal } = useTerminals();

/** What hot-node writes to clear the terminal: erase the screen and the scrollback, cursor home. */
const CLEAR = '\x1b[2J\x1b[3J\x1b[H';
const files = { 'package.json': modulePackage, 'main.ts': versionProgram('1', { printPid: true }) };

describe('--clear-screen', () => {
  it('clears the terminal right before the line of an update, not before the start', async () => {
    const app = project(files);
    const terminal = startInTerminal(app, ['--clear-screen', 'main.ts']);
    await editOnce(app, terminal.output);
    const output = terminal.output();
    expect(output).toContain(`${CLEAR}[hot-node] hot update main.ts`);
    expect(output.indexOf(CLEAR)).toBeGreaterThan(output.indexOf('version 1'));
  });

  it('never clears a terminal without the option', async () => {
    const app = project(files);
    const terminal = startInTerminal(app, ['main.ts']);
    await editOnce(app, terminal.output);
    expect(terminal.output()).not.toContain('\x1b[2J');
  });

  it('never clears when stderr is not a terminal, even with the option', async () => {
    const app = project(files);
    const cli = start(app, ['--clear-screen', 'main.ts']);
    await editOnce(app, () => cli.stdout() + cli.stderr());
    expect(cli.stderr()).not.toContain('\x1b[2J');
  });
});
