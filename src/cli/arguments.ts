import { readFileSync } from 'node:fs';
import type { EnvFileSpec } from './env-file.js';
import { isNodeOption, takesSeparateValue } from './node-options.js';

/** What happens when a change reaches an entry that no module accepts. */
export type ReloadPolicy = 'inplace' | 'restart';

/** How to run the program: everything the command line said before the entry, and the entry. */
export interface RunOptions {
  readonly entry: string;
  /** The program's own arguments, unchanged. */
  readonly scriptArguments: string[];
  /** Export conditions, for hot-node's resolver and for Node's (`--conditions`). */
  readonly conditions: string[];
  readonly hmr: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly clearScreen: boolean;
  readonly reload: ReloadPolicy;
  /** More paths whose change restarts the process (files or folders). */
  readonly watch: string[];
  /** Simple globs of paths never watched. */
  readonly ignore: string[];
  /** Read `rs` from stdin: `undefined` means when stdin is a terminal. */
  readonly stdinCommands: boolean | undefined;
  /** Run the program under a supervisor process that can restart it (with HMR; `--no-supervisor`: never). */
  readonly supervisor: boolean;
  /** Node's own options (`--inspect`, `--import x`...), for the process that runs the program. */
  readonly nodeOptions: string[];
  /** `--env-file` and `--env-file-if-exists`, in command-line order: loaded into `process.env` and watched. */
  readonly envFiles: EnvFileSpec[];
}

/** What the command line asks for. */
export type ParsedArguments =
  | ({ kind: 'run' } & RunOptions)
  | { kind: 'help' }
  | { kind: 'version'; version: string }
  | { kind: 'error'; message: string };

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** hot-node's options that take a value, and where it goes. */
const VALUED: Record<string, (options: Mutable<RunOptions>, value: string) => string | undefined> = {
  '--conditions': (options, value) => {
    options.conditions.push(value);
    return undefined;
  },
  '--reload': (options, value) => {
    if (value !== 'inplace' && value !== 'restart') return `--reload takes inplace or restart, not ${value}`;
    options.reload = value;
    return undefined;
  },
  '--watch': (options, value) => {
    options.watch.push(value);
    return undefined;
  },
  '--ignore': (options, value) => {
    options.ignore.push(value);
    return undefined;
  },
  // Node's own flags, taken over: hot-node loads the files itself so that it can watch them.
  '--env-file': (options, value) => {
    options.envFiles.push({ path: value, optional: false });
    return undefined;
  },
  '--env-file-if-exists': (options, value) => {
    options.envFiles.push({ path: value, optional: true });
    return undefined;
  },
};

const FLAGS: Record<string, (options: Mutable<RunOptions>) => void> = {
  '--no-hmr': (options) => (options.hmr = false),
  '--quiet': (options) => (options.quiet = true),
  '-q': (options) => (options.quiet = true),
  '--verbose': (options) => (options.verbose = true),
  '--clear-screen': (options) => (options.clearScreen = true),
  '--stdin-commands': (options) => (options.stdinCommands = true),
  '--no-stdin-commands': (options) => (options.stdinCommands = false),
  '--no-supervisor': (options) => (options.supervisor = false),
};

/**
 * Parses `hot-node [options] <entry> [args...]`. Options come before the entry; everything
 * after it belongs to the program. Node's own options among them go to the process that
 * runs the program.
 */
