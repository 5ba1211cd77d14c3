import type { LineM, PointM } from "../../server/contracts/geometry";

// Campus-local ENU metres (x east, y north, z up) → three.js world (x = east, y = up, z = −north).
// A Shape drawn in (east, north) and extruded along +Z, then rotated −90° about X, lands exactly in
// this frame: (e, n, h) → (e, h, −n). Every scene object uses these helpers, never its own mapping.

export interface BoundsM {
  minE: number;
  minN: number;
  maxE: number;
  maxN: number;
}

export function boundsOf(points: readonly PointM[]): BoundsM {
  const b = { minE: Infinity, minN: Infinity, maxE: -Infinity, maxN: -Infinity };
  for (const [e, n] of points) {
    if (e < b.minE) b.minE = e;
    if (e > b.maxE) b.maxE = e;
    if (n < b.minN) b.minN = n;
    if (n > b.maxN) b.maxN = n;
  }
  if (!Number.isFinite(b.minE)) return { minE: -100, minN: -100, maxE: 100, maxN: 100 };
  return b;
}

export function centreOf(b: BoundsM): PointM {
  return [(b.minE + b.maxE) / 2, (b.minN + b.maxN) / 2];
}

/** Half the diagonal: the radius of a circle that holds the whole campus. */
export function radiusOf(b: BoundsM): number {
  return Math.hypot(b.maxE - b.minE, b.maxN - b.minN) / 2;
}

/** Writes the three.js position of an ENU point into `out` (no allocation). */
export function enuToThree(eastM: number, northM: number, upM: number, out: { x: number; y: number; z: number }): void {
  out.x = eastM;
  out.y = upM;
  out.z = -northM;
}

/** Signed area (shoelace) of a ring in (east, north); > 0 means counter-clockwise. */
export function signedAreaM2(ring: LineM): number {
  let a = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[(i + 1) % ring.length]!;
    a += x1 * y2 - x2 * y1;
  }
  return a / 2;
}

/** A ring without the repeated closing point (contracts store rings implicitly closed, but inputs vary). */
export function openRing(ring: LineM): LineM {
  if (ring.length < 2) return ring;
  const [fx, fy] = ring[0]!;
  const [lx, ly] = ring[ring.length - 1]!;
  return fx === lx && fy === ly ? ring.slice(0, -1) : ring;
}
