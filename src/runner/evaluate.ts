import { type ModuleRecord, promiseWithResolvers } from './module-record.js';
import { refreshNamespace } from './namespace.js';

/**
 * Evaluates a linked module graph the way ECMA-262 specifies (Evaluate,
 * InnerModuleEvaluation and the async-module steps): depth-first post-order, each module
 * once, cycles evaluated as one strongly connected component. A graph without top-level
 * await runs synchronously in one go, so its microtask order is native; only modules with
 * top-level await and their importers run asynchronously, and a sibling without top-level
 * await runs while another waits.
 *
 * @returns A promise that settles when `module` and its dependencies have evaluated.
 */
export function evaluateModule(
  module: ModuleRecord,
  onEvaluated?: EvaluationObserver,
  aroundEvaluation?: EvaluationWrapper,
): Promise<void> {
  const hooks: EvaluationHooks = { evaluated: onEvaluated ?? ignore, around: aroundEvaluation ?? direct };
  if (module.status === 'evaluating-async' || module.status === 'evaluated') {
    module = module.cycleRoot ?? module;
  }
  if (module.topLevelCapability) return module.topLevelCapability.promise;
  const stack: ModuleRecord[] = [];
  const capability = promiseWithResolvers();
  module.topLevelCapability = capability;
  try {
    innerModuleEvaluation(module, stack, 0, hooks);
    if (!module.asyncEvaluation) capability.resolve();
  } catch (error) {
    for (const m of stack) {
      m.status = 'evaluated';
      m.evaluationError = { value: error };
    }
    capability.reject(error);
  }
  return capability.promise;
}

/** Told about each module whose body has run, in evaluation order. */
export type EvaluationObserver = (module: ModuleRecord) => void;

/**
 * Runs a synchronous stretch of a module's body (all of it, or up to its first top-level
 * `await`): calls `run` once and returns what it returns. Tells a host which module's top
 * level is running at a given moment.
 */
export type EvaluationWrapper = <T>(module: ModuleRecord, run: () => T) => T;

interface EvaluationHooks {
  readonly evaluated: EvaluationObserver;
  readonly around: EvaluationWrapper;
}

const ignore: EvaluationObserver = () => {};
const direct: EvaluationWrapper = (_module, run) => run();

let asyncEvaluationCount = 1;

function innerModuleEvaluation(
  module: ModuleRecord,
  stack: ModuleRecord[],
  index: number,
  hooks: EvaluationHooks,
): number {
  if (module.status === 'evaluating-async' || module.status === 'evaluated') {
    if (module.evaluationError) throw module.evaluationError.value;
    return index;
  }
  if (module.status === 'evaluating') return index;
  module.status = 'evaluating';
  module.dfsIndex = index;
  module.dfsAncestorIndex = index;
  module.pendingAsyncDependencies = 0;
  index++;
  stack.push(module);
  for (let required of module.requested) {
    index = innerModuleEvaluation(required, stack, index, hooks);
    if (required.status === 'evaluating') {
      module.dfsAncestorIndex = Math.min(module.dfsAncestorIndex, required.dfsAncestorIndex);
    } else {
      required = required.cycleRoot ?? required;
      if (required.evaluationError) throw required.evaluationError.value;
    }
    if (required.asyncEvaluation) {
      module.pendingAsyncDependencies++;
      required.asyncParentModules.push(module);
    }
  }
  if (module.pendingAsyncDependencies > 0 || module.hasTopLevelAwait) {
    module.asyncEvaluation = true;
    module.asyncEvaluationOrder = asyncEvaluationCount++;
    if (module.pendingAsyncDependencies === 0) executeAsyncModule(module, hooks);
  } else {
    executeModuleSync(module, hooks);
  }
  if (module.dfsAncestorIndex === module.dfsIndex) {
    let done = false;
    while (!done) {
      const member = stack.pop()!;
      member.status = member.asyncEvaluation ? 'evaluating-async' : 'evaluated';
      member.cycleRoot = module;
      done = member === module;
    }
  }
  return index;
}

function executeModuleSync(module: ModuleRecord, hooks: EvaluationHooks): void {
  hooks.around(module, () => {
    if (module.executeSync) module.executeSync();
    else module.generator?.next();
  });
  refreshNamespace(module.namespaceObject);
  hooks.evaluated(module);
}

function executeAsyncModule(module: ModuleRecord, hooks: EvaluationHooks): void {
  const result = hooks.around(module, () => (module.generator as AsyncGenerator<void, void, void>).next());
  result.then(
    () => asyncModuleExecutionFulfilled(module, hooks),
    (error: unknown) => asyncModuleExecutionRejected(module, error),
  );
}

function gatherAvailableAncestors(module: ModuleRecord, execList: ModuleRecord[]): void {
  for (const m of module.asyncParentModules) {
    if (execList.includes(m) || (m.cycleRoot ?? m).evaluationError) continue;
    m.pendingAsyncDependencies--;
    if (m.pendingAsyncDependencies === 0) {
      execList.push(m);
      if (!m.hasTopLevelAwait) gatherAvailableAncestors(m, execList);
    }
  }
}

function asyncModuleExecutionFulfilled(module: ModuleRecord, hooks: EvaluationHooks): void {
  if (module.status === 'evaluated') return;
  refreshNamespace(module.namespaceObject);
  hooks.evaluated(module);
  module.asyncEvaluation = false;
  module.status = 'evaluated';
  module.topLevelCapability?.resolve();
  const execList: ModuleRecord[] = [];
  gatherAvailableAncestors(module, execList);
  execList.sort((a, b) => a.asyncEvaluationOrder - b.asyncEvaluationOrder);
  for (const m of execList) {
    if (m.status === 'evaluated') continue;
    if (m.hasTopLevelAwait) {
      executeAsyncModule(m, hooks);
      continue;
    }
    try {
      executeModuleSync(m, hooks);
    } catch (error) {
      asyncModuleExecutionRejected(m, error);
      continue;
    }
    m.asyncEvaluation = false;
    m.status = 'evaluated';
    m.topLevelCapability?.resolve();
  }
}

function asyncModuleExecutionRejected(module: ModuleRecord, error: unknown): void {
  if (module.status === 'evaluated') return;
  module.evaluationError = { value: error };
  module.status = 'evaluated';
  for (const m of module.asyncParentModules) asyncModuleExecutionRejected(m, error);
  module.topLevelCapability?.reject(error);
}
