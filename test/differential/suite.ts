import { fileURLToPath } from 'node:url';
import { generatePrograms } from './generate.js';
import { filterPrograms, loadCorpus, type Program } from './program.js';

/** How many random programs the suite adds to the hand-written corpus. */
export const GENERATED_PROGRAM_COUNT = 60;

/**
 * Every program of the differential suite: the corpus plus the generated programs (seed from
 * `DIFF_SEED`, default 1), narrowed by `filter` (comma-separated parts of `<area>/<name>`).
 */
export function suitePrograms(filter: string | undefined): Program[] {
  const corpusDir = fileURLToPath(new URL('./corpus', import.meta.url));
  const seed = Number(process.env.DIFF_SEED ?? 1);
  const generated = generatePrograms({ seed, count: GENERATED_PROGRAM_COUNT });
  return filterPrograms([...loadCorpus(corpusDir), ...generated], filter);
}
