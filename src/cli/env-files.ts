import type { HotLogger } from '../hot/hot-logger.js';
import type { UpdateReport } from '../hot/update-report.js';
import type { EvaluationWrapper } from '../runner/evaluate.js';
import { FileWatcher } from '../transport/file-watcher.js';
import { type EnvFileSpec, envFilePath, type ParsedEnvFile, readEnvFile } from './env-file.js';
import { EnvReads } from './env-reads.js';
import { type EnvChange, EnvValues } from './env-values.js';

/** An env file of the command line that cannot be loaded at start: hot-node exits with 9, as node does. */
export class EnvFileError extends Error {
  override readonly name = 'EnvFileError';
}

/** What the env files need of the hot engine: re-running modules whose inputs changed. */
export interface EnvUpdateTarget {
  invalidate(files: readonly string[]): Promise<UpdateReport>;
}

/** Options of {@link EnvFiles.load}. */
export interface EnvFilesOptions {
  readonly logger: HotLogger;
  /** Where relative paths start. Defaults to `process.cwd()`. */
  readonly cwd?: string;
  /** The process whose `env` the files go into (its `env` is replaced by a recording view). Defaults to `process`. */
  readonly host?: { env: NodeJS.ProcessEnv };
}

interface LoadedFile {
  readonly spec: EnvFileSpec;
  readonly file: string;
  values: Readonly<Record<string, string>>;
}

/**
 * The `--env-file` files of a run: loaded into `process.env` at start with Node's
 * semantics, then watched. A change updates `process.env` in place and re-runs, as a hot
 * update, the modules whose top level read a variable that changed.
 */
export class EnvFiles {
  readonly #files: readonly LoadedFile[];
  readonly #values: EnvValues;
  readonly #logger: HotLogger;
  readonly #host: { env: NodeJS.ProcessEnv };
  readonly #original: NodeJS.ProcessEnv;
  #reads: EnvReads | undefined;
  #watcher: FileWatcher | undefined;
  /** Changes are applied one after the other, each with the update it causes. */
  #queue: Promise<void> = Promise.resolve();
  #closed = false;

  private constructor(files: LoadedFile[], options: EnvFilesOptions) {
    this.#files = files;
    this.#logger = options.logger;
    this.#host = options.host ?? process;
    this.#original = this.#host.env;
    this.#values = new EnvValues(this.#host.env);
  }

  /**
   * Reads the files into the environment: a variable of the real environment is never
   * overridden, a later file wins over an earlier one; malformed lines are reported.
   *
   * @throws {EnvFileError} when a file of `--env-file` does not exist or cannot be read.
   */
  static load(specs: readonly EnvFileSpec[], options: EnvFilesOptions): EnvFiles {
    const cwd = options.cwd ?? process.cwd();
    const files: LoadedFile[] = [];
    for (const spec of specs) {
      const file = envFilePath(spec, cwd);
      const parsed = readOrFail(spec, file);
      if (parsed) reportMalformed(options.logger, spec, parsed);
      files.push({ spec, file, values: parsed?.values ?? {} });
    }
    const envFiles = new EnvFiles(files, options);
    envFiles.#values.apply(files.map((loaded) => loaded.values));
    return envFiles;
  }

