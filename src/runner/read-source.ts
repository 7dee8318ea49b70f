import { readFileSync, statSync } from 'node:fs';

/** An empty file modified less than this long ago may be a save caught half-way. */
const JUST_WRITTEN_MS = 1_000;
/** How long such a save is given to write its content (as the file watcher gives it). */
const SETTLE_MS = 30;

/**
 * Reads a source file for an update or a load. An empty file written a moment ago is read
 * again a little later: an editor that saves by truncating then writing leaves the file empty
 * for an instant, and a module replaced by an empty version loses its exports (the program
 * breaks until the next save). A file that really became empty costs the pause once.
 */
export async function readSource(file: string): Promise<string> {
  const source = readFileSync(file, 'utf8');
  if (source !== '' || Date.now() - statSync(file).mtimeMs > JUST_WRITTEN_MS) return source;
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  return readFileSync(file, 'utf8');
}
