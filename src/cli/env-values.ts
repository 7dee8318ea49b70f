/** What applying the env files changed in the environment. */
export interface EnvChange {
  /** Keys set to a new value, or set for the first time. */
  readonly changed: readonly string[];
  /** Keys a file gave before and none gives now: deleted from the environment. */
  readonly removed: readonly string[];
}

/**
 * The variables the env files put into an environment, with Node's precedence: a variable
 * of the real environment (there before any file was applied) is never overridden, and a
 * later file wins over an earlier one. Applying new contents updates the environment in
 * place and says what changed.
 */
export class EnvValues {
  readonly #env: NodeJS.ProcessEnv;
  /** The keys of the real environment, which the files never touch. */
  readonly #real: ReadonlySet<string>;
  /** What the files set, as it is in the environment now. */
  #applied = new Map<string, string>();

  /** @param env The environment to update (`process.env`), seen before any file. */
  constructor(env: NodeJS.ProcessEnv) {
    this.#env = env;
    this.#real = new Set(Object.keys(env));
  }

  /** Puts the values of `files` (in command-line order) into the environment. */
  apply(files: readonly Readonly<Record<string, string>>[]): EnvChange {
    const wanted = new Map<string, string>();
    for (const values of files) {
      for (const [key, value] of Object.entries(values)) if (!this.#real.has(key)) wanted.set(key, value);
    }
    const changed: string[] = [];
    const removed: string[] = [];
    for (const [key, value] of wanted) {
      if (this.#applied.get(key) === value) continue;
      this.#env[key] = value;
      changed.push(key);
    }
    for (const key of this.#applied.keys()) {
      if (wanted.has(key)) continue;
      delete this.#env[key];
      removed.push(key);
    }
    this.#applied = wanted;
    return { changed, removed };
  }
}
