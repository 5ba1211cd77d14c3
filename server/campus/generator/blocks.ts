import type { Building } from "../../contracts/campus";
import type { LineM, PointM } from "../../contracts/geometry";
import type { Prng } from "../prng";
import { round3 } from "../plane";
import type { Cell, Plan } from "./layout";
import { chineseNumber, ROAD_WIDTH_M, SETBACK_M, TEMPLATES } from "./sizes";

// Fills each block with buildings in two rows, the bottom row facing the road to the south and
// the top row the road to the north; each entrance gets a footway straight to its road.

export interface Footway {
  /** Entrance point on the building outline (or the playground edge). */
  from: PointM;
  /** Point on the road centre line it joins. */
  to: PointM;
  buildingId: string | null;
  name: string;
}

export interface Playground {
  track: LineM;
  field: LineM;
  outline: LineM;
}

export interface BlockResult {
  buildings: Building[];
  footways: Footway[];
  playgrounds: Playground[];
}

type Kind = Building["kind"];

const USE_PLAN: Record<Exclude<Cell["use"], "playground">, { first: Kind[]; fill: Kind }> = {
  admin: { first: ["admin", "control_room"], fill: "teaching" },
  library: { first: ["library"], fill: "teaching" },
  mixed: { first: ["library", "lab"], fill: "teaching" },
  gym: { first: ["gym"], fill: "lab" },
  dorm: { first: [], fill: "dormitory" },
  lab: { first: [], fill: "lab" },
  teaching: { first: [], fill: "teaching" },
};

class Namer {
  private counts = new Map<Kind, number>();
  next(kind: Kind): string {
    const n = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, n);
    const cn = chineseNumber(n);
    switch (kind) {
      case "teaching": return `第${cn}教学楼`;
      case "dormitory": return `学生宿舍${n}号楼`;
      case "canteen": return `第${cn}食堂`;
      case "library": return n === 1 ? "图书馆" : `图书馆${cn}馆`;
      case "lab": return `第${cn}实验楼`;
      case "admin": return n === 1 ? "行政楼" : `行政${cn}号楼`;
      case "gym": return n === 1 ? "体育馆" : `第${cn}体育馆`;
      case "control_room": return "安防指挥中心";
      case "guard_room": return "门卫室";
      default: return `综合楼${n}`;
    }
  }
}

function halfRoad(plan: Plan, vertical: boolean, index: number): number {
  const last = (vertical ? plan.xs : plan.ys).length - 1;
  if (index === 0 || index === last) return ROAD_WIDTH_M.ring / 2;
  return (vertical && index === plan.axis ? ROAD_WIDTH_M.axis : ROAD_WIDTH_M.street) / 2;
}

function innerRect(plan: Plan, c: Cell) {
  return {
    x0: c.x0 + halfRoad(plan, true, c.col) + SETBACK_M, x1: c.x1 - halfRoad(plan, true, c.col + 1) - SETBACK_M,
    y0: c.y0 + halfRoad(plan, false, c.row) + SETBACK_M, y1: c.y1 - halfRoad(plan, false, c.row + 1) - SETBACK_M,
  };
}

const rect = (x0: number, y0: number, x1: number, y1: number): LineM =>
  [[x0, y0], [x1, y0], [x1, y1], [x0, y1]].map(([x, y]) => [round3(x!), round3(y!)] as PointM);

interface Ctx { campusId: string; prng: Prng; namer: Namer; out: BlockResult; seq: { n: number } }

