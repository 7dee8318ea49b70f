import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  expectLocated,
  expectStateKept,
  handlerSource,
  serverSource,
  useFaultApp,
  withoutReadOverride,
} from './fault-app.js';

const { start, folder } = useFaultApp();

/** The wrapper that makes a mode-000 file unreadable to hot-node here, if there is one. */
const unreadable = withoutReadOverride();

describe('faults of the files on disk', () => {
  it('the entry deleted is reported, the server keeps answering, and edits apply once it is back', async () => {
    const app = await start();
    await app.request();
    const entry = fs.readFileSync(app.project.file('server.ts'), 'utf8');
    fs.rmSync(app.project.file('server.ts'));
    await app.waitForMessage(/update of server\.ts failed.*previous code keeps running/);
    // The error follows the update's line in its own write: wait for it rather than race it.
    await app.waitForMessage(/ENOENT: no such file or directory, open '.*server\.ts'/);
    expect(await app.request()).toMatch(/^v1 /);
    app.project.write('server.ts', entry);
    app.project.write('handler.ts', handlerSource('v2'));
    await app.servedBy('v2');
    expectStateKept(app);
  });

  it.skipIf(unreadable === undefined)(
    'a file made unreadable fails its update with EACCES, and runs once readable again',
    async () => {
      const app = await start({ wrapper: unreadable ?? [] });
      await app.request();
      // The new version arrives unreadable: a file with mode 000 renamed over the old one.
      const file = app.project.file('handler.ts');
      app.project.write('handler.ts.new', handlerSource('v2'));
      fs.chmodSync(`${file}.new`, 0o000);
      fs.renameSync(`${file}.new`, file);
      await app.waitForMessage(/update of handler\.ts failed/);
      await app.waitForMessage(/EACCES: permission denied, open '.*handler\.ts'/);
      expect(await app.request()).toMatch(/^v1 /);
      fs.chmodSync(file, 0o644);
      await app.servedBy('v2');
      expectStateKept(app);
    },
  );

  it('an edit in a symlinked source folder is applied', async () => {
    const linked = folder();
    linked.write('handler.ts', handlerSource('v1'));
    const app = await start({
      files: { 'server.ts': serverSource('./lib/handler.ts') },
      prepare: (project) => fs.symlinkSync(linked.root, project.file('lib'), 'dir'),
      watched: 'lib/handler.ts',
    });
    await app.request();
    app.project.write('lib/handler.ts', handlerSource('v2'));
    await app.servedBy('v2');
    expectStateKept(app);
  });

  it('bytes that are not UTF-8 in a string are read as U+FFFD, as node reads them', async () => {
    const app = await start();
    await app.request();
    const latin1 = handlerSource('v2', { labelExpression: "'v2-caf\u00e9'" });
    fs.writeFileSync(app.project.file('handler.ts'), Buffer.from(latin1, 'latin1'));
    expect(await app.servedBy('v2-caf\ufffd')).toMatch(/^v2-caf\ufffd \d+$/);
    expect(app.messages()).not.toMatch(/error/i);
    expectStateKept(app);
  });

  it('bytes that are not UTF-8 in code are a syntax error located in the file; the old code serves', async () => {
    const app = await start();
    await app.request();
    const source = handlerSource('v2', { top: 'const broken = \u00ff\u00fe;' });
    fs.writeFileSync(app.project.file('handler.ts'), Buffer.from(source, 'latin1'));
    await app.waitForMessage(/update of handler\.ts failed/);
    await expectLocated(app, 'handler.ts', 1, 'const broken =');
    expect(await app.request()).toMatch(/^v1 /);
    app.project.write('handler.ts', handlerSource('v2'));
    await app.servedBy('v2');
    expectStateKept(app);
  });

  it('a 5 MB source file is applied in seconds, and the server answers after it', async () => {
    const app = await start();
    await app.request();
    app.project.write('handler.ts', handlerSource('v2', { top: generatedCode(5 * 1024 * 1024) }));
    await app.waitForMessage(/hot update handler\.ts/);
    expect(await app.request()).toMatch(/^v2 /);
    expectStateKept(app);
  });
});

/**
 * About `bytes` of generated code: a megabyte of exported functions (tens of thousands of
 * declarations in one scope, as in a bundle), then a table of strings.
 */
function generatedCode(bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  const add = (line: string): void => {
    lines.push(line);
    size += line.length + 1;
  };
  for (let i = 0; size < 1024 * 1024; i++) {
    add(`export function generated${i}(value: number): number { return value * ${i} + ${i % 7}; }`);
  }
  add('export const table: string[] = [');
  for (let i = 0; size < bytes; i++) add(`  'row ${i} ${'abcdefghij'.repeat(6)}',`);
  add('];');
  return lines.join('\n');
}
