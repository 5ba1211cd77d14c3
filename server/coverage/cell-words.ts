// The coverage result of one cell in one 32-bit word: the best pixel density any camera gives
// it, in quarters of a px/m, in bits 16–30, and the number of cameras seeing it in bits 0–15.
// One word per cell instead of a Float32 and a Uint16 array halves the cache lines a sweep
// touches per visible cell: one read-modify-write instead of two (issue 7's full recompute is
// bound by those). Isomorphic: no Node or DOM imports.
//
// Quantising is exact where it matters: floor(px · 4) ≥ 4·t ⇔ px ≥ t for the integer DORI
// thresholds t (25, 62, 125, 250 px/m), so every class, pass/fail and blind spot is the same as
// with the unquantised px/m; a shown density is at most 0.25 px/m low. Densities from 8,192
// px/m up (under half a metre from a 4K lens) are kept as 8,191.75. Counts wrap at 65,536
// cameras on one cell, as the Uint16 count did.

export const QUANTA_PER_PX = 4;
const MAX_QUANTA = 0x7fff;
const COUNT_BITS = 16;
const COUNT_MASK = 0xffff;

/** px/m → quanta (floored, saturating). */
export function quantaOf(pxPerM: number): number {
  const x = pxPerM * QUANTA_PER_PX;
  return x < MAX_QUANTA ? x | 0 : MAX_QUANTA; // a compare, not Math.min: ~20 % of a full recompute
}

/**
 * quantaOf(scale / d) for scaleQuanta = scale · QUANTA_PER_PX, without the multiplication:
 * scaling by a power of two is exact, so the two agree bit for bit. NaN (0 / 0) gives 0, as
 * fold.wat's saturating truncation does.
 */
export function quantaOfRatio(scaleQuanta: number, d: number): number {
  const x = scaleQuanta / d;
  return x < MAX_QUANTA ? x | 0 : x >= MAX_QUANTA ? MAX_QUANTA : 0;
}

/** Best px/m of a cell word (0 where no camera sees the cell). */
export function bestPxPerMOf(word: number): number {
  return (word >> COUNT_BITS) / QUANTA_PER_PX;
}

/** Best density of a cell word, in quanta. */
export function bestQuantaOf(word: number): number {
  return word >> COUNT_BITS;
}

/** Cameras seeing the cell of a word. */
export function cameraCountOf(word: number): number {
  return word & COUNT_MASK;
}

/** The word after one more camera sees the cell with density `quanta`. */
export function withCamera(word: number, quanta: number): number {
  return (quanta > word >> COUNT_BITS ? (quanta << COUNT_BITS) | (word & COUNT_MASK) : word) + 1;
}

/** The word after `n` more cameras with best density `quanta` among them see the cell (folding two partial results). */
export function merged(word: number, quanta: number, n: number): number {
  return (quanta > word >> COUNT_BITS ? (quanta << COUNT_BITS) | (word & COUNT_MASK) : word) + n;
}

/** The word with the best density replaced (the count kept). */
export function withBest(word: number, quanta: number): number {
  return (quanta << COUNT_BITS) | (word & COUNT_MASK);
}
