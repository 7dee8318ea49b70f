/**
 * Node's own options that hot-node passes on to the process that runs the program. Node
 * lists those allowed in NODE_OPTIONS; a few more are only valid on the command line, among
 * them the profilers' (the program's CPU and heap profiles are what a user of hot-node wants).
 */
const COMMAND_LINE_ONLY = new Set([
  '--stack-size',
  '--expose-internals',
  '--cpu-prof',
  '--cpu-prof-dir',
  '--cpu-prof-name',
  '--cpu-prof-interval',
  '--heap-prof',
  '--heap-prof-dir',
  '--heap-prof-name',
  '--heap-prof-interval',
]);

/** Options whose value may come as the next argument (`--import x`); the others take `--flag=value`. */
const WITH_SEPARATE_VALUE = new Set([
  '-C',
  '--conditions',
  '--import',
  '-r',
  '--require',
  '--loader',
  '--experimental-loader',
  '--inspect-port',
  '--debug-port',
  '--input-type',
  '--title',
  '--redirect-warnings',
  '--disable-warning',
  '--unhandled-rejections',
  '--dns-result-order',
  '--diagnostic-dir',
  '--report-dir',
  '--report-directory',
  '--report-filename',
  '--report-signal',
  '--openssl-config',
  '--icu-data-dir',
  '--secure-heap',
  '--secure-heap-min',
  '--max-http-header-size',
  '--heapsnapshot-signal',
  '--cpu-prof-dir',
  '--cpu-prof-name',
  '--cpu-prof-interval',
  '--heap-prof-dir',
  '--heap-prof-name',
  '--heap-prof-interval',
  '--use-largepages',
  '--tls-cipher-list',
]);

/** True when `arg` (`--flag` or `--flag=value`) is one of Node's options. */
export function isNodeOption(arg: string): boolean {
  const name = optionName(arg);
  return process.allowedNodeEnvironmentFlags.has(name) || COMMAND_LINE_ONLY.has(name);
}

/** True when `arg` is a Node option written without `=` whose value is the next argument. */
export function takesSeparateValue(arg: string): boolean {
  return !arg.includes('=') && WITH_SEPARATE_VALUE.has(arg);
}

function optionName(arg: string): string {
  const equals = arg.indexOf('=');
  return equals === -1 ? arg : arg.slice(0, equals);
}
