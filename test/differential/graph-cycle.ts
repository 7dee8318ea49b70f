/** A module of a generated graph, as far as cycles are concerned: the modules it imports. */
export interface GraphNode {
  readonly edges: readonly { readonly to: number }[];
}

/** Whether the first module (the entry) reaches a module again from itself. */
export function hasCycle(modules: readonly GraphNode[]): boolean {
  const state = new Map<number, 'open' | 'done'>();
  const visit = (index: number): boolean => {
    if (state.get(index) === 'open') return true;
    if (state.get(index) === 'done') return false;
    state.set(index, 'open');
    const found = modules[index]!.edges.some((edge) => visit(edge.to));
    state.set(index, 'done');
    return found;
  };
  return visit(0);
}
