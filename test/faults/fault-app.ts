import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect } from 'vitest';
import { type Cli, get, type Project, poll } from '../cli/helpers.js';
import { killGroup, spawnInGroup } from '../support/process-group.js';
import { saveUntil, sleep } from '../support/waiting.js';

const cliPath = fileURLToPath(new URL('../../bin/hot-node.js', import.meta.url));
const WAIT_TIMEOUT_MS = 15_000;

/**
 * The entry of the sample app: a node:http server on 127.0.0.1 that answers with what
 * `handle()` of the handler module returns, takes the handler's updates (accepting it as a
 * dependency) and its own (re-listening on the same port).
 */
export function serverSource(handler = './handler.ts'): string {
  return [
    "import { createServer } from 'node:http';",
    `import { handle } from '${handler}';`,
    '',
    'let current = handle;',
    'const server = createServer((_req, res) => res.end(current()));',
    'const hot = import.meta.hot;',
    "server.listen(hot?.data.port ?? 0, '127.0.0.1', () => {",
    '  const { port } = server.address() as { port: number };',
    '  if (hot) hot.data.port = port;',
    "  console.log('pid ' + process.pid);",
    "  console.log('listening ' + port);",
    '});',
    `hot?.accept('${handler}', (next) => {`,
    '  current = next.handle;',
    '});',
    'hot?.accept();',
    'hot?.dispose(() => new Promise<void>((resolve) => server.close(() => resolve())));',
    '',
  ].join('\n');
}

/**
 * The handler module: it answers `<label> <count>`, where count is a request counter kept in
 * `import.meta.hot.data`, so a new version continues it. `top` is code run at the top of the
 * module (imports first), `label` an expression (default: the label as a string).
 */
export function handlerSource(
  label: string,
  options: { top?: string; labelExpression?: string } = {},
): string {
  return [
    options.top ?? '',
    'const data = import.meta.hot?.data ?? {};',
    'data.count ??= 0;',
    'export function handle(): string {',
    '  data.count++;',
    `  return \`\${${options.labelExpression ?? JSON.stringify(label)}} \${data.count}\`;`,
    '}',
    '',
  ].join('\n');
}

/** The sample app running under `hot-node`, watched, with a client that records what it is served. */
export interface RunningApp {
  readonly project: Project;
  readonly cli: Cli;
  readonly port: number;
  /** GET `/`: the body. A request that fails fails the test: the server must keep answering. */
  request(): Promise<string>;
  /** Requests until a body starts with `label` (failed requests are retried), and returns it. */
  servedBy(label: string): Promise<string>;
  /** The counter of each body served so far, in order. */
  counts(): number[];
  /** What hot-node and the program printed on stderr since the app was watched. */
  messages(): string;
  /** Resolves with the first match of `pattern` in {@link messages}, waiting for it. */
  waitForMessage(pattern: RegExp): Promise<RegExpExecArray>;
}

export interface StartOptions {
  /** Files of the app besides package.json, server.ts and handler.ts (or replacing them). */
  readonly files?: Record<string, string>;
  /** The file saved once after the start, to know the watcher runs (default handler.ts). */
  readonly watched?: string;
  /** A command that runs hot-node (`node` is appended), e.g. to drop privileges. */
  readonly wrapper?: readonly string[];
  /** Files or links created before the start. */
  readonly prepare?: (project: Project) => void;
}

/**
 * Registers the cleanup of the processes and folders the tests of a file create (every
 * process is killed, every temporary folder removed), and returns the factories.
 */
export function useFaultApp(): {
  start(options?: StartOptions): Promise<RunningApp>;
  /** A temporary folder (removed after the test), e.g. the target of a symlink. */
  folder(): Project;
} {
  const clis: Cli[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const cli of clis.splice(0)) {
      await killGroup(cli);
    }
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  });
  const folder = (): Project => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hot-node-fault-')));
    dirs.push(root);
    const project: Project = {
      root,
      file: (relative) => path.join(root, relative),
      write(relative, content) {
        fs.mkdirSync(path.dirname(project.file(relative)), { recursive: true });
        fs.writeFileSync(project.file(relative), content);
      },
    };
    return project;
  };
  return {
    folder,
    async start(options = {}) {
      const project = folder();
      const files = {
        'package.json': '{ "type": "module" }\n',
        'server.ts': serverSource(),
        'handler.ts': handlerSource('v1'),
        ...options.files,
      };
      for (const [relative, content] of Object.entries(files)) project.write(relative, content);
      options.prepare?.(project);
      const cli = launch(project, options.wrapper ?? []);
      clis.push(cli);
      const port = Number((await cli.waitFor(/listening (\d+)/))[1]);
      // A save that is applied says the watcher runs: a fault made from now on is seen.
      const watched = options.watched ?? 'handler.ts';
      const content = fs.readFileSync(project.file(watched), 'utf8');
      let saves = 0;
      await saveUntil({
        write: (text) => {
          saves++;
          project.write(watched, text);
        },
        content: `${content}// watched\n`,
        applied: () => /hot update /.test(cli.stderr()),
        describe: () => `the app did not take a save of ${watched}\n${cli.stderr()}`,
        timeoutMs: WAIT_TIMEOUT_MS,
        resaveAfterMs: 1_500,
      });
      // A save made again (the watcher was not ready for the first) may still be an update of its own.
      if (saves > 1) await unchanged(() => cli.stderr().length, 300);
      const from = cli.stderr().length;
      return runningApp(project, cli, port, () => cli.stderr().slice(from));
    },
  };
}

