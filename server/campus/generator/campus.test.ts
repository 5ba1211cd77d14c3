import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ZCampusModel, type CampusModel, type Device } from "../../contracts/campus";
import {
  add, bearingDeg, bearingVector, centroid, convexOverlap, distPointRing, distPolylinePolygon, dot, pointInPolygon,
  polylineLength, ringLength, scale, signedArea, sub,
} from "../plane";
import { CAMERA_RESOLUTIONS, DEVICE_FAMILIES, GATE_RULES, INTRUSION_ROOM_KINDS, MOUNT_HEIGHT_M, PERIMETER_RULES } from "../rules/table";
import { generateCampus } from "./campus";

const campus = generateCampus({ seed: 7, size: "default" });
const byKind = (m: CampusModel, kind: Device["kind"]) => m.devices.filter((d) => d.kind === kind);
const gateOf = (m: CampusModel, d: Device) => m.devices.find((g) => g.kind === "gate" && g.attrs.gateId === d.attrs.gateId)!;
const floorBase = (m: CampusModel, d: Device) => {
  const b = m.buildings.find((x) => x.id === d.buildingId);
  return b ? (d.floor * b.heightM) / b.floors : 0;
};

describe("generateCampus: determinism and schema", () => {
  it("is deterministic: same seed → deep-equal, different seed → different", () => {
    assert.deepEqual(generateCampus({ seed: 7, size: "default" }), campus);
    const other = generateCampus({ seed: 8, size: "default" });
    assert.notDeepEqual(other.boundary, campus.boundary);
    assert.notDeepEqual(other.buildings.map((b) => b.footprint), campus.buildings.map((b) => b.footprint));
  });

  it("validates against ZCampusModel with every field already explicit", () => {
    assert.deepEqual(ZCampusModel.parse(campus), campus);
  });

  it("has unique ids and unique external ids", () => {
    for (const list of [campus.buildings, campus.zones, campus.paths, campus.devices]) {
      assert.equal(new Set(list.map((x) => x.id)).size, list.length);
    }
    assert.equal(new Set(campus.devices.map((d) => d.externalId)).size, campus.devices.length);
  });
});

