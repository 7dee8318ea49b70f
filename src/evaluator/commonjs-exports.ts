import { initSync, parse } from 'cjs-module-lexer';

let ready = false;

/**
 * The names a CommonJS module exports, detected statically as Node does (Node uses this
 * same lexer), so `import { name } from './file.cjs'` links before the module runs.
 */
export function commonJsExportNames(code: string): { exports: string[]; reexports: string[] } {
  if (!ready) {
    initSync();
    ready = true;
  }
  try {
    const { exports, reexports } = parse(code);
    return { exports: exports.filter((name) => name !== 'default'), reexports };
  } catch {
    // Node falls back to no named exports when the lexer cannot read a file.
    return { exports: [], reexports: [] };
  }
}
