import { readFileSync } from 'node:fs';

/** What the command line asks for. */
export type ParsedArguments =
  | { kind: 'run'; entry: string; scriptArguments: string[]; conditions: string[]; hmr: boolean }
  | { kind: 'help' }
  | { kind: 'version'; version: string }
  | { kind: 'error'; message: string };

/**
 * Parses `hot-node [options] <entry> [args...]`. Options come before the entry; everything
 * after it belongs to the program.
 */
export function parseArguments(argv: readonly string[]): ParsedArguments {
  const conditions: string[] = [];
  let hmr = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (arg === '--version' || arg === '-v') return { kind: 'version', version: packageVersion() };
    if (arg === '--conditions' || arg === '-C') {
      const value = argv[++i];
      if (value === undefined) return { kind: 'error', message: `${arg} needs a value` };
      conditions.push(value);
      continue;
    }
    if (arg === '--no-hmr') {
      hmr = false;
      continue;
    }
    if (arg.startsWith('--conditions=')) {
      conditions.push(arg.slice('--conditions='.length));
      continue;
    }
    if (arg === '--') {
      const entry = argv[i + 1];
      if (entry === undefined) return { kind: 'error', message: 'missing the entry file' };
      return { kind: 'run', entry, scriptArguments: argv.slice(i + 2), conditions, hmr };
    }
    if (arg.startsWith('-')) return { kind: 'error', message: `unknown option ${arg}` };
    return { kind: 'run', entry: arg, scriptArguments: argv.slice(i + 1), conditions, hmr };
  }
  return { kind: 'error', message: 'missing the entry file' };
}

export function usage(): string {
  return [
    'Usage: hot-node [options] <entry> [args...]',
    '',
    'Runs <entry> (TypeScript, TSX, JavaScript) with hot module replacement: edit a file and',
    'the running process has the new code, its sockets and state intact.',
    '',
    'Options:',
    '  -C, --conditions <name>  add an export condition for resolving packages',
    '      --no-hmr             run once: import.meta.hot is undefined, nothing is watched',
    '  -h, --help               print this help',
    '  -v, --version            print the version',
    '',
  ].join('\n');
}

function packageVersion(): string {
  const url = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}
