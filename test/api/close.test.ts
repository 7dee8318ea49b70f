import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Exit } from '../support/waiting.js';

/** The built package (vitest's global setup builds dist/ before any test). */
const distIndex = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
/** How long the script waits, once closed, before it reports what keeps it alive and exits with 3. */
const GRACE_MS = 3_000;
const EXIT_TIMEOUT_MS = 15_000;

/**
 * A host that embeds the runner: imports a server module (it listens and ticks, and releases
 * both in its dispose handler), edits it, waits for the watcher's update, and closes. Once
 * closed, nothing may keep it alive: an unref'd timer that fires only if something does
 * prints what is still open.
 */
const hostScript = `
import fs from 'node:fs';
import path from 'node:path';
const { createRunner } = await import(process.env.HOT_NODE_INDEX);
const root = process.argv[2];
const runner = createRunner({ root, cacheDir: path.join(root, '.cache') });
await runner.import('./server.ts');
await runner.ready();
const updated = new Promise((resolve) => runner.on('update', resolve));
fs.writeFileSync(path.join(root, 'server.ts'), fs.readFileSync(path.join(root, 'server.ts'), 'utf8') + '// edited\\n');
const report = await updated;
console.log('update ' + report.outcome);
await runner.close();
console.log('closed');
setTimeout(() => {
  console.error('still alive after close: ' + JSON.stringify(process.getActiveResourcesInfo()));
  process.exit(3);
}, ${GRACE_MS}).unref();
`;

const serverModule = `
import { createServer } from 'node:http';
const server = createServer((req, res) => res.end('ok'));
server.listen(0, '127.0.0.1');
const timer = setInterval(() => {}, 1000);
import.meta.hot.accept();
import.meta.hot.dispose(() => {
  clearInterval(timer);
  server.close();
});
`;

describe('runner.close()', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('leaves no handle open: a host that closed its runner exits on its own', async () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hot-node-close-')));
    dirs.push(root);
    fs.writeFileSync(path.join(root, 'package.json'), '{ "type": "module" }');
    fs.writeFileSync(path.join(root, 'server.ts'), serverModule);
    fs.writeFileSync(path.join(root, 'host.mjs'), hostScript);
    const env: NodeJS.ProcessEnv = { ...process.env, HOT_NODE_INDEX: pathToFileURL(distIndex).href };
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, [path.join(root, 'host.mjs'), root], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exit = await new Promise<Exit>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the host did not exit\n${stdout}${stderr}`)),
        EXIT_TIMEOUT_MS,
      );
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal });
      });
    });
    expect({ exit, stderr }).toMatchObject({ exit: { code: 0, signal: null } });
    expect(stdout).toBe('update hot-update\nclosed\n');
  });
});
