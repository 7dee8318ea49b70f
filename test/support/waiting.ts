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
  /** The content of the `saves`th save again (1, 2, ...); see {@link resavedFor}. Defaults to a `//` comment. */
  readonly resaved?: (content: string, saves: number) => string;
}): Promise<void> {
  const resaved = options.resaved ?? withCodeComment;
  let saves = 0;
  let savedAt = 0;
  await poll(
    async () => {
      if (await options.applied()) return true;
      if (Date.now() - savedAt > options.resaveAfterMs) {
        options.write(saves === 0 ? options.content : resaved(options.content, saves));
        saves++;
        savedAt = Date.now();
      }
      return undefined;
    },
    options.describe,
    options.timeoutMs,
  );
}

/**
 * How {@link saveUntil} saves `file` again: the same content with a comment its format takes
 * (`# ...` in an env file, `// ...` in code), or a trailing space in JSON, which has no
 * comments (a package.json that no longer parses would break the program it configures).
 */
export function resavedFor(file: string): (content: string, saves: number) => string {
  if (file.endsWith('.json')) return (content, saves) => `${content}${' '.repeat(saves)}\n`;
  if (/(^|[/\\])\.env[^/\\]*$/.test(file))
    return (content, saves) => `${content}\n# saved again (${saves})\n`;
  return withCodeComment;
}

function withCodeComment(content: string, saves: number): string {
  return `${content}\n// saved again (${saves})\n`;
}
