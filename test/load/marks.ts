/**
 * Version marks: each marked piece of the example app renders `[piece:version]` into what it
 * serves (the page's text or a response header), so a response tells which version of each
 * piece's code produced it.
 */

/** The marked pieces, each a module of the example app. */
export const PIECES = ['home', 'layout', 'router', 'server'] as const;
export type Piece = (typeof PIECES)[number];

/** A version per piece. */
export type Marks = Readonly<Record<Piece, number>>;

/** The file of each piece, from the app's root. */
export const PIECE_FILES: Readonly<Record<Piece, string>> = {
  home: 'src/routes/home.tsx',
  layout: 'src/layout.tsx',
  router: 'src/router.tsx',
  server: 'src/server.tsx',
};

export const NO_MARKS: Marks = { home: 0, layout: 0, router: 0, server: 0 };

export function markText(piece: Piece, version: number): string {
  return `[${piece}:${version}]`;
}

const MARK = /\[(home|layout|router|server):(\d+)\]/g;

/** The marks found in `text` (a page and its headers); pieces without a mark are left out. */
export function readMarks(text: string): Partial<Record<Piece, number>> {
  const found: Partial<Record<Piece, number>> = {};
  for (const [, piece, version] of text.matchAll(MARK)) found[piece as Piece] = Number(version);
  return found;
}

/** `source` with the mark of `piece` set to `version` (it must hold one). */
export function withMark(source: string, piece: Piece, version: number): string {
  const pattern = new RegExp(`\\[${piece}:\\d+\\]`);
  if (!pattern.test(source)) throw new Error(`no mark of ${piece} in its source`);
  return source.replace(pattern, markText(piece, version));
}