describe("generateCampus: layout (default size)", () => {
  it("has ≥ 4 gates of the required kinds on the wall, opening outward", () => {
    const gates = byKind(campus, "gate");
    assert.ok(gates.length >= 4);
    for (const kind of ["main", "vehicle", "side", "service"]) assert.ok(gates.some((g) => g.attrs.gateKind === kind), kind);
    for (const g of gates) {
      const p: [number, number] = [g.position[0], g.position[1]];
      assert.ok(distPointRing(p, campus.boundary) < 0.01, `${g.name} on the boundary`);
      const out = bearingVector(g.attrs.outwardDeg as number);
      assert.ok(!pointInPolygon(add(p, scale(out, 5)), campus.boundary), `${g.name} outward`);
      assert.ok(pointInPolygon(add(p, scale(out, -5)), campus.boundary), `${g.name} inward`);
    }
  });

  it("has ≥ 40 buildings of every kind, inside the wall, not overlapping, off the roads", () => {
    const bs = campus.buildings;
    assert.ok(bs.length >= 40, `${bs.length} buildings`);
    for (const kind of ["teaching", "dormitory", "canteen", "library", "lab", "admin", "gym", "guard_room", "control_room"]) {
      assert.ok(bs.some((b) => b.kind === kind), kind);
    }
    assert.ok(bs.some((b) => b.name === "第一教学楼") && bs.some((b) => b.name === "学生宿舍3号楼") && bs.some((b) => b.name === "第二食堂"));
    const roads = campus.paths.filter((p) => p.kind === "road");
    for (const [i, b] of bs.entries()) {
      assert.ok(signedArea(b.footprint) > 0, `${b.name} counter-clockwise`);
      assert.ok(b.footprint.every((p) => pointInPolygon(p, campus.boundary)), `${b.name} inside`);
      const storeyM = b.heightM / b.floors;
      assert.ok(storeyM >= 3 && storeyM <= 10, `${b.name} storey ${storeyM}`);
      for (const other of bs.slice(i + 1)) assert.ok(!convexOverlap(b.footprint, other.footprint), `${b.name} overlaps ${other.name}`);
      for (const r of roads) assert.ok(distPolylinePolygon(r.line, b.footprint) >= r.widthM / 2, `${b.name} on ${r.name}`);
    }
    const guard = bs.find((b) => b.kind === "guard_room")!;
    const main = byKind(campus, "gate").find((g) => g.attrs.gateKind === "main")!;
    const gap = Math.hypot(centroid(guard.footprint)[0] - main.position[0], centroid(guard.footprint)[1] - main.position[1]);
    assert.ok(gap < 30, `guard room ${gap} m from the main gate`);
  });

  it("has a wall and a playground with a track and field", () => {
    const walls = campus.paths.filter((p) => p.kind === "wall");
    const gateWidths = byKind(campus, "gate").reduce((s, g) => s + (g.attrs.widthM as number), 0);
    const wallM = walls.reduce((s, w) => s + polylineLength(w.line), 0);
    assert.ok(Math.abs(wallM + gateWidths - ringLength(campus.boundary)) < 0.5, `wall ${wallM} + gates ${gateWidths}`);
    assert.ok(campus.paths.some((p) => p.kind === "track") && campus.paths.some((p) => p.kind === "field"));
    assert.ok(campus.zones.some((z) => z.kind === "playground"));
  });

  it("has a connected road/footway graph reaching every gate and building", () => {
    const net = campus.paths.filter((p) => p.kind === "road" || p.kind === "footway");
    const parent = new Map<string, string>();
    const find = (x: string): string => { const p = parent.get(x) ?? x; if (p === x) return x; const r = find(p); parent.set(x, r); return r; };
    const coords = new Map<string, [number, number]>();
    for (const p of net) {
      assert.ok(p.fromNode && p.toNode, `${p.id} has nodes`);
      parent.set(find(p.fromNode), find(p.toNode));
      coords.set(p.fromNode, p.line[0]!);
      coords.set(p.toNode, p.line[p.line.length - 1]!);
    }
    const roots = new Set([...coords.keys()].map(find));
    assert.equal(roots.size, 1, "one connected component");
    const near = (x: number, y: number) => [...coords.values()].some((c) => Math.hypot(c[0] - x, c[1] - y) < 0.01);
    for (const g of byKind(campus, "gate")) assert.ok(near(g.position[0], g.position[1]), `${g.name} reached`);
    const footways = net.filter((p) => p.kind === "footway");
    for (const b of campus.buildings) {
      assert.ok(footways.some((f) => distPointRing(f.line[0]!, b.footprint) < 0.01), `${b.name} has a footway`);
    }
  });

  it("puts the 30 m approach zone outside the wall in front of the main gate", () => {
    const main = byKind(campus, "gate").find((g) => g.attrs.gateKind === "main")!;
    const zone = campus.zones.find((z) => z.kind === "gate_approach")!;
    const out = bearingVector(main.attrs.outwardDeg as number);
    const c = centroid(zone.polygon);
    assert.ok(!pointInPolygon(c, campus.boundary));
    const depth = dot(sub(c, [main.position[0], main.position[1]]), out);
    assert.ok(Math.abs(depth - GATE_RULES.approachDepthM / 2) < 0.01, `centre ${depth} m out`);
    const far = Math.max(...zone.polygon.map((p) => dot(sub(p, [main.position[0], main.position[1]]), out)));
    assert.ok(Math.abs(far - 30) < 0.01);
    for (const p of zone.polygon) {
      if (distPointRing(p, campus.boundary) > 0.5) assert.ok(!pointInPolygon(p, campus.boundary), `vertex ${p} outside`);
    }
  });

  it("divides the campus into department-owned grids that cover it", () => {
    const grids = campus.zones.filter((z) => z.kind === "grid");
    const area = grids.reduce((s, g) => s + signedArea(g.polygon), 0);
    assert.ok(Math.abs(area - signedArea(campus.boundary)) / signedArea(campus.boundary) < 0.001);
    assert.ok(grids.every((g) => g.ownerDept && g.gridId === g.id));
    assert.ok(campus.zones.every((z) => z.gridId !== null && grids.some((g) => g.id === z.gridId)));
  });
});

