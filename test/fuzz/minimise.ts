import type { Program, ProgramFile } from '../differential/program.js';
import { type Comparison, compareRuns, type Limit } from './fuzz-run.js';
import type { HotNodeBuild } from './worker-run.js';

/**
 * Shrinks a diverging program by deleting lines (halves of files first, then ever smaller
 * chunks, delta-debugging style) for as long as it still diverges and native Node still
 * accepts it: a candidate that native Node rejects with a SyntaxError (a parse or link error)
 * is not a smaller program, only a broken one. Slow by nature: hundreds of runs.
 */
export async function minimise(
  program: Program,
  build: HotNodeBuild,
  limit: Limit,
  onProgress: (lines: number) => void = () => {},
): Promise<Program> {
  const stillDiverges = async (candidate: Program): Promise<boolean> => {
    const comparison: Comparison = await compareRuns(candidate, build, limit);
    return (
      !comparison.same && !comparison.native.error.startsWith('SyntaxError') && !comparison.native.timedOut
    );
  };
  let current = program;
  for (let changed = true; changed; ) {
    changed = false;
    for (let fileIndex = 0; fileIndex < current.files.length; fileIndex++) {
      const lines = current.files[fileIndex]!.content.replace(/\n$/, '').split('\n');
      for (
        let chunk = Math.ceil(lines.length / 2);
        chunk >= 1;
        chunk = chunk === 1 ? 0 : Math.ceil(chunk / 2)
      ) {
        for (let start = 0; start < lines.length; ) {
          const kept = [...lines.slice(0, start), ...lines.slice(start + chunk)];
          const candidate = withFile(current, fileIndex, kept.length > 0 ? `${kept.join('\n')}\n` : '');
          if (kept.length < lines.length && (await stillDiverges(candidate))) {
            lines.splice(start, chunk);
            current = candidate;
            changed = true;
            onProgress(countLines(current));
          } else {
            start += chunk;
          }
        }
      }
    }
  }
  return current;
}

function withFile(program: Program, index: number, content: string): Program {
  const files: ProgramFile[] = program.files.map((file, n) =>
    n === index ? { path: file.path, content } : file,
  );
  return { ...program, files };
}

function countLines(program: Program): number {
  return program.files.reduce((sum, file) => sum + file.content.split('\n').length, 0);
}
