/**
 * hot-node: a Node.js module runner with in-process hot module replacement.
 * @packageDocumentation
 */
export type { LocatedError, SourceLocation } from './evaluator/diagnostics.js';
export { formatError } from './evaluator/diagnostics.js';
export { HotContext } from './hot/hot-context.js';
export { HotEngine, type HotEngineEvents, type HotEngineOptions } from './hot/hot-engine.js';
export { createStderrLogger, type HotLogger } from './hot/hot-logger.js';
export type {
  UpdateError,
  UpdateOutcome,
  UpdatePhase,
  UpdateReport,
  UpdateTimings,
} from './hot/update-report.js';
export type { ModuleRecord, ModuleStatus } from './runner/module-record.js';
export {
  createRunner,
  type ModuleNamespace,
  ModuleRunner,
  type ModuleRunnerOptions,
} from './runner/module-runner.js';
export type { HotPayload, Update } from './transport/hot-payload.js';
export {
  createInProcessTransport,
  type InProcessTransport,
  type InProcessTransportOptions,
} from './transport/in-process-transport.js';
export type { Transport, TransportMessage } from './transport/transport.js';
