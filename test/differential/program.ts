import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

/** One file of a differential program, with a path relative to the program's root directory. */
export interface ProgramFile {
  path: string;
  content: string;
}

/** A small multi-file ES module program whose observable behaviour is compared between runtimes. */
export interface Program {
  /** `<area>/<name>`, also the test name. */
  id: string;
  /** Comment lines written before the first file, explaining what the program checks. */
  description: string;
  /** The first file is the entry point. */
  files: ProgramFile[];
}

const FILE_HEADER = /^\/\/ @file (\S+)\s*$/;

/**
 * Parses the corpus text format: files separated by `// @file <relative path>` header lines.
 * Lines before the first header are the program's description.
 */
export function parseProgram(id: string, text: string): Program {
  const descriptionLines: string[] = [];
  const files: ProgramFile[] = [];
  let current: { path: string; lines: string[] } | undefined;
  const flush = (): void => {
    if (current) files.push({ path: current.path, content: `${current.lines.join('\n').trim()}\n` });
  };
  for (const line of text.split(/\r?\n/)) {
    const header = FILE_HEADER.exec(line);
    if (header) {
      flush();
      current = { path: checkedPath(id, header[1]!), lines: [] };
    } else if (current) {
      current.lines.push(line);
    } else if (line.trim() !== '') {
      descriptionLines.push(line.replace(/^\/\/ ?/, ''));
    }
  }
  flush();
  if (files.length === 0) throw new Error(`${id}: no "// @file" header`);
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.path)) throw new Error(`${id}: duplicate file ${file.path}`);
    seen.add(file.path);
  }
  return { id, description: descriptionLines.join('\n'), files };
}

function checkedPath(id: string, path: string): string {
  const normalized = posix.normalize(path);
  if (normalized.startsWith('..') || posix.isAbsolute(normalized)) {
    throw new Error(`${id}: file path must stay inside the program: ${path}`);
  }
  return normalized;
}

/** The entry file: the first file of the program. */
export function entryOf(program: Program): ProgramFile {
  return program.files[0]!;
}

/** True when the entry is TypeScript, so the native side needs an esbuild transform first. */
export function isTypeScript(program: Program): boolean {
  return entryOf(program).path.endsWith('.ts');
}

/** Loads every `<area>/<name>.txt` program under `corpusDir`, sorted by id. */
export function loadCorpus(corpusDir: string): Program[] {
  const programs: Program[] = [];
  for (const area of readdirSync(corpusDir, { withFileTypes: true })) {
    if (!area.isDirectory()) continue;
    for (const file of readdirSync(join(corpusDir, area.name))) {
      if (!file.endsWith('.txt')) continue;
      const id = `${area.name}/${file.slice(0, -'.txt'.length)}`;
      programs.push(parseProgram(id, readFileSync(join(corpusDir, area.name, file), 'utf8')));
    }
  }
  return programs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Renders a program back into the corpus text format (used to dump generated programs). */
export function formatProgram(program: Program): string {
  const header = program.description
    ? `${program.description
        .split('\n')
        .map((line) => `// ${line}`)
        .join('\n')}\n`
    : '';
  return header + program.files.map((file) => `// @file ${file.path}\n${file.content}`).join('');
}

/**
 * Keeps the programs whose id contains one of the comma-separated parts of `filter`
 * (all programs when the filter is empty).
 */
export function filterPrograms(programs: Program[], filter: string | undefined): Program[] {
  const parts = (filter ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length === 0) return programs;
  return programs.filter((program) => parts.some((part) => program.id.includes(part)));
}
