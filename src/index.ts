/**
 * hot-node: a Node.js module runner with in-process hot module replacement.
 *
 * Embedders start with {@link createRunner}: the hot runner ({@link HotEngine}). The bare
 * {@link ModuleRunner} loads modules the same way, without HMR.
 * @packageDocumentation
 */
export type { LocatedError, SourceLocation } from './evaluator/diagnostics.js';
export { formatError } from './evaluator/diagnostics.js';
export { createRunner } from './hot/create-runner.js';
export { HotContext } from './hot/hot-context.js';
export { HotEngine, type HotEngineOptions } from './hot/hot-engine.js';
export type {
  ErrorPayload,
  FullReloadPayload,
  HotEngineEvent,
  HotEngineEvents,
  InvalidatePayload,
  PrunePayload,
  UpdatePayload,
} from './hot/hot-events.js';
export { createStderrLogger, type HotLogger } from './hot/hot-logger.js';
export {
  type AppExit,
  createSession,
  HotSession,
  type HotSessionEvents,
  type HotSessionOptions,
  type SessionLaunch,
  type SessionState,
} from './hot/hot-session.js';
export { type JoinSessionOptions, joinSession } from './hot/session-app.js';
export {
  createServerGate,
  type ServerGate,
  type ServerGateOptions,
  type UpdateGate,
} from './hot/update-gate.js';
export type {
  UpdateError,
  UpdateOutcome,
  UpdatePhase,
  UpdateReport,
  UpdateTimings,
} from './hot/update-report.js';
export { localTransforms, type TransformProvider } from './runner/module-loader.js';
export type { ModuleRecord, ModuleStatus } from './runner/module-record.js';
export { type ModuleNamespace, ModuleRunner, type ModuleRunnerOptions } from './runner/module-runner.js';
export { portChannel, type TransportChannel } from './transport/channel.js';
export type { HotPayload, Update } from './transport/hot-payload.js';
export {
  createInProcessTransport,
  type InProcessTransport,
  type InProcessTransportOptions,
} from './transport/in-process-transport.js';
export { createRemoteTransport, type RemoteTransport } from './transport/remote-transport.js';
export {
  type ConnectOptions,
  connectToHost,
  listenForApps,
  SESSION_ENV,
  type SessionAddress,
  type SocketHost,
  type SocketHostOptions,
} from './transport/socket-transport.js';
export type { Transport, TransportMessage } from './transport/transport.js';
export { type HostConnection, TransportHost, type TransportHostOptions } from './transport/transport-host.js';
