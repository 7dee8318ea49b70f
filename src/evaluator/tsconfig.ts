import { statSync } from 'node:fs';
import path from 'node:path';
import { type MergedTsconfig, mergeExtendsChain } from './tsconfig-chain.js';
import { createFileCoverage, type FileCoverage } from './tsconfig-coverage.js';
import { TsconfigError } from './tsconfig-error.js';
import { readTsconfigFile, type TsconfigFile } from './tsconfig-file.js';
import { expandConfigDir, normalizeCompilerOptions, type TsCompilerOptions } from './tsconfig-options.js';

export { TsconfigError } from './tsconfig-error.js';
export { type TsCompilerOptions, toEsbuildTsconfigRaw } from './tsconfig-options.js';

/** The tsconfig that applies to one source file. */
export interface TsconfigInfo {
  /** Absolute path of the covering tsconfig.json, undefined when none covers the file. */
  readonly path: string | undefined;
  /** Shared between files and frozen: do not modify. */
  readonly compilerOptions: TsCompilerOptions;
  /**
   * Every config file the answer depends on: the covering config and its extends chain, and the configs
   * looked at on the way that did not cover the file (an edit can make one of them cover it). A change to
   * any of them must invalidate.
   */
  readonly sources: readonly string[];
}

/** Options for {@link TsconfigLoader}. */
export interface TsconfigLoaderOptions {
  /** Whether paths differ by case alone; defaults to false on Windows and macOS, true elsewhere. */
  readonly caseSensitiveFileNames?: boolean;
}

/** A config ready to answer questions: merged, its options normalized, its file list compiled. */
interface LoadedTsconfig {
  readonly path: string;
  readonly sources: readonly string[];
  readonly compilerOptions: TsCompilerOptions;
  readonly covers: FileCoverage;
  /** Absolute paths of the configs named in `references`. */
  readonly references: readonly string[];
}

const CONFIG_NAME = 'tsconfig.json';
const NO_OPTIONS: TsCompilerOptions = Object.freeze({});

/**
 * Finds the tsconfig.json that covers a source file as TypeScript's editor support finds it: walking up
 * from the file's directory, the first tsconfig.json whose `files`/`include`/`exclude` contain the file
 * wins; a config that does not contain it is passed over, after looking for the file in the projects it
 * `references` (the "solution" layout, `files: []` plus references). A file no config contains gets no
 * options.
 *
 * Everything is cached until {@link TsconfigLoader.invalidate}: each config file is read once, each
 * directory's candidate configs are found once and each file's answer is computed once.
 */
export class TsconfigLoader {
  readonly #ignoreCase: boolean;
  readonly #files = new Map<string, TsconfigFile | TsconfigError>();
  readonly #merged = new Map<string, MergedTsconfig>();
  readonly #loaded = new Map<string, LoadedTsconfig>();
  /** Directory -> tsconfig.json files in it and above it, nearest first. */
  readonly #candidates = new Map<string, readonly string[]>();
  readonly #results = new Map<string, TsconfigInfo>();

  constructor(options: TsconfigLoaderOptions = {}) {
    const caseSensitive =
      options.caseSensitiveFileNames ?? (process.platform !== 'win32' && process.platform !== 'darwin');
    this.#ignoreCase = !caseSensitive;
  }

  /**
   * Options for one source file; cached per directory and per config file.
   * @throws {TsconfigError} when a config on the way is unreadable, not valid JSONC, or extends something
   *   missing or circular.
   */
  forFile(file: string): TsconfigInfo {
    const absolute = path.resolve(file);
    const cached = this.#results.get(absolute);
    if (cached) return cached;
    const passedOver: string[] = [];
    let info: TsconfigInfo = { path: undefined, compilerOptions: NO_OPTIONS, sources: passedOver };
    for (const candidate of this.#candidatesFor(path.dirname(absolute))) {
      const covering = this.#findCovering(candidate, absolute, passedOver, new Set());
      if (covering) {
        const sources = [...new Set([...covering.sources, ...passedOver])];
        info = { path: covering.path, compilerOptions: covering.compilerOptions, sources };
        break;
      }
    }
    Object.freeze(info.sources);
    this.#results.set(absolute, Object.freeze(info));
    return info;
  }

