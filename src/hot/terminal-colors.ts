import type { WriteStream } from 'node:tty';

/** The few styles hot-node's messages use. */
export type Style = 'dim' | 'red' | 'green' | 'yellow' | 'cyan' | 'bold';

const CODES: Readonly<Record<Style, readonly [open: number, close: number]>> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
};

/** Wraps text in one style, or returns it as it is. */
export type Paint = (style: Style, text: string) => string;

const plain: Paint = (_style, text) => text;
const ansi: Paint = (style, text) => {
  const [open, close] = CODES[style];
  return `\x1b[${open}m${text}\x1b[${close}m`;
};

/**
 * Whether to colour what goes to `stream`, as Node decides for its own output: a terminal that
 * supports colours, unless `NO_COLOR`, `NODE_DISABLE_COLORS` or `TERM=dumb` say otherwise
 * (`tty.WriteStream.hasColors` reads them). `FORCE_COLOR` (not `0`) wins over them, as in Node, and
 * turns colours on for a pipe too, so a log collector that renders them can ask for them.
 */
export function wantsColors(
  stream: NodeJS.WritableStream & Partial<Pick<WriteStream, 'isTTY' | 'hasColors'>>,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (stream.isTTY && typeof stream.hasColors === 'function') return stream.hasColors(env);
  const force = env.FORCE_COLOR;
  return force !== undefined && force !== '0' && force !== 'false';
}

/** ANSI styles, or none. */
export function painter(colors: boolean): Paint {
  return colors ? ansi : plain;
}