function fillRow(ctx: Ctx, plan: Plan, c: Cell, queue: Kind[], fill: Kind, top: boolean, maxDepthM: number): number {
  const r = innerRect(plan, c);
  const placed: { kind: Kind; len: number; depth: number; gap: number }[] = [];
  let used = 0;
  for (;;) {
    const kind = queue[0] ?? fill;
    const t = TEMPLATES[kind];
    const len = Math.round(ctx.prng.range(...t.lenM)), depth = Math.round(ctx.prng.range(...t.depthM));
    const gap = placed.length ? Math.round(ctx.prng.range(12, 20)) : 0;
    if (used + gap + len > r.x1 - r.x0 || depth > maxDepthM) break;
    queue.shift();
    placed.push({ kind, len, depth, gap });
    used += gap + len;
  }
  let x = r.x0 + (r.x1 - r.x0 - used) / 2;
  for (const p of placed) {
    x += p.gap;
    const t = TEMPLATES[p.kind];
    const floors = ctx.prng.int(...t.floors);
    const y0 = top ? r.y1 - p.depth : r.y0, y1 = top ? r.y1 : r.y0 + p.depth;
    const id = `${ctx.campusId}:b-${++ctx.seq.n}`;
    const name = ctx.namer.next(p.kind);
    ctx.out.buildings.push({ id, name, kind: p.kind, footprint: rect(x, y0, x + p.len, y1), heightM: round3(floors * t.floorHeightM + 1.2), floors });
    const cx = round3(x + p.len / 2);
    ctx.out.footways.push({ from: [cx, top ? y1 : y0], to: [cx, top ? c.y1 : c.y0], buildingId: id, name: `${name}步道` });
    x += p.len;
  }
  return placed.reduce((m, p) => Math.max(m, p.depth), 0);
}

/** Two rows: the bottom row takes the planned buildings first; the top row gets what depth is left. */
function fillCell(ctx: Ctx, plan: Plan, c: Cell): void {
  if (c.use === "playground") return playground(ctx, plan, c);
  const use = USE_PLAN[c.use];
  const queue: Kind[] = [...(c.canteen ? (["canteen"] as Kind[]) : []), ...use.first];
  const r = innerRect(plan, c);
  const bottomDepth = fillRow(ctx, plan, c, queue, use.fill, false, r.y1 - r.y0);
  fillRow(ctx, plan, c, queue, use.fill, true, r.y1 - r.y0 - bottomDepth - 15);
}

/** A standard 400 m track: 84.39 m straights, lane-centre radius ≈ 41.4 m, 8 lanes ≈ 9.8 m wide. */
function stadium(cx: number, cy: number, halfStraightM: number, radiusM: number, steps = 12): LineM {
  const pts: LineM = [];
  for (let i = 0; i <= steps; i++) {
    const a = -Math.PI / 2 + (Math.PI * i) / steps;
    pts.push([round3(cx + halfStraightM + radiusM * Math.cos(a)), round3(cy + radiusM * Math.sin(a))]);
  }
  for (let i = 0; i <= steps; i++) {
    const a = Math.PI / 2 + (Math.PI * i) / steps;
    pts.push([round3(cx - halfStraightM + radiusM * Math.cos(a)), round3(cy + radiusM * Math.sin(a))]);
  }
  return pts;
}

function playground(ctx: Ctx, plan: Plan, c: Cell): void {
  const r = innerRect(plan, c);
  const cx = round3((r.x0 + r.x1) / 2), cy = round3((r.y0 + r.y1) / 2);
  const half = 84.39 / 2;
  const outline = stadium(cx, cy, half, 46.3);
  const track = stadium(cx, cy, half, 41.4);
  ctx.out.playgrounds.push({ track: [...track, track[0]!], field: rect(cx - 52.5, cy - 34, cx + 52.5, cy + 34), outline });
  ctx.out.footways.push({ from: [cx, round3(cy - 46.3)], to: [cx, c.y0], buildingId: null, name: "运动场步道" });
}

/** The guard house just inside the main gate, beside the axis road (R-2.3 panic button there). */
function guardRoom(ctx: Ctx, plan: Plan): void {
  const main = plan.gates.find((g) => g.kind === "main")!;
  const x0 = main.position[0] + ROAD_WIDTH_M.axis / 2 + 3, y0 = 9.5;
  const id = `${ctx.campusId}:b-${++ctx.seq.n}`;
  ctx.out.buildings.push({ id, name: `${main.name}门卫室`, kind: "guard_room", footprint: rect(x0, y0, x0 + 8, y0 + 5), heightM: 3.5, floors: 1 });
  ctx.out.footways.push({ from: [x0, y0 + 2.5], to: [main.position[0], y0 + 2.5], buildingId: id, name: "门卫室步道" });
}

export function layoutBlocks(campusId: string, plan: Plan, prng: Prng): BlockResult {
  const ctx: Ctx = { campusId, prng, namer: new Namer(), out: { buildings: [], footways: [], playgrounds: [] }, seq: { n: 0 } };
  guardRoom(ctx, plan);
  for (const c of plan.cells) fillCell(ctx, plan, c);
  return ctx.out;
}
