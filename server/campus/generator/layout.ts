import type { Gate } from "../../contracts/campus";
import type { LineM } from "../../contracts/geometry";
import type { Prng } from "../prng";
import { PLAYGROUND_COL_M, RING_INSET_M, SIZE_SPECS, type GeneratedSize } from "./sizes";

// The campus plan in an unrotated working frame (x east, y north, wall's south-west corner at
// 0,0): a grid of roads inside a ring road, blocks between them, gates where roads meet the wall.

export type CellUse = "admin" | "library" | "mixed" | "playground" | "gym" | "dorm" | "lab" | "teaching";

export interface Cell {
  col: number;
  row: number;
  x0: number; x1: number; y0: number; y1: number;
  use: CellUse;
  /** Dorm blocks with a canteen. */
  canteen: boolean;
}

export interface Plan {
  widthM: number;
  heightM: number;
  /** Vertical road centre lines (x), first and last are the ring road. */
  xs: number[];
  /** Horizontal road centre lines (y), first and last are the ring road. */
  ys: number[];
  /** Index into xs of the main axis (road from the main gate). */
  axis: number;
  boundary: LineM;
  gates: Omit<Gate, "id">[];
  cells: Cell[];
}

function lines(prng: Prng, count: number, range: [number, number], wide: number | null): number[] {
  const out = [RING_INSET_M];
  for (let i = 0; i < count; i++) out.push(out[i]! + (i === wide ? PLAYGROUND_COL_M : Math.round(prng.range(...range))));
  return out;
}

function chamferedBoundary(prng: Prng, w: number, h: number): LineM {
  const c = () => Math.round(prng.range(18, 40));
  const [a, b, d, e] = [c(), c(), c(), c()];
  return [[a, 0], [w - b, 0], [w, b], [w, h - d], [w - d, h], [e, h], [0, h - e], [0, a]];
}

function sideName(outwardDeg: number): string {
  return ({ 0: "北", 90: "东", 180: "南", 270: "西" } as Record<number, string>)[outwardDeg] ?? "";
}

function planGates(p: Omit<Plan, "gates" | "cells">, extraPedestrian: number, prng: Prng): Omit<Gate, "id">[] {
  const { xs, ys, widthM: w, heightM: h, axis } = p;
  const inner = (arr: number[]) => arr.slice(1, -1);
  const otherX = inner(xs).filter((x) => x !== xs[axis]);
  const gates: Omit<Gate, "id">[] = [
    { name: "南大门", kind: "main", position: [xs[axis]!, 0], outwardDeg: 180, widthM: 16 },
    { name: "东门（车行）", kind: "vehicle", position: [w, ys[1]!], outwardDeg: 90, widthM: 12 },
    { name: "西门", kind: "side", position: [0, ys[ys.length - 2]!], outwardDeg: 270, widthM: 6 },
    { name: "北门（后勤）", kind: "service", position: [otherX.length ? prng.pick(otherX) : xs[axis]!, h], outwardDeg: 0, widthM: 8 },
  ];
  const pedestrianSpots: [number, number, number][] = [
    ...otherX.map((x): [number, number, number] => [x, 0, 180]),
    ...otherX.map((x): [number, number, number] => [x, h, 0]),
  ].filter(([x, y]) => !gates.some((g) => g.position[0] === x && g.position[1] === y));
  for (let i = 0; i < extraPedestrian && pedestrianSpots.length; i++) {
    const [x, y, out] = pedestrianSpots.splice(i === 0 ? 0 : pedestrianSpots.length - 1, 1)[0]!;
    const base = `${sideName(out)}人行门`;
    const name = gates.some((g) => g.name === base) ? `${base}二` : base;
    gates.push({ name, kind: "pedestrian", position: [x, y], outwardDeg: out, widthM: 5 });
  }
  return gates;
}

function assignUses(cells: Cell[], axis: number, size: GeneratedSize, prng: Prng): void {
  const at = (c: number, r: number) => cells.find((x) => x.col === c && x.row === r);
  const rows = Math.max(...cells.map((c) => c.row)) + 1;
  const wide = cells.find((c) => c.x1 - c.x0 >= PLAYGROUND_COL_M)!.col;
  at(axis - 1, 0)!.use = "admin";
  at(axis, 0)!.use = size === "small" ? "mixed" : "library";
  at(wide, rows - 1)!.use = "playground";
  const gym = at(wide + 1, rows - 1) ?? at(wide - 1, rows - 1);
  if (size !== "small" && gym && gym.use === "teaching") gym.use = "gym";
  const rest = cells.filter((c) => c.use === "teaching");
  const east = prng.chance(0.5);
  rest.sort((a, b) => (east ? b.x0 - a.x0 : a.x0 - b.x0) || a.y0 - b.y0);
  const nDorm = Math.max(1, Math.round(rest.length * 0.38));
  const nLab = size === "small" ? 0 : Math.max(1, Math.round(rest.length * 0.22));
  rest.forEach((c, i) => {
    if (i < nDorm) { c.use = "dorm"; c.canteen = i % 2 === 0; } else if (i >= rest.length - nLab) c.use = "lab";
  });
}

export function planCampus(size: GeneratedSize, prng: Prng): Plan {
  const spec = SIZE_SPECS[size];
  const wideCol = prng.int(0, spec.cols - 1);
  const xs = lines(prng, spec.cols, spec.colM, wideCol);
  const ys = lines(prng, spec.rows, spec.rowM, null);
  const widthM = xs[xs.length - 1]! + RING_INSET_M;
  const heightM = ys[ys.length - 1]! + RING_INSET_M;
  // The main axis is the interior north-south road nearest the middle, but never the edge of
  // the playground block (the admin block sits west of it, the library east).
  const interior = xs.map((x, i) => ({ x, i })).slice(1, -1).filter(({ i }) => i - 1 !== wideCol && i !== wideCol);
  const pool = interior.length ? interior : xs.map((x, i) => ({ x, i })).slice(1, -1);
  const axis = pool.reduce((best, c) => (Math.abs(c.x - widthM / 2) < Math.abs(best.x - widthM / 2) ? c : best)).i;
  const base = { widthM, heightM, xs, ys, axis, boundary: chamferedBoundary(prng, widthM, heightM) };
  const cells: Cell[] = [];
  for (let r = 0; r < spec.rows; r++) {
    for (let c = 0; c < spec.cols; c++) {
      cells.push({ col: c, row: r, x0: xs[c]!, x1: xs[c + 1]!, y0: ys[r]!, y1: ys[r + 1]!, use: "teaching", canteen: false });
    }
  }
  assignUses(cells, axis, size, prng);
  return { ...base, gates: planGates(base, spec.extraPedestrianGates, prng), cells };
}
