import { createRequire } from 'node:module';

/** The transform pipeline: esbuild, acorn, magic-string and the lexers. */
export type Transformer = typeof import('./transform-module.js');

let loaded: Transformer | undefined;

/**
 * Loads the transform pipeline on first use. A start with a warm transform cache never
 * needs it, and its packages (esbuild above all) are a large part of start-up time.
 */
export async function loadTransformer(): Promise<Transformer> {
  loaded ??= await import('./transform-module.js');
  return loaded;
}

/** A small TypeScript module that takes every step of the pipeline: strip, rewrite, maps. */
const SAMPLE = [
  "import { value } from './value.js';",
  'export interface Shape { readonly size: number }',
  'export class Box implements Shape { constructor(readonly size: number) {} }',
  "export function describe(shape: Shape): string { return value + ': ' + shape.size; }",
].join('\n');

/**
 * Loads the pipeline and runs it once on a small module: the first transform of a process
 * pays for loading its packages and for V8's first compile of their code, about 100 ms that
 * the first save after a start would otherwise wait for. Never throws.
 */
export async function prepareTransformer(): Promise<void> {
  try {
    const transformer = await loadTransformer();
    await transformer.transformModule(SAMPLE, {
      file: 'hot-node-warm-up.ts',
      language: 'ts',
      format: 'module',
    });
  } catch {
    // Only speed is at stake: the first real transform reports what is wrong.
  }
}

/** {@link loadTransformer} for `require()`, which cannot wait: Node 20.19+ can `require()` an ES module. */
export function loadTransformerSync(): Transformer {
  loaded ??= createRequire(import.meta.url)('./transform-module.js') as Transformer;
  return loaded;
}