  /**
   * Drops cached results: all of them, or those a changed (edited, created or deleted) config file
   * contributed to. A created or deleted tsconfig.json also drops the lookups of its directory tree.
   */
  invalidate(changedFile?: string): void {
    if (changedFile === undefined) {
      for (const cache of [this.#files, this.#merged, this.#loaded, this.#candidates, this.#results])
        cache.clear();
      return;
    }
    const changed = path.resolve(changedFile);
    this.#files.delete(changed);
    const dependsOnChange = (entry: { readonly sources: readonly string[] }): boolean =>
      entry.sources.includes(changed);
    deleteWhere(this.#merged, (_, merged) => dependsOnChange(merged));
    deleteWhere(this.#loaded, (_, loaded) => dependsOnChange(loaded));
    deleteWhere(this.#results, (_, info) => dependsOnChange(info));
    if (path.basename(changed) === CONFIG_NAME) {
      const dir = path.dirname(changed);
      const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
      const isUnderDir = (entry: string): boolean => entry === dir || entry.startsWith(prefix);
      deleteWhere(this.#candidates, (candidateDir) => isUnderDir(candidateDir));
      deleteWhere(this.#results, (resultFile) => isUnderDir(resultFile));
    }
  }

  #candidatesFor(dir: string): readonly string[] {
    const cached = this.#candidates.get(dir);
    if (cached) return cached;
    const parent = path.dirname(dir);
    const above = parent === dir ? [] : this.#candidatesFor(parent);
    const own = path.join(dir, CONFIG_NAME);
    const candidates = isFile(own) ? [own, ...above] : above;
    this.#candidates.set(dir, candidates);
    return candidates;
  }

  /** The config, or one of the projects it references, that contains the file; records the others. */
  #findCovering(
    configPath: string,
    file: string,
    passedOver: string[],
    visited: Set<string>,
  ): LoadedTsconfig | undefined {
    if (visited.has(configPath)) return undefined;
    visited.add(configPath);
    const config = this.#load(configPath);
    if (config.covers(file)) return config;
    passedOver.push(...config.sources);
    for (const reference of config.references) {
      if (!isFile(reference)) {
        // Watching it lets its creation invalidate this answer.
        passedOver.push(reference);
        continue;
      }
      const found = this.#findCovering(reference, file, passedOver, visited);
      if (found) return found;
    }
    return undefined;
  }

  #load(configPath: string): LoadedTsconfig {
    const cached = this.#loaded.get(configPath);
    if (cached) return cached;
    const merged = mergeExtendsChain(configPath, (file) => this.#read(file), this.#merged);
    const { compilerOptions, outputDirs } = normalizeCompilerOptions(merged.compilerOptions, merged.dir);
    const expand = (list: MergedTsconfig['files']) =>
      list && { value: list.value.map((entry) => expandConfigDir(entry, merged.dir)), dir: list.dir };
    const covers = createFileCoverage(
      {
        files: expand(merged.files),
        include: expand(merged.include),
        exclude: expand(merged.exclude),
        configDir: merged.dir,
        outputDirs,
      },
      this.#ignoreCase,
    );
    const references = merged.references.value.map((reference) => {
      const target = path.resolve(merged.references.dir, reference);
      return target.endsWith('.json') ? target : path.join(target, CONFIG_NAME);
    });
    const loaded: LoadedTsconfig = {
      path: merged.path,
      sources: merged.sources,
      compilerOptions: deepFreeze(compilerOptions),
      covers,
      references,
    };
    this.#loaded.set(configPath, loaded);
    return loaded;
  }

  #read(file: string): TsconfigFile {
    let entry = this.#files.get(file);
    if (entry === undefined) {
      try {
        entry = readTsconfigFile(file);
      } catch (error) {
        if (!(error instanceof TsconfigError)) throw error;
        entry = error;
      }
      this.#files.set(file, entry);
    }
    if (entry instanceof TsconfigError) throw entry;
    return entry;
  }
}

function deleteWhere<K, V>(map: Map<K, V>, predicate: (key: K, value: V) => boolean): void {
  for (const [key, value] of map) if (predicate(key, value)) map.delete(key);
}

function deepFreeze(options: TsCompilerOptions): TsCompilerOptions {
  if (options.paths) {
    for (const targets of Object.values(options.paths)) Object.freeze(targets);
    Object.freeze(options.paths);
  }
  return Object.freeze(options);
}

function isFile(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}
