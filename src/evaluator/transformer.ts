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

/** {@link loadTransformer} for `require()`, which cannot wait: Node 20.19+ can `require()` an ES module. */
export function loadTransformerSync(): Transformer {
  loaded ??= createRequire(import.meta.url)('./transform-module.js') as Transformer;
  return loaded;
}
