import { afterEach } from 'vitest';
import { createRunner, type HotEngine, type HotEngineOptions } from '../../src/index.js';
import {
  type CapturingLogger,
  capturingLogger,
  type FileTree,
  type HotProject,
  useHotFixtures,
} from '../hot/helpers.js';

export { type FileTree, type HotProject, lines } from '../hot/helpers.js';

/** A runner made by the public `createRunner`, and what it logged. */
export interface RunnerUnderTest {
  readonly runner: HotEngine;
  readonly logger: CapturingLogger;
  /** Writes `files` into the project (paths relative to its root); returns their absolute paths. */
  write(files: FileTree): string[];
}

/**
 * Registers the cleanup of what a test creates (runners, temp projects, globals) and returns
 * the factories. Runners are made by the package's `createRunner`, without a watcher unless
 * a test asks for one. Call once at the top of a test file.
 */
export function useRunners(): {
  project(files?: FileTree): HotProject;
  runner(project: HotProject, options?: HotEngineOptions): RunnerUnderTest;
  /** What the modules pushed to `globalThis.__log` so far. */
  log(): string[];
} {
  const fixtures = useHotFixtures();
  const runners: HotEngine[] = [];
  // Registered after the fixtures' own: it runs first, so runners close before their folders go.
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.close()));
  });
  return {
    project: fixtures.project,
    log: fixtures.log,
    runner(project, options = {}) {
      const logger = capturingLogger();
      const runner = createRunner({ root: project.root, cacheDir: false, watch: false, logger, ...options });
      runners.push(runner);
      return {
        runner,
        logger,
        write(files) {
          project.write(files);
          return Object.keys(files).map((relative) => project.file(relative));
        },
      };
    },
  };
}