function runningApp(project: Project, cli: Cli, port: number, messages: () => string): RunningApp {
  const bodies: string[] = [];
  const served = (body: string): string => {
    bodies.push(body);
    return body;
  };
  return {
    project,
    cli,
    port,
    messages,
    async request() {
      const response = await get(port);
      if ('error' in response) throw new Error(`the server did not answer: ${response.error}\n${messages()}`);
      return served(response.body);
    },
    servedBy: (label) =>
      poll(
        async () => {
          const response = await get(port);
          if ('error' in response) return undefined;
          return served(response.body).startsWith(`${label} `) ? response.body : undefined;
        },
        () => `never served by ${label}; last bodies: ${bodies.slice(-3).join(' | ')}\n${messages()}`,
      ),
    counts: () => bodies.map((body) => Number(/ (\d+)$/.exec(body)?.[1] ?? Number.NaN)),
    waitForMessage: (pattern) =>
      poll(
        () => pattern.exec(messages()) ?? undefined,
        () => `no ${pattern} on stderr:\n${messages()}`,
      ),
  };
}

/** Resolves once `value()` stayed the same for `ms`. */
async function unchanged(value: () => unknown, ms: number): Promise<void> {
  let last = value();
  let since = Date.now();
  while (Date.now() - since < ms) {
    await sleep(20);
    const now = value();
    if (now !== last) {
      last = now;
      since = Date.now();
    }
  }
}

/** The request counter was never reset: the bodies counted 1, 2, 3, ... across every update. */
export function expectStateKept(app: RunningApp): void {
  const counts = app.counts();
  expect(counts.length).toBeGreaterThan(1);
  expect(counts).toEqual(counts.map((_, i) => i + 1));
}

/** The file's own `file:line:column` and a code frame pointing at `code`, as hot-node prints them. */
export async function expectLocated(
  app: RunningApp,
  file: string,
  line: number,
  code: string,
): Promise<void> {
  // Waited for, not read at once: the error may follow the update's own line in a later write.
  await app.waitForMessage(new RegExp(`> +${line} \\| .*${escapeRegExp(code)}`));
  expect(app.messages()).toMatch(new RegExp(`${escapeRegExp(file)}:${line}:\\d+`));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function launch(project: Project, wrapper: readonly string[]): Cli {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.NODE_OPTIONS;
  delete env.FORCE_COLOR;
  env.HOT_NODE_CACHE_DIR = path.join(project.root, '.cache');
  const [command, ...args] = [...wrapper, process.execPath, cliPath, 'server.ts'];
  const { child, exited } = spawnInGroup(command!, args, {
    cwd: project.root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let ended = false;
  void exited.then(() => (ended = true));
  return {
    child,
    exited,
    stdout: () => stdout,
    stderr: () => stderr,
    waitFor: (pattern, stream = 'stdout') =>
      poll(
        () => pattern.exec(stream === 'stdout' ? stdout : stderr) ?? (ended ? null : undefined),
        () => `no ${pattern} on ${stream}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`,
      ),
  };
}

/**
 * How to run hot-node so that a file with mode 000 cannot be read: root reads it anyway
 * (CAP_DAC_OVERRIDE), so as root hot-node runs without that capability and without
 * CAP_DAC_READ_SEARCH (`setpriv` removes them from the bounding set: root then obeys file
 * modes). `undefined`: no way here (root without `setpriv`, or Windows).
 */
export function withoutReadOverride(): readonly string[] | undefined {
  if (process.platform === 'win32') return undefined;
  if (process.getuid?.() !== 0) return [];
  const wrapper = ['setpriv', '--bounding-set=-dac_override,-dac_read_search'];
  const probe = spawnSync(wrapper[0]!, [...wrapper.slice(1), 'true']);
  return probe.status === 0 ? wrapper : undefined;
}

/** Writes `content` as editors that save atomically do: a temporary file renamed over the original. */
export function saveAtomically(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}
