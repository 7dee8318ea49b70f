import { afterEach, describe, expect, it } from 'vitest';
import { EnvFiles } from '../../src/cli/env-files.js';
import { EnvReads } from '../../src/cli/env-reads.js';
import { capturingLogger, lines, useHotFixtures } from '../hot/helpers.js';
import { poll } from '../support/waiting.js';

const { project, engine, log } = useHotFixtures();

const WAIT_MS = 10_000;

describe('EnvReads', () => {
  it('attributes gets, `in` checks and listings to the module running, and nothing outside one', () => {
    const reads = new EnvReads();
    const env = reads.observe({ A: '1', B: '2', C: '3' });
    void env.C;
    reads.during('/a.ts', () => env.A);
    reads.during('/b.ts', () => 'B' in env);
    reads.during('/all.ts', () => ({ ...env }));
    expect(reads.readersOf(['A'])).toEqual(['/a.ts', '/all.ts']);
    expect(reads.readersOf(['B'])).toEqual(['/all.ts', '/b.ts']);
    expect(reads.readersOf(['C'])).toEqual(['/all.ts']);
    expect(reads.readersOf([])).toEqual([]);
  });

  it('gives reads back to the outer module after an inner one ran from its top level', () => {
    const reads = new EnvReads();
    const env = reads.observe({ INNER: '1', OUTER: '2' });
    reads.during('/outer.cjs', () => {
      reads.during('/inner.cjs', () => env.INNER);
      return env.OUTER;
    });
    expect(reads.readersOf(['OUTER'])).toEqual(['/outer.cjs']);
    expect(reads.readersOf(['INNER'])).toEqual(['/inner.cjs']);
  });

  it('forgets what the previous version of a module read when it runs again', () => {
    const reads = new EnvReads();
    const env = reads.observe({ OLD: '1', NEW: '2' });
    reads.during('/m.ts', () => env.OLD);
    reads.during('/m.ts', () => env.NEW);
    expect(reads.readersOf(['OLD'])).toEqual([]);
    expect(reads.readersOf(['NEW'])).toEqual(['/m.ts']);
  });

  it('passes writes and deletes through to the environment', () => {
    const target: NodeJS.ProcessEnv = { GONE: 'x' };
    const env = new EnvReads().observe(target);
    env.SET = 'y';
    delete env.GONE;
    expect(target).toEqual({ SET: 'y' });
  });
});

describe('EnvFiles with a hot engine', () => {
  const opened: EnvFiles[] = [];
  const keys = ['HN_TEST_GREETING', 'HN_TEST_LATE', 'HN_TEST_UNREAD'];
  afterEach(async () => {
    for (const envFiles of opened.splice(0)) await envFiles.close();
    for (const key of keys) delete process.env[key];
  });

  /** The engine runs `main.ts` of `app` with `.env` loaded and watched. */
  async function run(app: ReturnType<typeof project>) {
    const logger = capturingLogger();
    const envFiles = EnvFiles.load([{ path: '.env', optional: false }], { logger, cwd: app.root });
    opened.push(envFiles);
    const { engine: hot } = engine(app, envFiles.recordReads());
    await hot.import('./main.ts');
    envFiles.watch(hot);
    await envFiles.ready();
    const envLine = () => logger.calls.find((call) => call.message.startsWith('env '))?.message;
    return {
      envLine: () =>
        poll(
          async () => envLine(),
          () => 'no env line',
          WAIT_MS,
        ),
    };
  }

  it('re-runs the modules whose top level read a changed variable, and says so in one line', async () => {
    const app = project({
      '.env': lines('HN_TEST_GREETING=hello', 'HN_TEST_UNREAD=1'),
      'config.ts': lines(
        'export const greeting = process.env.HN_TEST_GREETING;',
        "globalThis.__log.push('config ' + greeting);",
      ),
      'main.ts': lines(
        "import { greeting } from './config.ts';",
        "globalThis.__log.push('main ' + greeting);",
        'import.meta.hot.accept();',
      ),
    });
    const { envLine } = await run(app);
    expect(log()).toEqual(['config hello', 'main hello']);

    app.write({ '.env': lines('HN_TEST_GREETING=bonjour', 'HN_TEST_UNREAD=1') });

    expect(await envLine()).toBe('env .env: HN_TEST_GREETING changed (2 modules re-run)');
    expect(log()).toEqual(['config hello', 'main hello', 'config bonjour', 'main bonjour']);
    expect(process.env.HN_TEST_GREETING).toBe('bonjour');
  });

  it('re-runs no module for a variable read only later, which sees the new value anyway', async () => {
    const app = project({
      '.env': lines('HN_TEST_LATE=before'),
      'main.ts': lines(
        "globalThis.__log.push('main runs');",
        'globalThis.__late = () => process.env.HN_TEST_LATE;',
        'import.meta.hot.accept();',
      ),
    });
    const { envLine } = await run(app);

    app.write({ '.env': lines('HN_TEST_LATE=after') });

    expect(await envLine()).toBe('env .env: HN_TEST_LATE changed (no module read it while loading)');
    expect(log()).toEqual(['main runs']);
    expect((globalThis as { __late?: () => string }).__late?.()).toBe('after');
  });

  it('attributes a read before the top-level await of a module to that module', async () => {
    const app = project({
      '.env': lines('HN_TEST_GREETING=one'),
      'main.ts': lines(
        'const greeting = process.env.HN_TEST_GREETING;',
        'await Promise.resolve();',
        "globalThis.__log.push('main ' + greeting);",
        'import.meta.hot.accept();',
      ),
    });
    const { envLine } = await run(app);

    app.write({ '.env': lines('HN_TEST_GREETING=two') });

    expect(await envLine()).toBe('env .env: HN_TEST_GREETING changed (1 module re-run)');
    expect(log()).toEqual(['main one', 'main two']);
  });

  it('deletes a variable removed from the file, and re-runs its readers', async () => {
    const app = project({
      '.env': lines('HN_TEST_GREETING=hello'),
      'main.ts': lines(
        "globalThis.__log.push('main ' + (process.env.HN_TEST_GREETING ?? 'unset'));",
        'import.meta.hot.accept();',
      ),
    });
    const { envLine } = await run(app);

    app.write({ '.env': lines('# nothing left') });

    expect(await envLine()).toBe('env .env: HN_TEST_GREETING removed (1 module re-run)');
    expect(log()).toEqual(['main hello', 'main unset']);
    expect('HN_TEST_GREETING' in process.env).toBe(false);
  });
});
