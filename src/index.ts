/**
 * hot-node: a Node.js module runner with in-process hot module replacement.
 * @packageDocumentation
 */
export type { LocatedError, SourceLocation } from './evaluator/diagnostics.js';
export { formatError } from './evaluator/diagnostics.js';
export type { ModuleRecord, ModuleStatus } from './runner/module-record.js';
export {
  createRunner,
  type ModuleNamespace,
  ModuleRunner,
  type ModuleRunnerOptions,
} from './runner/module-runner.js';
