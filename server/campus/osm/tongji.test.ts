import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { LineM, PointM } from "../../contracts/geometry";
import { findCampusBoundary } from "./boundary";
import { parseOsmXml } from "./parse";
import { distanceToRingM, pointInRing } from "./planar";
import { buildOsmCampusSite } from "./site";

// The real campus: Tongji University, Siping Road (shared test data, ODbL — read in place,
// never copied into the project; see /work/shared/data/campus/README.md).
const TONGJI_OSM_PATH = fileURLToPath(new URL("../../../../shared/data/campus/tongji-siping.osm", import.meta.url));

const insideOrOn = (p: PointM, ring: LineM, tolM = 0.01) => pointInRing(p, ring) || distanceToRingM(p, ring) <= tolM;

describe("buildOsmCampusSite on Tongji Siping (real OSM export)", () => {
  const xml = readFileSync(TONGJI_OSM_PATH, "utf8");
  const { site, report } = buildOsmCampusSite(xml, { campusId: "tongji-siping", sourceName: TONGJI_OSM_PATH });

  it("uses relation 18788116 and assembles a closed outer ring from its member ways", () => {
    assert.deepEqual(report.boundary, { osmType: "relation", osmId: "18788116" });
    const boundary = findCampusBoundary(parseOsmXml(xml), "tongji");
    assert.equal(boundary.nodeIds[0], boundary.nodeIds[boundary.nodeIds.length - 1]);
    assert.ok(site.boundary.length >= 50);
    assert.notDeepEqual(site.boundary[0], site.boundary[site.boundary.length - 1]); // stored implicitly closed
    assert.equal(site.name, "同济大学");
    assert.equal(site.attribution, "© OpenStreetMap contributors");
    assert.equal(site.source, "osm");
  });

  it("imports at least 120 buildings, each with a positive height, inside or clipped to the outline", () => {
    assert.ok(site.buildings.length >= 120, `${site.buildings.length} buildings`);
    for (const b of site.buildings) {
      assert.ok(b.heightM > 0 && b.floors >= 1, `${b.id} height ${b.heightM}`);
      for (const p of b.footprint) assert.ok(insideOrOn(p, site.boundary), `${b.id} vertex ${p} outside`);
    }
    assert.equal(report.heightSources.levels, 19); // README: 19 buildings carry building:levels
    assert.equal(new Set(site.buildings.map((b) => b.id)).size, site.buildings.length);
  });

  it("gives every element a unique id", () => {
    for (const list of [site.buildings, site.paths, site.zones, site.gates]) {
      assert.equal(new Set(list.map((x) => x.id)).size, list.length);
    }
  });

  it("has a guard room and a control room", () => {
    assert.ok(site.buildings.some((b) => b.kind === "guard_room"));
    assert.ok(site.buildings.some((b) => b.kind === "control_room"));
  });

  it("finds at least 10 gates, one main, all on campus with an outward bearing", () => {
    assert.ok(site.gates.length >= 10, `${site.gates.length} gates`);
    assert.equal(site.gates.filter((g) => g.kind === "main").length, 1);
    for (const g of site.gates) {
      assert.ok(insideOrOn(g.position, site.boundary), `${g.id} off campus`);
      assert.ok(g.outwardDeg >= 0 && g.outwardDeg < 360);
    }
  });

  it("clips roads to the outline and connects them into a graph by OSM node ids", () => {
    const network = site.paths.filter((p) => p.kind === "road" || p.kind === "footway" || p.kind === "cycleway");
    assert.ok(network.length >= 100, `${network.length} network segments`);
    for (const p of network) {
      for (const pt of p.line) assert.ok(insideOrOn(pt, site.boundary), `${p.id} point ${pt} outside`);
      assert.ok(p.fromNode && p.toNode);
    }
    const degree = new Map<string, number>();
    for (const p of network) for (const n of [p.fromNode!, p.toNode!]) degree.set(n, (degree.get(n) ?? 0) + 1);
    const junctions = [...degree.values()].filter((d) => d >= 3).length;
    assert.ok(junctions >= 50, `${junctions} junctions`);
    assert.ok(network.some((p) => p.toNode!.startsWith("cut:") || p.fromNode!.startsWith("cut:")), "nothing was cut at the outline");
  });

  it("has walls/fences for a perimeter, and pitches as fields and playground zones", () => {
    const walls = site.paths.filter((p) => p.kind === "wall" || p.kind === "fence");
    assert.ok(walls.length >= 6);
    assert.ok(site.paths.filter((p) => p.kind === "field").length >= 19);
    assert.ok(site.zones.filter((z) => z.kind === "playground").length >= 19);
  });
});