  /**
   * From now on, records which module reads which variable while its top level runs: give
   * the result to the engine's options. Nothing to record without env files.
   */
  recordReads(): { aroundEvaluation?: EvaluationWrapper } {
    if (this.#files.length === 0 || this.#reads) return {};
    const reads = new EnvReads();
    this.#reads = reads;
    this.#host.env = reads.observe(this.#original);
    return { aroundEvaluation: (module, run) => reads.during(module.file, run) };
  }

  /** Watches the files and applies their changes to the program `engine` runs. */
  watch(engine: EnvUpdateTarget): void {
    if (this.#files.length === 0 || this.#watcher || this.#closed) return;
    this.#watcher = new FileWatcher({
      onChange: (files) => {
        this.#queue = this.#queue
          .then(() => this.#applyChanges(files, engine))
          .catch((error: unknown) => this.#logger.error(`env: ${String(error)}`));
      },
    });
    this.#watcher.setFiles(this.#files.map((loaded) => loaded.file));
  }

  /** Resolves when the files are watched: a change from then on is seen. */
  async ready(): Promise<void> {
    await this.#watcher?.ready();
  }

  /** Stops watching; `process.env` is the plain environment again (with the values it has now). */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#watcher?.close();
    await this.#queue;
    this.#host.env = this.#original;
  }

  async #applyChanges(changedFiles: readonly string[], engine: EnvUpdateTarget): Promise<void> {
    if (this.#closed) return;
    const touched = this.#files.filter((loaded) => changedFiles.includes(loaded.file));
    for (const loaded of touched) this.#reread(loaded);
    const change = this.#values.apply(this.#files.map((loaded) => loaded.values));
    const keys = [...change.changed, ...change.removed];
    const names = touched.map((loaded) => loaded.spec.path).join(', ');
    if (keys.length === 0) {
      this.#logger.debug(`env ${names}: no variable of the environment changed`);
      return;
    }
    const readers = this.#reads?.readersOf(keys) ?? [];
    if (readers.length === 0) {
      const it = keys.length === 1 ? 'it' : 'them';
      this.#logger.info(`env ${names}: ${describeChange(change)} (no module read ${it} while loading)`);
      return;
    }
    const report = await engine.invalidate(readers);
    this.#logger.info(`env ${names}: ${describeChange(change)} (${describeOutcome(report)})`);
  }

  /** Reads a changed file again; one that is gone or unreadable keeps its values, unless it is optional. */
  #reread(loaded: LoadedFile): void {
    let parsed: ParsedEnvFile | undefined;
    try {
      parsed = readEnvFile(loaded.file);
    } catch (error) {
      this.#logger.error(
        `env ${loaded.spec.path}: ${(error as Error).message}; its variables stay as they were`,
      );
      return;
    }
    if (parsed) {
      reportMalformed(this.#logger, loaded.spec, parsed);
      loaded.values = parsed.values;
    } else if (loaded.spec.optional) {
      loaded.values = {};
    } else {
      this.#logger.error(`env ${loaded.spec.path}: not found; its variables stay as they were`);
    }
  }
}

function readOrFail(spec: EnvFileSpec, file: string): ParsedEnvFile | undefined {
  const option = spec.optional ? '--env-file-if-exists' : '--env-file';
  let parsed: ParsedEnvFile | undefined;
  try {
    parsed = readEnvFile(file);
  } catch (error) {
    throw new EnvFileError(`${option} ${spec.path}: ${(error as Error).message}`);
  }
  if (!parsed && !spec.optional) throw new EnvFileError(`${option} ${spec.path}: not found`);
  return parsed;
}

function reportMalformed(logger: HotLogger, spec: EnvFileSpec, parsed: ParsedEnvFile): void {
  for (const { line, text } of parsed.malformed) {
    logger.warn(`${spec.path}:${line}: not KEY=value, ignored: ${text}`);
  }
}

/** `A, B changed, C removed` */
function describeChange(change: EnvChange): string {
  const parts: string[] = [];
  if (change.changed.length > 0) parts.push(`${change.changed.join(', ')} changed`);
  if (change.removed.length > 0) parts.push(`${change.removed.join(', ')} removed`);
  return parts.join(', ');
}

function describeOutcome(report: UpdateReport): string {
  switch (report.outcome) {
    case 'hot-update': {
      const count = report.reEvaluated.length;
      return `${count} module${count === 1 ? '' : 's'} re-run`;
    }
    case 'full-reload':
      return 'full reload';
    case 'failed':
      return 'the update failed';
    case 'no-change':
      return 'no module re-run';
  }
}

/**
 * Loads the env files of a run, or prints why it cannot and sets the exit code to 9, as
 * `node --env-file` does for a missing file; `undefined` then.
 */
export function openEnvFiles(specs: readonly EnvFileSpec[], logger: HotLogger): EnvFiles | undefined {
  try {
    return EnvFiles.load(specs, { logger });
  } catch (error) {
    if (!(error instanceof EnvFileError)) throw error;
    process.stderr.write(`hot-node: ${error.message}\n`);
    process.exitCode = 9;
    return undefined;
  }
}
