import type { CampusSite } from "../../contracts/campus";
import type { LineM, PointM } from "../../contracts/geometry";
import {
  add, ensureCcw, normalize, pointOnRing, polylineLength, projectOnRing, ringLength, round3, roundPoint, scale, sub, subRing,
} from "../plane";
import { pushCamera, type PlacementContext } from "./context";
import { OUTDOOR_RULES, PERIMETER_RULES, WALL_HEIGHT_M } from "./table";

// Perimeter: the tension fence runs along the whole wall except the gate openings, cut
// into segments of at most 100 m (one alarm zone each) grouped under 8-zone fence hosts; each
// segment has a camera looking along it for fence + video linkage.

export interface PerimeterRun {
  /** Arc-length interval along the boundary ring (CCW), s0 < s1. */
  s0: number;
  s1: number;
}

/** Arc-length openings of the gates on the CCW boundary ring. */
export function gateOpenings(site: CampusSite): { ring: LineM; openings: PerimeterRun[]; totalM: number } {
  const ring = ensureCcw(site.boundary);
  const totalM = ringLength(ring);
  const openings = site.gates
    .map((g) => { const s = projectOnRing(ring, g.position).s; return { s0: s - g.widthM / 2, s1: s + g.widthM / 2 }; })
    .sort((a, b) => a.s0 - b.s0);
  return { ring, openings, totalM };
}

/** The stretches of wall between gate openings (what the fence covers). */
export function fenceRuns(site: CampusSite): { ring: LineM; runs: PerimeterRun[]; totalM: number } {
  const { ring, openings, totalM } = gateOpenings(site);
  if (openings.length === 0) return { ring, runs: [{ s0: 0, s1: totalM }], totalM };
  const runs: PerimeterRun[] = [];
  for (let i = 0; i < openings.length; i++) {
    const s0 = openings[i]!.s1;
    const next = openings[(i + 1) % openings.length]!;
    const s1 = i + 1 < openings.length ? next.s0 : next.s0 + totalM;
    if (s1 - s0 > 0.5) runs.push({ s0: ((s0 % totalM) + totalM) % totalM, s1: ((s0 % totalM) + totalM) % totalM + (s1 - s0) });
  }
  return { ring, runs, totalM };
}

/** Fence segments: each run split evenly into pieces ≤ maxSegmentLengthM. */
export function fenceSegmentLines(site: CampusSite): LineM[] {
  const { ring, runs } = fenceRuns(site);
  const lines: LineM[] = [];
  for (const r of runs) {
    const n = Math.ceil((r.s1 - r.s0) / PERIMETER_RULES.maxSegmentLengthM - 1e-9);
    const step = (r.s1 - r.s0) / n;
    for (let k = 0; k < n; k++) lines.push(subRing(ring, r.s0 + k * step, r.s0 + (k + 1) * step).map(roundPoint));
  }
  return lines;
}

/** Unit normal pointing into the campus at arc length s (CCW ring: the left side). */
function inwardAt(ring: LineM, s: number): PointM {
  const a = pointOnRing(ring, s).point, b = pointOnRing(ring, s + 1).point;
  const d = normalize(sub(b, a));
  return [-d[1], d[0]];
}

export function placePerimeter(ctx: PlacementContext): void {
  const lines = fenceSegmentLines(ctx.site);
  const { ring } = fenceRuns(ctx.site);
  let hostId = "", account = "";
  lines.forEach((line, i) => {
    const zone = (i % PERIMETER_RULES.segmentsPerHost) + 1;
    const start = line[0]!, end = line[line.length - 1]!;
    const inward = inwardAt(ring, projectOnRing(ring, start).s);
    if (zone === 1) {
      account = ctx.nextAccount();
      hostId = ctx.nextId("fhost");
      const at = add(start, scale(inward, 1.5));
      ctx.push({
        id: hostId, kind: "fence_host", protocol: "dc09", externalId: account, name: `张力围栏主机${Math.floor(i / PERIMETER_RULES.segmentsPerHost) + 1}`,
        buildingId: null, floor: 0, position: [at[0], at[1], 1.5],
        attrs: { family: "fence-host", requirement: "R-2.4", account, zones: Math.min(PERIMETER_RULES.segmentsPerHost, lines.length - i) },
      });
    }
    const mid = line[Math.floor(line.length / 2)]!;
    const id = ctx.nextId("fence");
    ctx.push({
      id, kind: "fence_segment", protocol: "dc09", externalId: `${account}/${String(zone).padStart(3, "0")}`,
      name: `周界防区${i + 1}`, buildingId: null, floor: 0, position: [mid[0], mid[1], WALL_HEIGHT_M], polyline: line, parentId: hostId,
      attrs: { family: "fence-segment", requirement: "R-2.4", account, zone, lengthM: round3(polylineLength(line)), wallHeightM: WALL_HEIGHT_M },
    });
    pushCamera(ctx, {
      family: "perimeter-camera", name: `周界防区${i + 1}摄像机`, at: add(start, scale(inward, 1)), target: add(end, scale(inward, 1)),
      purpose: "detect", indoor: false, watches: id, attrs: { fenceSegmentId: id },
    });
  });
  placePerimeterPatrol(ctx, ring);
}

function placePerimeterPatrol(ctx: PlacementContext, ring: LineM): void {
  const { runs } = fenceRuns(ctx.site);
  let order = 0;
  for (const r of runs) {
    for (let s = r.s0 + OUTDOOR_RULES.patrolPerimeterSpacingM / 2; s < r.s1; s += OUTDOOR_RULES.patrolPerimeterSpacingM) {
      const p = add(pointOnRing(ring, s).point, scale(inwardAt(ring, s), 2));
      order++;
      ctx.push({
        id: ctx.nextId("patrol"), kind: "patrol_checkpoint", protocol: "mqtt", externalId: ctx.nextMqtt("patrol"),
        name: `周界巡更点${order}`, buildingId: null, floor: 0, position: [p[0], p[1], 1.2],
        attrs: { family: "patrol-checkpoint", requirement: "R-2.8", routeId: "perimeter", order },
      });
    }
  }
}

