import type { PathSegment } from "../contracts/campus";

// The walkable path network of a campus: nodes are `PathSegment.fromNode`/`toNode`, edge
// lengths are the segment polyline lengths in metres. Walls, fences and field outlines are
// not walkable. Shortest paths by Dijkstra with a binary heap, memoised per source node, so a
// day of thousands of trips between a few dozen places costs a few dozen searches.

type P = readonly [number, number];

export interface PathGraph {
  nodeIds: readonly string[];
  position(node: string): P;
  /** The walkable node nearest to a point. */
  nearestNode(p: P): string;
  /** Node sequence and length (m) of the shortest walk; null when unreachable. */
  route(from: string, to: string): { nodes: string[]; lengthM: number } | null;
}

export class PathGraphError extends Error {
  override name = "PathGraphError";
}

const WALKABLE = new Set(["road", "footway", "cycleway", "track"]);

const dist = (a: P, b: P) => Math.hypot(a[0] - b[0], a[1] - b[1]);

function lineLength(line: readonly P[]): number {
  let m = 0;
  for (let i = 1; i < line.length; i++) m += dist(line[i - 1]!, line[i]!);
  return m;
}

export function buildPathGraph(paths: readonly PathSegment[]): PathGraph {
  const pos = new Map<string, P>();
  const adj = new Map<string, Array<{ to: string; m: number }>>();
  const link = (a: string, b: string, m: number) => {
    let l = adj.get(a);
    if (!l) adj.set(a, (l = []));
    l.push({ to: b, m });
  };
  for (const s of paths) {
    if (!WALKABLE.has(s.kind) || !s.fromNode || !s.toNode || s.line.length < 2) continue;
    pos.set(s.fromNode, s.line[0]!);
    pos.set(s.toNode, s.line[s.line.length - 1]!);
    const m = Math.max(0.1, lineLength(s.line));
    link(s.fromNode, s.toNode, m);
    link(s.toNode, s.fromNode, m);
  }
  if (pos.size === 0) throw new PathGraphError("Campus has no walkable path segments with fromNode/toNode");
  const nodeIds = [...pos.keys()].sort();
  const trees = new Map<string, { d: Map<string, number>; prev: Map<string, string> }>();

  function tree(src: string) {
    let t = trees.get(src);
    if (t) return t;
    const d = new Map<string, number>([[src, 0]]);
    const prev = new Map<string, string>();
    const heap: Array<[number, string]> = [[0, src]];
    while (heap.length) {
      const [du, u] = popMin(heap);
      if (du > (d.get(u) ?? Infinity)) continue;
      for (const e of adj.get(u) ?? []) {
        const nd = du + e.m;
        if (nd < (d.get(e.to) ?? Infinity)) {
          d.set(e.to, nd);
          prev.set(e.to, u);
          pushHeap(heap, [nd, e.to]);
        }
      }
    }
    trees.set(src, (t = { d, prev }));
    return t;
  }

  return {
    nodeIds,
    position(node) {
      const p = pos.get(node);
      if (!p) throw new PathGraphError(`Unknown path node ${node}`);
      return p;
    },
    nearestNode(p) {
      let best = nodeIds[0]!;
      let bestM = Infinity;
      for (const id of nodeIds) {
        const m = dist(pos.get(id)!, p);
        if (m < bestM) [best, bestM] = [id, m];
      }
      return best;
    },
    route(from, to) {
      const t = tree(from);
      const lengthM = t.d.get(to);
      if (lengthM === undefined) return null;
      const nodes = [to];
      while (nodes[nodes.length - 1] !== from) nodes.push(t.prev.get(nodes[nodes.length - 1]!)!);
      return { nodes: nodes.reverse(), lengthM };
    },
  };
}

function pushHeap(h: Array<[number, string]>, item: [number, string]): void {
  h.push(item);
  let i = h.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (h[p]![0] <= h[i]![0]) break;
    [h[p], h[i]] = [h[i]!, h[p]!];
    i = p;
  }
}

function popMin(h: Array<[number, string]>): [number, string] {
  const top = h[0]!;
  const last = h.pop()!;
  if (h.length) {
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < h.length && h[l]![0] < h[m]![0]) m = l;
      if (r < h.length && h[r]![0] < h[m]![0]) m = r;
      if (m === i) break;
      [h[m], h[i]] = [h[i]!, h[m]!];
      i = m;
    }
  }
  return top;
}
