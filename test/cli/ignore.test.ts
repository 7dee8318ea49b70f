import { describe, expect, it } from 'vitest';
import { saveUntil, sleep, useCli } from './helpers.js';

const { project, start } = useCli();

/** Longer than a burst of the watcher: a change of a watched file would have been applied by then. */
const WATCHER_BURST_MS = 300;

const main = (version: number) =>
  [
    "import { data } from './generated/data.ts';",
    `console.log('main ${version} with data ' + data);`,
    'const timer = setInterval(() => {}, 1000);',
    'import.meta.hot?.accept();',
    'import.meta.hot?.dispose(() => clearInterval(timer));',
    '',
  ].join('\n');

describe('--ignore', () => {
  it('a change of an ignored file does nothing: no update, the running program keeps its version', async () => {
    const app = project({
      'package.json': '{ "type": "module" }\n',
      'generated/data.ts': 'export const data = 1;\n',
      'main.ts': main(1),
    });
    const cli = start(app, ['--ignore', 'generated', 'main.ts']);
    await cli.waitFor(/main 1 with data 1/);
    // An applied edit of main.ts: the watcher is live, for the folders of every file it watches.
    await saveUntil(app, 'main.ts', main(2), () => cli.stdout().includes('main 2'));

    app.write('generated/data.ts', 'export const data = 2;\n');
    await sleep(WATCHER_BURST_MS);
    // A change of main.ts after it: had data.ts been watched, its update would come first.
    await saveUntil(app, 'main.ts', main(3), () => cli.stdout().includes('main 3'));

    expect(cli.stdout()).toContain('main 3 with data 1');
    expect(cli.stdout()).not.toContain('data 2');
    expect(cli.stderr()).not.toContain('data.ts');
  });
});
