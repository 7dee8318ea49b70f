import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useHotFixtures } from './helpers.js';

const { project } = useHotFixtures();

/** Heap growth allowed after 1000 edits of a module holding 1 MB: a leak of one version is 1 MB. */
const ALLOWED_GROWTH_BYTES = 4 * 1024 * 1024;

/**
 * Runs in a child process started with `--expose-gc`, against the built engine: edits a
 * self-accepting module that holds a 1 MB string 1000 times through `engine.update()`, and
 * prints the heap after a full GC before and after. The old-space limit makes a leak of
 * whole versions fail fast rather than slowly.
 */
const script = `
import fs from 'node:fs';
import path from 'node:path';
import { setImmediate as tick } from 'node:timers/promises';
const [root, engineUrl, transportUrl, count] = process.argv.slice(2);
const { HotEngine } = await import(engineUrl);
const { createInProcessTransport } = await import(transportUrl);
const file = path.join(root, 'big.ts');
const source = (i) => [
  "const big: string = 'x'.repeat(1024 * 1024) + '" + i + "';",
  'export const size = big.length;',
  'export const read = () => big;',
  'import.meta.hot.accept((mod) => { globalThis.__size = mod.size; });',
  'import.meta.hot.dispose((data) => { data.previous = big.slice(0, 8); });',
  "import.meta.hot.on('custom', () => big);",
].join('\\n');
fs.writeFileSync(path.join(root, 'entry.ts'), "import { read } from './big.ts';\\nglobalThis.__read = read;\\n");
fs.writeFileSync(file, source(0));
const errors = [];
const logger = { info() {}, warn() {}, debug() {}, error: (message) => errors.push(message) };
const engine = new HotEngine({ root, cacheDir: false, logger, transport: createInProcessTransport({ watch: false }) });
await engine.import('./entry.ts');
const edit = async (i) => {
  fs.writeFileSync(file, source(i));
  const report = await engine.update([file]);
  if (report.outcome !== 'hot-update' || report.errors.length > 0) throw new Error('edit ' + i + ': ' + report.outcome + ' ' + errors.join('\\n'));
};
const heapAfterGc = async () => {
  for (let i = 0; i < 6; i++) { globalThis.gc(); await tick(); }
  return process.memoryUsage().heapUsed;
};
for (let i = 1; i <= 20; i++) await edit(i);
const before = await heapAfterGc();
const started = performance.now();
for (let i = 21; i < 21 + Number(count); i++) await edit(i);
const ms = performance.now() - started;
const after = await heapAfterGc();
await engine.close();
console.log(JSON.stringify({ before, after, ms, size: globalThis.__size }));
`;

function runChild(
  root: string,
  count: number,
): Promise<{ before: number; after: number; ms: number; size: number }> {
  const scriptFile = `${root}/measure.mjs`;
  fs.writeFileSync(scriptFile, script);
  const engineUrl = new URL('../../dist/hot/hot-engine.js', import.meta.url).href;
  const transportUrl = new URL('../../dist/transport/in-process-transport.js', import.meta.url).href;
  const args = [
    '--expose-gc',
    '--max-old-space-size=256',
    scriptFile,
    root,
    engineUrl,
    transportUrl,
    String(count),
  ];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      { cwd: root, timeout: 50_000, env: { ...process.env, NODE_OPTIONS: '' } },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout.trim().split('\n').at(-1)!));
      },
    );
  });
}

describe('memory', () => {
  it('1000 edits of a module holding 1 MB leave the heap within a few MB of where it started', {
    timeout: 60_000,
  }, async () => {
    const app = project();
    const result = await runChild(app.root, 1000);
    const growth = result.after - result.before;
    console.info(
      `memory: heap after GC ${(result.before / 2 ** 20).toFixed(1)} MB before, ${(result.after / 2 ** 20).toFixed(1)} MB after 1000 edits (${(growth / 2 ** 20).toFixed(2)} MB), ${(result.ms / 1000).toFixed(1)} s`,
    );
    expect(result.size).toBe(1024 * 1024 + String(1020).length);
    expect(growth).toBeLessThan(ALLOWED_GROWTH_BYTES);
  });
});
