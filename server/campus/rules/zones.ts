import type { Building, CampusSite, Zone } from "../../contracts/campus";
import type { LineM, PointM } from "../../contracts/geometry";
import {
  add, bbox, bearingVector, centroid, clipByConvex, dist, ensureCcw, orientedRect, pointInPolygon, roundPoint, scale, signedArea,
} from "../plane";
import { entrancesOf, roomPolygon, stairwellPolygons } from "./building-layout";
import { BUILDING_RULES, DENSITY_LIMITS_PER_M2, GATE_RULES } from "./table";

// deriveZones: the zones REQUIREMENTS need, derived from buildings (by kind),
// gates and paths. Shared by the generator and the OSM importer. Existing site zones are kept
// (and given a grid); derived zones that an existing zone already covers are not added.

export interface DeriveZonesOptions {
  /** Side of a responsibility grid cell. */
  gridSizeM?: number;
  /** Departments that own grids, assigned in turn. */
  departments?: readonly string[];
}

export const DEFAULT_DEPARTMENTS = [
  "保卫处", "后勤管理处", "学生工作处", "教务处", "资产管理处", "体育部", "图书馆", "信息化办公室",
] as const;

type NewZone = Omit<Zone, "id" | "ownerDept" | "gridId" | "densityLimitPerM2"> & Partial<Pick<Zone, "ownerDept" | "densityLimitPerM2">>;

interface ZoneSink {
  add(z: NewZone): void;
  zones: Zone[];
}

function createSink(site: CampusSite): ZoneSink {
  const existing = site.zones;
  const zones: Zone[] = existing.map((z) => ({ ...z }));
  const used = new Set(zones.map((z) => z.id));
  const counters = new Map<string, number>();
  return {
    zones,
    add(z) {
      const c = centroid(z.polygon);
      const covered = existing.some((e) => e.kind === z.kind && e.floor === z.floor
        && (z.buildingId === null || e.buildingId === z.buildingId) && pointInPolygon(c, e.polygon));
      if (covered) return;
      let n = counters.get(z.kind) ?? 0;
      let id: string;
      do id = `${site.id}:z-${z.kind}-${++n}`; while (used.has(id));
      counters.set(z.kind, n);
      used.add(id);
      zones.push({
        id, name: z.name, kind: z.kind, polygon: ensureCcw(z.polygon.map(roundPoint)), floor: z.floor,
        ownerDept: z.ownerDept ?? null, gridId: null, buildingId: z.buildingId, densityLimitPerM2: z.densityLimitPerM2 ?? null,
      });
    },
  };
}

/** Rectangle in front of a gate: `fromM`..`toM` along the outward bearing (negative = inside). */
export function gateRect(position: PointM, outwardDeg: number, widthM: number, fromM: number, toM: number): LineM {
  const o = bearingVector(outwardDeg);
  return orientedRect(add(position, scale(o, (fromM + toM) / 2)), o, (toM - fromM) / 2, widthM / 2 + 5);
}

function gateZones(site: CampusSite, sink: ZoneSink): void {
  for (const g of site.gates) {
    sink.add({
      name: `${g.name}区域`, kind: "gate", floor: 0, buildingId: null, densityLimitPerM2: DENSITY_LIMITS_PER_M2.gate,
      polygon: gateRect(g.position, g.outwardDeg, g.widthM, -GATE_RULES.gateZoneDepthInsideM, GATE_RULES.gateZoneDepthOutsideM),
    });
    // the 25-30 m of road outside the main gate is watched (watchlist area).
    if (g.kind === "main") {
      sink.add({
        name: `${g.name}外${GATE_RULES.approachDepthM}米`, kind: "gate_approach", floor: 0, buildingId: null,
        polygon: gateRect(g.position, g.outwardDeg, g.widthM, 0, GATE_RULES.approachDepthM),
      });
    }
  }
}

function playgroundZones(site: CampusSite, sink: ZoneSink): void {
  if (site.zones.some((z) => z.kind === "playground")) return;
  let n = 0;
  for (const p of site.paths.filter((x) => x.kind === "track")) {
    const ring = dist(p.line[0]!, p.line[p.line.length - 1]!) < 0.5 ? p.line.slice(0, -1) : p.line;
    if (ring.length < 3 || Math.abs(signedArea(ring)) < 500) continue;
    sink.add({
      name: n++ === 0 ? "运动场" : `运动场${n}`, kind: "playground", floor: 0, buildingId: null,
      polygon: ring, densityLimitPerM2: DENSITY_LIMITS_PER_M2.playground,
    });
  }
}

