/** How a process ended. */
export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Calls `probe` until it returns a value other than `undefined` and resolves with it; `null`
 * means it never will. Rejects with `describe()` after `timeoutMs` or on `null`.
 */
export async function poll<T>(
  probe: () => T | null | undefined | Promise<T | null | undefined>,
  describe: () => string,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value === null || (value === undefined && Date.now() > deadline)) throw new Error(describe());
    if (value !== undefined) return value;
    await sleep(20);
  }
}

/**
 * Saves `content` with `write` and waits until `applied()` says the program has it. A save
 * made before the process watched the file (it was still starting) is made again, with a
 * comment so the content differs, after `resaveAfterMs`.
 */
export async function saveUntil(options: {
  readonly write: (content: string) => void;
  readonly content: string;
  readonly applied: () => boolean | Promise<boolean>;
  readonly describe: () => string;
  readonly timeoutMs: number;
  readonly resaveAfterMs: number;
}): Promise<void> {
  let saves = 0;
  let savedAt = 0;
  await poll(
    async () => {
      if (await options.applied()) return true;
      if (Date.now() - savedAt > options.resaveAfterMs) {
        options.write(saves === 0 ? options.content : `${options.content}\n// saved again (${saves})\n`);
        saves++;
        savedAt = Date.now();
      }
      return undefined;
    },
    options.describe,
    options.timeoutMs,
  );
}
