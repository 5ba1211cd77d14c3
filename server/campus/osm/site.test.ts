import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { LineM, PointM } from "../../contracts/geometry";
import { createLocalFrame } from "../coordinates";
import { OsmBoundaryError } from "./errors";
import { buildOsmCampusSite } from "./site";
import { distanceToRingM, pointInRing } from "./planar";

// A hand-written OSM XML 0.6 document for the importer's tests (not a test file itself).
// Campus: a square way tagged amenity=university, lat 31.000–31.002, lon 121.000–121.002
// (≈ 190 m east–west × 222 m north–south).

const node = (id: number, lat: number, lon: number, tags: Record<string, string> = {}) => {
  const t = Object.entries(tags).map(([k, v]) => `<tag k="${k}" v="${v}"/>`).join("");
  return t ? `<node id="${id}" lat="${lat}" lon="${lon}">${t}</node>` : `<node id="${id}" lat="${lat}" lon="${lon}"/>`;
};
const way = (id: number, refs: number[], tags: Record<string, string>) =>
  `<way id="${id}">${refs.map((r) => `<nd ref="${r}"/>`).join("")}${Object.entries(tags).map(([k, v]) => `<tag k="${k}" v="${v}"/>`).join("")}</way>`;

/** Four nodes of an axis-aligned rectangle, ids id..id+3, and a closed way over them. */
function rect(id: number, lat0: number, lon0: number, lat1: number, lon1: number, tags: Record<string, string>): string {
  return [
    node(id, lat0, lon0), node(id + 1, lat0, lon1), node(id + 2, lat1, lon1), node(id + 3, lat1, lon0),
    way(id, [id, id + 1, id + 2, id + 3, id], tags),
  ].join("\n");
}

const FIXTURE_IDS = {
  tall: "w110", levels: "w120", plain: "w130", crossing: "w140", outside: "w150", centroidOutside: "w160",
  gateNode: "900", road: "w300", roadMidNode: "901",
} as const;

const FIXTURE_OSM = `<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="hand">
${rect(1, 31.0, 121.0, 31.002, 121.002, { amenity: "university", name: "Test University" })}
${rect(110, 31.0014, 121.0004, 31.0016, 121.0006, { building: "yes", height: "15 m", name: "教学楼" })}
${rect(120, 31.0014, 121.001, 31.0016, 121.0012, { building: "dormitory", "building:levels": "6", name: "学生宿舍1号楼" })}
${rect(130, 31.0002, 121.0009, 31.0003, 121.0011, { building: "yes" })}
${rect(140, 31.0008, 121.0015, 31.0010, 121.0022, { building: "yes", height: "9" })}
${rect(150, 31.0008, 121.003, 31.0010, 121.0032, { building: "yes" })}
${rect(160, 31.0012, 121.0018, 31.0013, 121.0030, { building: "yes" })}
${node(899, 30.999, 121.001)}
${node(900, 31.0, 121.001, { barrier: "gate" })}
${node(901, 31.001, 121.001)}
${node(902, 31.001, 121.003)}
${way(300, [899, 900, 901, 902], { highway: "residential", name: "校园路" })}
<relation id="77"><member type="way" ref="300" role=""/><tag k="type" v="route"/></relation>
</osm>`;

const insideOrOn = (p: PointM, ring: LineM, tolM = 1e-6) => pointInRing(p, ring) || distanceToRingM(p, ring) <= tolM;

