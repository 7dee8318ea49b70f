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
export function evaluateModule(module: ModuleRecord, onEvaluated?: EvaluationObserver): Promise<void> {
  const observe = onEvaluated ?? ignore;
  if (module.status === 'evaluating-async' || module.status === 'evaluated') {
    module = module.cycleRoot ?? module;
  }
  if (module.topLevelCapability) return module.topLevelCapability.promise;
  const stack: ModuleRecord[] = [];
  const capability = promiseWithResolvers();
  module.topLevelCapability = capability;
  try {
    innerModuleEvaluation(module, stack, 0, observe);
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

const ignore: EvaluationObserver = () => {};

let asyncEvaluationCount = 1;

function innerModuleEvaluation(
  module: ModuleRecord,
  stack: ModuleRecord[],
  index: number,
  observe: EvaluationObserver,
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
    index = innerModuleEvaluation(required, stack, index, observe);
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
    if (module.pendingAsyncDependencies === 0) executeAsyncModule(module, observe);
  } else {
    executeModuleSync(module, observe);
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

function executeModuleSync(module: ModuleRecord, observe: EvaluationObserver): void {
  if (module.executeSync) module.executeSync();
  else module.generator?.next();
  refreshNamespace(module.namespaceObject);
  observe(module);
}

function executeAsyncModule(module: ModuleRecord, observe: EvaluationObserver): void {
  const result = (module.generator as AsyncGenerator<void, void, void>).next();
  result.then(
    () => asyncModuleExecutionFulfilled(module, observe),
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

function asyncModuleExecutionFulfilled(module: ModuleRecord, observe: EvaluationObserver): void {
  if (module.status === 'evaluated') return;
  refreshNamespace(module.namespaceObject);
  observe(module);
  module.asyncEvaluation = false;
  module.status = 'evaluated';
  module.topLevelCapability?.resolve();
  const execList: ModuleRecord[] = [];
  gatherAvailableAncestors(module, execList);
  execList.sort((a, b) => a.asyncEvaluationOrder - b.asyncEvaluationOrder);
  for (const m of execList) {
    if (m.status === 'evaluated') continue;
    if (m.hasTopLevelAwait) {
      executeAsyncModule(m, observe);
      continue;
    }
    try {
      executeModuleSync(m, observe);
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
