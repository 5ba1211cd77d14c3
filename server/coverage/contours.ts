import type { LineM } from "../contracts/geometry";
import type { CoverageGrid } from "./grid";

// Blind-spot outlines by cell-boundary tracing: every edge between a masked cell and an
// unmasked one becomes a directed edge with the masked side on its left; chaining them gives
// closed rings (outer rings counter-clockwise, holes clockwise) along cell borders.

/** Rings (campus metres) around the connected groups of `cells` (row-major indices). */
export function traceCellOutlines(grid: CoverageGrid, cells: ArrayLike<number>): LineM[] {
  if (cells.length === 0) return [];
  const W = grid.width;
  let c0 = Infinity, r0 = Infinity, c1 = -Infinity, r1 = -Infinity;
  for (let i = 0; i < cells.length; i++) {
    const col = cells[i]! % W, row = Math.floor(cells[i]! / W);
    c0 = Math.min(c0, col); c1 = Math.max(c1, col); r0 = Math.min(r0, row); r1 = Math.max(r1, row);
  }
  // Local mask with a one-cell empty border so every ring closes inside it.
  const mw = c1 - c0 + 3, mh = r1 - r0 + 3;
  const mask = new Uint8Array(mw * mh);
  for (let i = 0; i < cells.length; i++) {
    const col = cells[i]! % W, row = Math.floor(cells[i]! / W);
    mask[(row - r0 + 1) * mw + (col - c0 + 1)] = 1;
  }
  const vw = mw + 1; // vertex lattice key = y·vw + x
  const next = new Map<number, number[]>();
  const edge = (x0: number, y0: number, x1: number, y1: number): void => {
    const k = y0 * vw + x0;
    const list = next.get(k);
    if (list) list.push(y1 * vw + x1); else next.set(k, [y1 * vw + x1]);
  };
  for (let y = 1; y < mh - 1; y++) {
    for (let x = 1; x < mw - 1; x++) {
      if (mask[y * mw + x] !== 1) continue;
      if (mask[(y - 1) * mw + x] !== 1) edge(x, y, x + 1, y);
      if (mask[y * mw + x + 1] !== 1) edge(x + 1, y, x + 1, y + 1);
      if (mask[(y + 1) * mw + x] !== 1) edge(x + 1, y + 1, x, y + 1);
      if (mask[y * mw + x - 1] !== 1) edge(x, y + 1, x, y);
    }
  }
  const s = grid.cellSizeM;
  const toM = (k: number): [number, number] => [
    grid.originE + (k % vw + c0 - 1) * s, grid.originN + (Math.floor(k / vw) + r0 - 1) * s,
  ];
  const rings: LineM[] = [];
  for (const [start, targets] of next) {
    while (targets.length > 0) {
      const ring: number[] = [start];
      let at = targets.pop()!;
      while (at !== start) {
        ring.push(at);
        const out = next.get(at);
        if (!out || out.length === 0) throw new Error("Invariant: blind-spot outline does not close");
        at = out.pop()!;
      }
      rings.push(dropCollinear(ring, vw).map(toM));
    }
  }
  return rings;
}

function dropCollinear(ring: number[], vw: number): number[] {
  const out: number[] = [];
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const a = ring[(i + n - 1) % n]!, b = ring[i]!, c = ring[(i + 1) % n]!;
    const abx = (b % vw) - (a % vw), aby = Math.floor(b / vw) - Math.floor(a / vw);
    const bcx = (c % vw) - (b % vw), bcy = Math.floor(c / vw) - Math.floor(b / vw);
    if (abx * bcy - aby * bcx !== 0) out.push(b);
  }
  return out;
}
