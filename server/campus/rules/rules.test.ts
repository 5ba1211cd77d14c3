import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ZCampusModel, type CampusSite } from "../../contracts/campus";
import { centroid, pointInPolygon } from "../plane";
import { placeDevices } from "./devices";
import { gbId, dc09Account, IdPlanError } from "./ids";
import { aimOptics, rangeFor } from "./optics";
import { deriveZones } from "./zones";

// The importer's situation: outlines that are not rectangles, no guard house, no footways, and
// a zone the source already mapped. The rules must still equip the site.
const site: CampusSite = {
  id: "osm-test", name: "测试校区", origin: { latDeg: 31.3, lonDeg: 121.5, altM: 0 }, timeZone: "Asia/Shanghai",
  source: "osm", attribution: "© OpenStreetMap contributors", boundary: [[-200, -150], [220, -160], [240, 170], [-10, 200], [-210, 120]],
  buildings: [
    { id: "b1", name: "行政楼", kind: "admin", footprint: [[-100, -60], [-40, -62], [-38, -44], [-70, -40], [-99, -42]], heightM: 20, floors: 5 },
    { id: "b2", name: "实验楼", kind: "lab", footprint: [[20, 10], [80, 20], [76, 40], [16, 30]], heightM: 16, floors: 4 },
    { id: "b3", name: "宿舍", kind: "dormitory", footprint: [[-120, 60], [-60, 60], [-60, 75], [-120, 75]], heightM: 18, floors: 6 },
  ],
  zones: [{
    id: "osm-pg", name: "操场", kind: "playground", polygon: [[100, -100], [180, -100], [180, -40], [100, -40]],
    floor: 0, ownerDept: null, gridId: null, buildingId: null, densityLimitPerM2: null,
  }],
  paths: [],
  gates: [{ id: "g1", name: "正门", kind: "main", position: [0, -155], outwardDeg: 180, widthM: 12 }],
};

describe("rules on an imported-style site", () => {
  const zones = deriveZones(site);
  const devices = placeDevices({ ...site, zones }, { seed: 1, campusNo: 12 });

  it("keeps existing zones and adds the required ones", () => {
    assert.ok(zones.some((z) => z.id === "osm-pg"));
    assert.equal(zones.filter((z) => z.kind === "playground").length, 1);
    for (const kind of ["gate", "gate_approach", "finance", "archive", "principal_office", "control_room", "server_room", "guard_room", "hazmat_store", "lab", "stairs", "dorm_entrance", "grid"]) {
      assert.ok(zones.some((z) => z.kind === kind), kind);
    }
    for (const z of zones.filter((x) => x.buildingId !== null && x.kind !== "dorm_entrance")) {
      const b = site.buildings.find((x) => x.id === z.buildingId)!;
      assert.ok(z.polygon.every((p) => pointInPolygon(p, b.footprint) || Math.min(...b.footprint.map((q) => Math.hypot(q[0] - p[0], q[1] - p[1]))) < 0.01), `${z.name} inside ${b.name}`);
    }
    assert.equal(deriveZones({ ...site, zones }).length, zones.length, "idempotent");
  });

  it("places a virtual guard post with its panic button when no guard house is mapped", () => {
    const post = zones.find((z) => z.kind === "guard_room")!;
    assert.equal(post.buildingId, null);
    assert.ok(pointInPolygon(centroid(post.polygon), site.boundary));
    const panic = devices.find((d) => d.kind === "panic_button" && d.attrs.roomZoneId === post.id)!;
    assert.ok(pointInPolygon([panic.position[0], panic.position[1]], post.polygon));
  });

  it("produces devices that validate, deterministically, with the campus number in their ids", () => {
    const model = { ...site, zones, devices };
    const { gates: _g, ...rest } = model;
    ZCampusModel.parse(rest);
    assert.deepEqual(placeDevices({ ...site, zones }, { seed: 1, campusNo: 12 }), devices);
    const cam = devices.find((d) => d.kind === "camera")!;
    assert.equal(cam.externalId.slice(14, 16), "12");
    assert.ok(devices.some((d) => d.kind === "fence_segment") && devices.some((d) => d.kind === "face_camera"));
    assert.ok(!devices.some((d) => d.kind === "lpr_camera"), "no vehicle gate, no LPR");
  });
});

describe("ids and optics", () => {
  it("builds GB/T 28181 codes and DC-09 accounts in range", () => {
    assert.equal(gbId({ civilCode: "31011000", campusNo: 3 }, "132", 42), "31011000111320030042");
    assert.equal(dc09Account({ civilCode: "31011000", campusNo: 3 }, 1), "10301");
    assert.throws(() => gbId({ civilCode: "31011000", campusNo: 3 }, "132", 10000), IdPlanError);
    assert.throws(() => placeDevices({ ...site, zones: [] }, { seed: 1, civilCode: "3101" }), IdPlanError);
  });

  it("chooses a lens that resolves the target at the purpose's pixel density", () => {
    const o = aimOptics({ position: [0, 0, 5], target: [0, 20, 1.6], purpose: "identify", resolution: [2560, 1440] });
    assert.equal(o.yawDeg, 0);
    assert.ok(o.pitchDeg < -9 && o.pitchDeg > -10);
    assert.ok(o.rangeM >= 20, `range ${o.rangeM}`);
    assert.ok(Math.abs(rangeFor(o.hfovDeg, 2560, 250) - o.rangeM) < 0.01);
  });
});
