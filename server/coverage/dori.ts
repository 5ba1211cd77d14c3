import type { DoriClass } from "../contracts/coverage";

// IEC 62676-4 §7.4 DORI pixel densities at the target, in pixels per metre of scene width.
export const DORI_PX_PER_M = { detect: 25, observe: 62, recognise: 125, identify: 250 } as const;

/** Classes weakest first; the index is the class rank (0 = none). */
export const DORI_RANK: readonly DoriClass[] = ["none", "detect", "observe", "recognise", "identify"];

export function doriRank(pxPerM: number): number {
  if (pxPerM >= DORI_PX_PER_M.identify) return 4;
  if (pxPerM >= DORI_PX_PER_M.recognise) return 3;
  if (pxPerM >= DORI_PX_PER_M.observe) return 2;
  if (pxPerM >= DORI_PX_PER_M.detect) return 1;
  return 0;
}

export function doriClass(pxPerM: number): DoriClass {
  return DORI_RANK[doriRank(pxPerM)] ?? "none";
}

/** Minimum px/m for a class ("none" needs nothing). */
export function minPxPerM(cls: DoriClass): number {
  return cls === "none" ? 0 : DORI_PX_PER_M[cls];
}

/**
 * Distance along the view axis (m) at which a lens reaches `pxPerM`:
 * px/m = resolutionW / (2·d·tan(hfov/2))  ⇒  d = resolutionW / (2·pxPerM·tan(hfov/2)).
 */
export function distanceForPxPerM(resolutionW: number, hfovDeg: number, pxPerM: number): number {
  return resolutionW / (2 * pxPerM * Math.tan((hfovDeg * Math.PI) / 360));
}