describe("buildOsmCampusSite on a hand-written fixture", () => {
  const { site, report } = buildOsmCampusSite(FIXTURE_OSM, { campusId: "fx" });
  const byRef = (ref: string) => site.buildings.find((b) => b.id === `fx-b-${ref}`);
  const frame = createLocalFrame(site.origin);
  const eastEdgeM = frame.toLocal(31.0009, 121.002)[0];

  it("finds the boundary, centres the origin on it and keeps the name and attribution", () => {
    assert.equal(site.name, "Test University");
    assert.equal(site.source, "osm");
    assert.equal(site.attribution, "© OpenStreetMap contributors");
    assert.ok(Math.abs(site.origin.latDeg - 31.001) < 1e-6 && Math.abs(site.origin.lonDeg - 121.001) < 1e-6);
    assert.equal(site.boundary.length, 4);
    assert.deepEqual(report.boundary, { osmType: "way", osmId: "1" });
  });

  it("takes height from height=, then building:levels × 3.2 m, then the 4-floor default", () => {
    assert.deepEqual([byRef(FIXTURE_IDS.tall)?.heightM, byRef(FIXTURE_IDS.tall)?.floors], [15, 5]);
    assert.deepEqual([byRef(FIXTURE_IDS.levels)?.heightM, byRef(FIXTURE_IDS.levels)?.floors], [19.2, 6]);
    assert.deepEqual([byRef(FIXTURE_IDS.plain)?.heightM, byRef(FIXTURE_IDS.plain)?.floors], [12.8, 4]);
    assert.deepEqual([byRef(FIXTURE_IDS.crossing)?.heightM, byRef(FIXTURE_IDS.crossing)?.floors], [9, 3]);
    assert.deepEqual(report.heightSources, { height: 2, levels: 1, default: 1 });
  });

  it("guesses kinds from names and tags", () => {
    assert.equal(byRef(FIXTURE_IDS.tall)?.kind, "teaching");
    assert.equal(byRef(FIXTURE_IDS.levels)?.kind, "dormitory");
  });

  it("drops buildings whose centroid is outside and clips the one that crosses the outline", () => {
    assert.equal(site.buildings.length, 4);
    assert.equal(byRef(FIXTURE_IDS.outside), undefined);
    assert.equal(byRef(FIXTURE_IDS.centroidOutside), undefined);
    const crossing = byRef(FIXTURE_IDS.crossing)!;
    assert.equal(report.clippedBuildings, 1);
    const maxEast = Math.max(...crossing.footprint.map((p) => p[0]));
    assert.ok(Math.abs(maxEast - eastEdgeM) < 0.01, `clipped east side ${maxEast} ≠ outline ${eastEdgeM}`);
    for (const p of crossing.footprint) assert.ok(insideOrOn(p, site.boundary, 0.01), `vertex ${p} outside`);
    const westEast = frame.toLocal(31.0009, 121.0015)[0];
    assert.ok(Math.abs(Math.min(...crossing.footprint.map((p) => p[0])) - westEast) < 0.01);
  });

  it("imports the gate on the outline, facing out (south), promoted to main gate", () => {
    assert.equal(site.gates.length, 1);
    const gate = site.gates[0]!;
    assert.equal(gate.id, `fx-g-n${FIXTURE_IDS.gateNode}`);
    assert.equal(gate.kind, "main");
    assert.ok(Math.abs(gate.outwardDeg - 180) < 0.5, `outwardDeg ${gate.outwardDeg}`);
    assert.ok(report.notes.some((n) => n.includes("promoted")));
  });

  it("designates the building nearest the main gate as guard room and notes it", () => {
    assert.equal(byRef(FIXTURE_IDS.plain)?.kind, "guard_room");
    assert.equal(site.buildings.filter((b) => b.kind === "guard_room").length, 1);
    assert.equal(site.buildings.filter((b) => b.kind === "control_room").length, 1);
    assert.ok(report.notes.some((n) => n.includes("guard_room") && n.includes(FIXTURE_IDS.plain)));
  });

  it("clips the road where it crosses the outline, ends at the OSM gate node and a cut node", () => {
    const road = site.paths.filter((p) => p.kind === "road");
    assert.equal(road.length, 1);
    const seg = road[0]!;
    assert.equal(seg.name, "校园路");
    assert.equal(seg.fromNode, FIXTURE_IDS.gateNode);
    assert.match(seg.toNode ?? "", /^cut:w300:\d+$/);
    assert.equal(seg.line.length, 3);
    assert.ok(Math.abs(seg.line[2]![0] - frame.toLocal(31.001, 121.002)[0]) < 0.01);
    for (const p of seg.line) assert.ok(insideOrOn(p, site.boundary, 0.01));
  });

  it("lays a perimeter wall along the outline, open at the gate", () => {
    const walls = site.paths.filter((p) => p.kind === "wall");
    assert.ok(walls.length >= 1);
    const gate = site.gates[0]!.position;
    for (const w of walls) {
      for (const p of w.line) assert.ok(distanceToRingM(p, site.boundary) < 1e-6);
    }
    const nearGate = walls.flatMap((w) => w.line).some((p) => Math.hypot(p[0] - gate[0], p[1] - gate[1]) < site.gates[0]!.widthM / 2);
    assert.equal(nearGate, false);
  });

  it("rejects OSM data without a campus boundary, and honours --boundary", () => {
    const noCampus = FIXTURE_OSM.replace('k="amenity" v="university"', 'k="landuse" v="grass"');
    assert.throws(() => buildOsmCampusSite(noCampus, { campusId: "x" }), OsmBoundaryError);
    const explicit = buildOsmCampusSite(noCampus, { campusId: "x", boundary: { type: "way", id: "1" } });
    assert.equal(explicit.site.buildings.length, 4);
    assert.throws(() => buildOsmCampusSite(noCampus, { campusId: "x", boundary: { type: "relation", id: "1" } }), OsmBoundaryError);
  });
});