function perBuildingZones(site: CampusSite, sink: ZoneSink): void {
  for (const b of site.buildings) {
    if (b.kind === "canteen") {
      for (let floor = 0; floor < b.floors; floor++) {
        sink.add({ name: `${b.name}${floor + 1}层`, kind: "canteen", floor, buildingId: b.id, polygon: b.footprint, densityLimitPerM2: DENSITY_LIMITS_PER_M2.canteen });
      }
    }
    if (b.kind === "dormitory") {
      const e = entrancesOf(b, site.paths).main;
      sink.add({
        name: `${b.name}入口`, kind: "dorm_entrance", floor: 0, buildingId: b.id, densityLimitPerM2: DENSITY_LIMITS_PER_M2.dorm_entrance,
        polygon: orientedRect(add(e.point, scale(e.outward, 4)), e.outward, 4, 6),
      });
    }
    if (b.kind === "lab") {
      sink.add({ name: b.name, kind: "lab", floor: 0, buildingId: b.id, polygon: b.footprint });
      sink.add({ name: `${b.name}危化品库`, kind: "hazmat_store", floor: 0, buildingId: b.id, polygon: roomPolygon(b, 0.7) });
    }
    if (b.kind === "guard_room") sink.add({ name: b.name, kind: "guard_room", floor: 0, buildingId: b.id, polygon: b.footprint });
    if (BUILDING_RULES.stairKinds.includes(b.kind)) {
      stairwellPolygons(b).forEach((poly, i) => {
        for (let floor = 0; floor < b.floors; floor++) {
          sink.add({ name: `${b.name}${i + 1}号楼梯${floor + 1}层`, kind: "stairs", floor, buildingId: b.id, polygon: poly, densityLimitPerM2: DENSITY_LIMITS_PER_M2.stairs });
        }
      });
    }
  }
}

const upper = (b: Building, floor: number) => Math.min(floor, b.floors - 1);

/** Rooms that exist once per campus, in the building of the right kind or a stand-in. */
function officeZones(site: CampusSite, sink: ZoneSink): void {
  const byKind = (...kinds: Building["kind"][]) => kinds.map((k) => site.buildings.find((b) => b.kind === k)).find((b) => b !== undefined);
  const admin = byKind("admin", "library", "teaching", "other");
  const control = byKind("control_room");
  if (admin) {
    sink.add({ name: `${admin.name}财务室`, kind: "finance", floor: 0, buildingId: admin.id, polygon: roomPolygon(admin, -0.6) });
    sink.add({ name: `${admin.name}档案室`, kind: "archive", floor: 0, buildingId: admin.id, polygon: roomPolygon(admin, 0.6) });
    sink.add({ name: `${admin.name}校长办公室`, kind: "principal_office", floor: upper(admin, 2), buildingId: admin.id, polygon: roomPolygon(admin, 0.5) });
  }
  const host = control ?? admin;
  if (host) {
    sink.add({ name: control ? `${host.name}监控大厅` : `${host.name}安防监控室`, kind: "control_room", floor: 0, buildingId: host.id, polygon: roomPolygon(host, 0, control ? 16 : 8, control ? 10 : 6) });
    sink.add({ name: `${host.name}网络机房`, kind: "server_room", floor: upper(host, 1), buildingId: host.id, polygon: roomPolygon(host, control ? 0.5 : -0.5) });
  }
  const main = site.gates.find((g) => g.kind === "main") ?? site.gates[0];
  if (main && !site.buildings.some((b) => b.kind === "guard_room")) {
    // No guard house mapped: the duty post sits just inside the main gate (R-2.3 panic button).
    const o = bearingVector(main.outwardDeg);
    const side: PointM = [o[1], -o[0]];
    const c = add(add(main.position, scale(o, -10)), scale(side, main.widthM / 2 + 8));
    sink.add({ name: `${main.name}门卫室`, kind: "guard_room", floor: 0, buildingId: null, polygon: orientedRect(c, side, 3, 2) });
  }
}

function gridZones(site: CampusSite, sink: ZoneSink, opts: DeriveZonesOptions): void {
  if (site.zones.some((z) => z.kind === "grid")) return;
  const sizeM = opts.gridSizeM ?? 200;
  const depts = opts.departments ?? DEFAULT_DEPARTMENTS;
  const box = bbox(site.boundary);
  const nx = Math.max(1, Math.round((box.maxX - box.minX) / sizeM));
  const ny = Math.max(1, Math.round((box.maxY - box.minY) / sizeM));
  const w = (box.maxX - box.minX) / nx, h = (box.maxY - box.minY) / ny;
  const boundary = ensureCcw(site.boundary);
  let n = 0;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const x0 = box.minX + i * w, y0 = box.minY + j * h;
      const cell: LineM = [[x0, y0], [x0 + w, y0], [x0 + w, y0 + h], [x0, y0 + h]];
      const poly = clipByConvex(boundary, cell);
      if (poly.length < 3 || Math.abs(signedArea(poly)) < 100) continue;
      sink.add({ name: `第${n + 1}网格`, kind: "grid", floor: 0, buildingId: null, polygon: poly, ownerDept: depts[n % depts.length]! });
      n++;
    }
  }
}

function assignGrids(zones: Zone[]): void {
  const grids = zones.filter((z) => z.kind === "grid");
  const centres = grids.map((g) => centroid(g.polygon));
  for (const z of zones) {
    if (z.kind === "grid") { z.gridId = z.id; continue; }
    if (z.gridId !== null || grids.length === 0) continue;
    const c = centroid(z.polygon);
    const inside = grids.find((g) => pointInPolygon(c, g.polygon));
    let best = 0;
    if (!inside) centres.forEach((g, i) => { if (dist(g, c) < dist(centres[best]!, c)) best = i; });
    z.gridId = (inside ?? grids[best]!).id;
  }
}

export function deriveZones(site: CampusSite, opts: DeriveZonesOptions = {}): Zone[] {
  const sink = createSink(site);
  gateZones(site, sink);
  playgroundZones(site, sink);
  perBuildingZones(site, sink);
  officeZones(site, sink);
  gridZones(site, sink, opts);
  assignGrids(sink.zones);
  return sink.zones;
}
