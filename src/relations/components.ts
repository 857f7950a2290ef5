/**
 * Strongly connected components of a directed graph given as adjacency
 * arrays (the successors of node v are targets[starts[v]] up to, not
 * including, targets[ends[v]]), by Tarjan's algorithm without recursion. It
 * takes time linear in nodes and arcs, where a closure of a bit matrix takes
 * time cubic in nodes: for asking, of many graphs over the same nodes, which
 * arcs can lie on a cycle.
 */
export class Components {
  /** Component of each node; two nodes share one exactly when each reaches the other. */
  readonly component: Int32Array;
  private readonly index: Int32Array;
  private readonly lowLink: Int32Array;
  private readonly stack: Int32Array;
  private readonly onStack: Uint8Array;
  private readonly callNode: Int32Array;
  private readonly callArc: Int32Array;

  constructor(readonly size: number) {
    this.component = new Int32Array(size);
    this.index = new Int32Array(size);
    this.lowLink = new Int32Array(size);
    this.stack = new Int32Array(size);
    this.onStack = new Uint8Array(size);
    this.callNode = new Int32Array(size);
    this.callArc = new Int32Array(size);
  }

  /** Fills `component` for the graph. */
  compute(starts: Int32Array, ends: Int32Array, targets: Int32Array): void {
    const { size, component, index, lowLink, stack, onStack, callNode, callArc } = this;
    index.fill(-1);
    let counter = 0, stackTop = 0, components = 0;
    for (let root = 0; root < size; root++) {
      if (index[root] !== -1) continue;
      let depth = 0;
      callNode[0] = root;
      callArc[0] = starts[root]!;
      index[root] = lowLink[root] = counter++;
      stack[stackTop++] = root;
      onStack[root] = 1;
      while (depth >= 0) {
        const v = callNode[depth]!;
        const arc = callArc[depth]!;
        if (arc < ends[v]!) {
          callArc[depth] = arc + 1;
          const w = targets[arc]!;
          if (index[w] === -1) {
            index[w] = lowLink[w] = counter++;
            stack[stackTop++] = w;
            onStack[w] = 1;
            callNode[++depth] = w;
            callArc[depth] = starts[w]!;
          } else if (onStack[w] === 1 && index[w]! < lowLink[v]!) {
            lowLink[v] = index[w]!;
          }
          continue;
        }
        if (lowLink[v] === index[v]) {
          let w: number;
          do {
            w = stack[--stackTop]!;
            onStack[w] = 0;
            component[w] = components;
          } while (w !== v);
          components++;
        }
        depth--;
        if (depth >= 0) {
          const parent = callNode[depth]!;
          if (lowLink[v]! < lowLink[parent]!) lowLink[parent] = lowLink[v]!;
        }
      }
    }
  }
}