describe("generateCampus: devices (default size)", () => {
  it("runs the tension fence along the whole wall in segments ≤ 100 m under fence hosts", () => {
    const segs = byKind(campus, "fence_segment");
    const hosts = byKind(campus, "fence_host");
    const gateWidths = byKind(campus, "gate").reduce((s, g) => s + (g.attrs.widthM as number), 0);
    const fenceM = segs.reduce((s, d) => s + polylineLength(d.polyline!), 0);
    assert.ok(Math.abs(fenceM + gateWidths - ringLength(campus.boundary)) < 0.5, `fence ${fenceM}`);
    for (const s of segs) {
      assert.ok(polylineLength(s.polyline!) <= PERIMETER_RULES.maxSegmentLengthM + 1e-6);
      assert.equal(s.protocol, "dc09");
      const host = hosts.find((h) => h.id === s.parentId);
      assert.ok(host, `${s.name} has a host`);
      assert.equal(s.attrs.account, host.attrs.account);
      assert.equal(s.externalId, `${host.externalId}/${String(s.attrs.zone).padStart(3, "0")}`);
      assert.ok((s.attrs.wallHeightM as number) >= 2);
    }
    for (const h of hosts) assert.match(h.attrs.account as string, /^[0-9A-F]{4,6}$/);
  });

  it("has ≥ 200 cameras with valid, aimed optics and GB/T 28181 ids", () => {
    const cams = byKind(campus, "camera");
    assert.ok(cams.length >= 200, `${cams.length} cameras`);
    const sizes = CAMERA_RESOLUTIONS.map(([w, h]) => `${w}x${h}`);
    for (const c of [...cams, ...byKind(campus, "lpr_camera"), ...byKind(campus, "face_camera"), ...byKind(campus, "density_camera")]) {
      const o = c.optics!;
      assert.ok(sizes.includes(`${o.resolutionW}x${o.resolutionH}`), c.name);
      const aspect = Math.tan((o.vfovDeg * Math.PI) / 360) / Math.tan((o.hfovDeg * Math.PI) / 360);
      assert.ok(Math.abs(aspect - o.resolutionH / o.resolutionW) < 1e-3, `${c.name} fov aspect`);
      assert.ok(o.pitchDeg < 0 && o.rangeM > 0 && o.yawDeg >= 0 && o.yawDeg < 360);
      const mount = c.attrs.mountHeightM as number;
      assert.ok(mount >= MOUNT_HEIGHT_M.indoor[0] && mount <= MOUNT_HEIGHT_M.outdoor[1], `${c.name} mount ${mount}`);
      assert.ok(Math.abs(c.position[2] - floorBase(campus, c) - mount) < 0.01, `${c.name} height`);
      const t = c.attrs.targetM as number[];
      const yaw = bearingDeg([c.position[0], c.position[1]], [t[0]!, t[1]!]);
      assert.ok(Math.abs(((yaw - o.yawDeg + 540) % 360) - 180) < 0.01, `${c.name} aimed at its target`);
    }
    for (const c of cams) assert.match(c.externalId, /^\d{8}\d{2}132\d{7}$/);
  });

  it("identifies faces at gates: gate cameras resolve the gate opening", () => {
    for (const c of campus.devices.filter((d) => d.attrs.family === "gate-camera" && d.attrs.purpose === "identify")) {
      const t = c.attrs.targetM as number[];
      assert.ok(Math.hypot(t[0]! - c.position[0], t[1]! - c.position[1]) <= c.optics!.rangeM, `${c.name} in range`);
    }
  });

  it("puts LPR only at vehicle gates and face capture at main/pedestrian gates (GA/T 1400)", () => {
    const lpr = byKind(campus, "lpr_camera");
    assert.ok(lpr.length >= 1);
    for (const d of lpr) { assert.equal(gateOf(campus, d).attrs.gateKind, "vehicle"); assert.equal(d.protocol, "gat1400"); }
    for (const g of byKind(campus, "gate").filter((x) => x.attrs.gateKind === "vehicle")) assert.ok(lpr.some((d) => d.attrs.gateId === g.attrs.gateId));
    const faces = byKind(campus, "face_camera");
    for (const d of faces) { assert.ok(["main", "pedestrian", "side"].includes(gateOf(campus, d).attrs.gateKind as string)); assert.equal(d.protocol, "gat1400"); }
    for (const g of byKind(campus, "gate").filter((x) => ["main", "pedestrian"].includes(x.attrs.gateKind as string))) {
      assert.ok(faces.some((d) => d.attrs.gateId === g.attrs.gateId), `${g.name} has face capture`);
    }
  });

  it("has ≥ 60 access-controlled doors on buildings", () => {
    const doors = byKind(campus, "access_door");
    assert.ok(doors.length >= 60, `${doors.length} doors`);
    assert.ok(doors.every((d) => d.protocol === "mqtt" && d.buildingId !== null));
  });

  it("puts 110 panic buttons inside the guard room and principal's office", () => {
    const desk = byKind(campus, "panic_button").filter((d) => d.attrs.variant === "desk");
    for (const kind of ["guard_room", "principal_office"] as const) {
      for (const z of campus.zones.filter((x) => x.kind === kind)) {
        assert.ok(desk.some((d) => d.floor === z.floor && pointInPolygon([d.position[0], d.position[1]], z.polygon)), `${z.name}`);
      }
    }
    const pillars = byKind(campus, "panic_button").filter((d) => d.attrs.variant === "alarm_pillar");
    assert.ok(pillars.length >= byKind(campus, "gate").length + 1, "pillars at gates and playground");
  });

  it("puts intrusion detectors in archives, finance, server rooms and hazmat stores, under their building's panel", () => {
    const pirs = byKind(campus, "intrusion_detector");
    for (const kind of INTRUSION_ROOM_KINDS) {
      for (const z of campus.zones.filter((x) => x.kind === kind)) {
        const mine = pirs.filter((p) => p.attrs.roomZoneId === z.id);
        assert.ok(mine.length >= 1, `${z.name} protected`);
        for (const p of mine) {
          assert.ok(pointInPolygon([p.position[0], p.position[1]], z.polygon) && p.floor === z.floor, `${p.name} in room`);
          const panel = campus.devices.find((d) => d.id === p.parentId)!;
          assert.equal(panel.kind, "alarm_panel");
          assert.equal(panel.buildingId, z.buildingId);
        }
      }
    }
    assert.ok(pirs.every((p) => (INTRUSION_ROOM_KINDS as readonly string[]).includes(campus.zones.find((z) => z.id === p.attrs.roomZoneId)!.kind)));
  });

  it("implements every device family of the rules table, tagged with its requirement", () => {
    for (const rule of DEVICE_FAMILIES) {
      const found = campus.devices.filter((d) => d.attrs.family === rule.family);
      assert.ok(found.length > 0, `${rule.family} placed`);
      assert.ok(found.every((d) => d.kind === rule.kind && d.protocol === rule.protocol && d.attrs.requirement === rule.requirement), rule.family);
    }
    for (const kind of ["density_camera", "patrol_checkpoint", "smoke_sensor", "electric_fire_sensor"] as const) {
      assert.ok(byKind(campus, kind).length > 0 && byKind(campus, kind).every((d) => d.protocol === "mqtt"), kind);
    }
  });
});

describe("generateCampus: sizes", () => {
  it("small has about 15 buildings and still every required device family", () => {
    const m = generateCampus({ seed: 3, size: "small" });
    assert.ok(m.buildings.length >= 10 && m.buildings.length <= 20, `${m.buildings.length}`);
    assert.ok(byKind(m, "gate").length >= 4 && byKind(m, "lpr_camera").length > 0 && byKind(m, "fence_segment").length > 0);
  });

  it("large has ≥ 150 buildings, ≥ 1,000 cameras over about 1 km²", () => {
    const m = generateCampus({ seed: 11, size: "large" });
    assert.ok(m.buildings.length >= 150, `${m.buildings.length} buildings`);
    assert.ok(byKind(m, "camera").length >= 1000);
    const km2 = signedArea(m.boundary) / 1e6;
    assert.ok(km2 > 0.8 && km2 < 1.4, `${km2} km²`);
  });
});
