// Exact slot assignment: a max-weight bipartite matching of slots to offer groups with at most k edges, by
// successive shortest augmenting paths (min-cost flow). Tiny: slots and groups on one page number in the tens.

/** One possible (slot, group) pair and its net value; `ref` is handed back for the chosen pairs. */
export interface Edge<T> {
  slot: number;
  group: number;
  weight: number;
  ref: T;
}

/**
 * The matching of largest total weight with at most `limit` edges, using positive weights only. Exact: the
 * successive-shortest-path cost is convex in the number of augmentations, so stopping at the first path that
 * does not gain is optimal for every limit (Ahuja, Magnanti & Orlin, ch. 9).
 * @example bestMatching(2, 3, [{ slot: 0, group: 1, weight: 4, ref: 'a' }], 1) // ['a']
 */
export function bestMatching<T>(slots: number, groups: number, edges: readonly Edge<T>[], limit: number): T[] {
  // Nodes: 0 source, 1..slots, then groups, then the sink. Residual arcs in pairs (i, i ^ 1).
  const sink = slots + groups + 1;
  const from: number[] = [];
  const to: number[] = [];
  const cost: number[] = [];
  const cap: number[] = [];
  const refs: (T | undefined)[] = [];
  const arc = (a: number, b: number, c: number, ref?: T) => {
    from.push(a, b);
    to.push(b, a);
    cost.push(c, -c);
    cap.push(1, 0);
    refs.push(ref, undefined);
  };
  for (let s = 0; s < slots; s++) arc(0, 1 + s, 0);
  for (let g = 0; g < groups; g++) arc(1 + slots + g, sink, 0);
  const firstEdge = from.length;
  for (const e of edges) if (e.weight > 0) arc(1 + e.slot, 1 + slots + e.group, -e.weight, e.ref);
  const nodes = sink + 1;
  for (let flow = 0; flow < limit; flow++) {
    // Bellman-Ford: the residual graph has negative arcs but no negative cycle (SSP invariant).
    const dist = new Array<number>(nodes).fill(Infinity);
    const via = new Array<number>(nodes).fill(-1);
    dist[0] = 0;
    for (let round = 0; round < nodes; round++) {
      let changed = false;
      for (let i = 0; i < from.length; i++) {
        if (cap[i]! <= 0 || dist[from[i]!] === Infinity) continue;
        const d = dist[from[i]!]! + cost[i]!;
        if (d < dist[to[i]!]! - 1e-12) {
          dist[to[i]!] = d;
          via[to[i]!] = i;
          changed = true;
        }
      }
      if (!changed) break;
    }
    if (!(dist[sink]! < -1e-12)) break; // no augmenting path that gains
    for (let node = sink; node !== 0; node = from[via[node]!]!) {
      cap[via[node]!]!--;
      cap[via[node]! ^ 1]!++;
    }
  }
  const chosen: T[] = [];
  for (let i = firstEdge; i < from.length; i += 2) if (cap[i] === 0) chosen.push(refs[i]!);
  return chosen;
}
