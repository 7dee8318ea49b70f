import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { markText, PIECE_FILES, type Piece } from './marks.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const exampleDir = path.join(repoRoot, 'examples/ssr-app');
/** Inside the repository, so that `react` resolves from its node_modules; git ignores `.tmp/`. */
const copiesDir = path.join(repoRoot, 'examples/.tmp');

/** A copy of examples/ssr-app whose pieces render their version marks. */
export interface MarkedExample {
  readonly root: string;
  /** The path of a file of the copy, from its root (`src/routes/home.tsx`). */
  file(relative: string): string;
  read(relative: string): string;
  /** Saves as editors that write a temporary file and rename it over do. */
  save(relative: string, content: string): void;
  remove(): void;
}

/** Where the example's source gets its mark (each replacement must apply exactly once). */
const INSTRUMENTS: Readonly<Record<Piece, ReadonlyArray<readonly [string, string]>>> = {
  home: [["const headline = 'Hello from a hot server';", `const headline = 'Hello ${markText('home', 0)}';`]],
  // The end of the title's template literal.
  layout: [['`}</title>', ` ${markText('layout', 0)}\`}</title>`]],
  router: [
    [
      '    send(res, await route(request));',
      `    res.setHeader('x-router-mark', '${markText('router', 0)}');\n    send(res, await route(request));`,
    ],
  ],
  server: [
    [
      '  else void route(req, res);',
      `  else {\n    res.setHeader('x-server-mark', '${markText('server', 0)}');\n    void route(req, res);\n  }`,
    ],
    ["const HOST = '127.0.0.1';", "const HOST = '127.0.0.1';\nconst SELF_ACCEPT = true;"],
    ['  import.meta.hot.accept();\n', '  if (SELF_ACCEPT) import.meta.hot.accept();\n'],
  ],
};

/** Copies the example next to the others the tests make, with the marks put in. */
export function createMarkedExample(): MarkedExample {
  fs.mkdirSync(copiesDir, { recursive: true });
  const root = fs.mkdtempSync(path.join(copiesDir, 'load-'));
  fs.cpSync(exampleDir, root, { recursive: true });
  const savesDir = fs.mkdtempSync(path.join(root, '.saves-'));
  let saves = 0;
  const example: MarkedExample = {
    root,
    file: (relative) => path.join(root, relative),
    read: (relative) => fs.readFileSync(example.file(relative), 'utf8'),
    save(relative, content) {
      const temporary = path.join(savesDir, `${saves++}.tmp`);
      fs.writeFileSync(temporary, content);
      fs.renameSync(temporary, example.file(relative));
    },
    remove() {
      fs.rmSync(root, { recursive: true, force: true, maxRetries: 5 });
      try {
        fs.rmdirSync(copiesDir);
      } catch {
        // Another copy is in use, or it is gone already.
      }
    },
  };
  for (const [piece, replacements] of Object.entries(INSTRUMENTS) as Array<
    [Piece, typeof INSTRUMENTS.home]
  >) {
    const file = example.file(PIECE_FILES[piece]);
    let source = fs.readFileSync(file, 'utf8');
    for (const [from, to] of replacements) {
      if (source.split(from).length !== 2)
        throw new Error(`${PIECE_FILES[piece]}: no single ${JSON.stringify(from)}`);
      source = source.replace(from, to);
    }
    fs.writeFileSync(file, source);
  }
  return example;
}

/** `source` of server.tsx, taking its own updates or not (an edit of it is then a full reload). */
export function withSelfAccept(source: string, accepts: boolean): string {
  const pattern = /const SELF_ACCEPT = (true|false);/;
  if (!pattern.test(source)) throw new Error('no SELF_ACCEPT in server.tsx');
  return source.replace(pattern, `const SELF_ACCEPT = ${accepts};`);
}

/** `source` with a syntax error at its end. */
export function withSyntaxError(source: string): string {
  return `${source}\nexport const broken = = 1;\n`;
}
