/**
 * Which module read which environment variable while its top level ran: the modules to run
 * again when the variable changes. Reads made later (in a request handler, a timer) are not
 * recorded: they see the new value anyway.
 */
export class EnvReads {
  /** The files whose top level read each key. */
  readonly #readers = new Map<string, Set<string>>();
  /** The keys each file's top level read, to forget when it runs again. */
  readonly #keysOf = new Map<string, Set<string>>();
  /** Files whose top level listed every variable (`{ ...process.env }`): any change concerns them. */
  readonly #listers = new Set<string>();
  /** The file of the module whose top level is running, if any. */
  #current: string | undefined;

  /**
   * A view of `env` that records the reads made while a module's top level runs (a get, an
   * `in`, a listing of the keys); writes go straight through.
   */
  observe(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    // The target is passed as the receiver: Node's env object answers for itself only.
    return new Proxy(env, {
      get: (target, key) => {
        this.#read(key);
        return Reflect.get(target, key, target);
      },
      has: (target, key) => {
        this.#read(key);
        return Reflect.has(target, key);
      },
      getOwnPropertyDescriptor: (target, key) => {
        this.#read(key);
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
      ownKeys: (target) => {
        if (this.#current !== undefined) this.#listers.add(this.#current);
        return Reflect.ownKeys(target);
      },
      set: (target, key, value) => Reflect.set(target, key, value, target),
      deleteProperty: (target, key) => Reflect.deleteProperty(target, key),
      defineProperty: (target, key, descriptor) => Reflect.defineProperty(target, key, descriptor),
    });
  }

  /**
   * Runs a synchronous stretch of the top level of the module of `file` (`undefined`: not a
   * file), recording its reads as that file's. Each evaluation starts afresh: what an older
   * version of the module read is forgotten.
   */
  during<T>(file: string | undefined, run: () => T): T {
    if (file !== undefined) this.#forget(file);
    const outer = this.#current;
    this.#current = file;
    try {
      return run();
    } finally {
      // A module may run another one from its top level (`require()`), then read on.
      this.#current = outer;
    }
  }

  /** The files whose top level read any of `keys` (or listed them all), sorted. */
  readersOf(keys: Iterable<string>): string[] {
    const files = new Set<string>();
    let any = false;
    for (const key of keys) {
      any = true;
      for (const file of this.#readers.get(key) ?? []) files.add(file);
    }
    if (any) for (const file of this.#listers) files.add(file);
    return [...files].sort();
  }

  #read(key: string | symbol): void {
    const file = this.#current;
    if (file === undefined || typeof key !== 'string') return;
    let readers = this.#readers.get(key);
    if (!readers) this.#readers.set(key, (readers = new Set()));
    readers.add(file);
    let keys = this.#keysOf.get(file);
    if (!keys) this.#keysOf.set(file, (keys = new Set()));
    keys.add(key);
  }

  #forget(file: string): void {
    this.#listers.delete(file);
    for (const key of this.#keysOf.get(file) ?? []) this.#readers.get(key)?.delete(file);
    this.#keysOf.delete(file);
  }
}