export function parseArguments(argv: readonly string[]): ParsedArguments {
  const options: Mutable<Omit<RunOptions, 'entry' | 'scriptArguments'>> = {
    conditions: [],
    hmr: true,
    quiet: false,
    verbose: false,
    clearScreen: false,
    reload: 'inplace',
    watch: [],
    ignore: [],
    stdinCommands: undefined,
    supervisor: true,
    nodeOptions: [],
    envFiles: [],
  };
  const run = (entry: string | undefined, scriptArguments: string[]): ParsedArguments =>
    entry === undefined
      ? { kind: 'error', message: 'missing the entry file' }
      : { kind: 'run', entry, scriptArguments, ...options };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (arg === '--version' || arg === '-v') return { kind: 'version', version: packageVersion() };
    if (arg === '--') return run(argv[i + 1], argv.slice(i + 2));
    const flag = FLAGS[arg];
    if (flag) {
      flag(options as Mutable<RunOptions>);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = arg === '-C' ? '--conditions' : equals > 0 ? arg.slice(0, equals) : arg;
    const valued = arg.startsWith('-') ? VALUED[name] : undefined;
    if (valued) {
      const value = equals > 0 && arg.startsWith('--') ? arg.slice(equals + 1) : argv[++i];
      if (value === undefined) return { kind: 'error', message: `${arg} needs a value` };
      const problem = valued(options as Mutable<RunOptions>, value);
      if (problem) return { kind: 'error', message: problem };
      continue;
    }
    if (arg.startsWith('--') && isNodeOption(arg)) {
      options.nodeOptions.push(arg);
      if (takesSeparateValue(arg)) {
        const value = argv[++i];
        if (value === undefined) return { kind: 'error', message: `${arg} needs a value` };
        options.nodeOptions.push(value);
      }
      continue;
    }
    if (arg.startsWith('-')) return { kind: 'error', message: `unknown option ${arg}` };
    return run(arg, argv.slice(i + 1));
  }
  return run(undefined, []);
}

export function usage(): string {
  return [
    'Usage: hot-node [options] [node options] <entry> [args...]',
    '',
    'Runs <entry> (TypeScript, TSX, JavaScript) with hot module replacement: edit a file and',
    'the running process has the new code, its sockets and state intact.',
    '',
    'Options:',
    '  -C, --conditions <name>  add an export condition for resolving packages',
    '      --no-hmr             run once, as node would: import.meta.hot is undefined, nothing',
    '                           is watched, an uncaught error ends the process',
    '      --reload <policy>    when a change reaches an entry that nothing accepts:',
    '                           inplace (default) reloads the program in the same process,',
    '                           restart starts a new process (listening sockets stay open)',
    '      --watch <path>       restart the process when this file or folder changes (repeatable);',
    '                           package.json, tsconfig.json and lockfiles always restart it',
    '      --ignore <glob>      never watch matching paths (repeatable; *, **, ?; a pattern',
    '                           without / matches any path segment)',
    '      --env-file <file>    load variables into process.env as node does (repeatable; a later',
    '                           file wins, the real environment wins over all; a missing file is an',
    '                           error), and watch it: a change updates process.env in place and',
    '                           re-runs the modules whose top level read a changed variable',
    '      --env-file-if-exists <file>',
    '                           the same, but a missing file is no error',
    "      --no-supervisor      run the program in hot-node's own process (unless Node options",
    '                           are given): restarts become in-process reloads',
    '  -q, --quiet              print only errors',
    '      --verbose            print details of each update (propagation, timings)',
    '      --clear-screen       clear the terminal before each update (when stderr is a terminal)',
    '      --stdin-commands     read commands from stdin even when it is not a terminal',
    '      --no-stdin-commands  never read stdin (the default when stdin is not a terminal)',
    '  -h, --help               print this help',
    '  -v, --version            print the version',
    '',
    'Commands (typed on stdin, then Enter):',
    '  rs                       reload the program (a new process with --reload restart)',
    '',
    'Node options (--inspect, --import <module>, --require <module>, --expose-gc,',
    '--max-old-space-size=<MB>...) given before <entry> apply to the process that runs the',
    "program. hot-node prints its own messages on stderr; stdout is the program's.",
    'Ctrl-C or SIGTERM runs every dispose handler, then exits with 130 or 143; a second Ctrl-C',
    'exits at once.',
    '',
  ].join('\n');
}

function packageVersion(): string {
  const url = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}
