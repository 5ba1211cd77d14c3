import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { buildingSize, guessBuildingKind, parseLengthM, parseLevels } from "./building-tags";
import { parseBoundaryRef } from "./boundary";
import { OsmBoundaryError } from "./errors";
import { assembleRings } from "./rings";
import { splitAtJunctions } from "./roads";

describe("building tags", () => {
  it("parses heights with and without units", () => {
    const cases: Array<[string | undefined, number | null]> = [
      ["12", 12], ["12 m", 12], ["12.5m", 12.5], ["12,5", 12.5], ["40 ft", 12.192], ["0", null], ["tall", null], [undefined, null],
    ];
    for (const [text, want] of cases) {
      const got = parseLengthM(text);
      assert.ok(want === null ? got === null : Math.abs(got! - want) < 1e-9, `${text} → ${got}`);
    }
    assert.deepEqual([parseLevels("9"), parseLevels("3;4"), parseLevels("-1"), parseLevels(undefined)], [9, 3, null, null]);
  });

  it("derives floors from height when levels are missing, one storey for small structures", () => {
    assert.deepEqual(buildingSize({ building: "yes", height: "25" }), { heightM: 25, floors: 8, heightSource: "height" });
    assert.deepEqual(buildingSize({ building: "yes", height: "25", "building:levels": "7" }), { heightM: 25, floors: 7, heightSource: "height" });
    assert.deepEqual(buildingSize({ building: "roof" }), { heightM: 3.2, floors: 1, heightSource: "default" });
  });

  it("guesses kinds from Chinese and English names, then tags", () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ building: "yes", name: "西南一楼学生宿舍" }, "dormitory"], [{ building: "yes", name: "北苑食堂" }, "canteen"],
      [{ building: "yes", name: "同济大学图书馆" }, "library"], [{ building: "yes", name: "化学实验楼" }, "lab"],
      [{ building: "yes", name: "129体育馆" }, "gym"], [{ building: "yes", name: "教学北楼" }, "teaching"],
      [{ building: "yes", name: "行政楼" }, "admin"], [{ building: "yes", name: "门卫室" }, "guard_room"],
      [{ building: "yes", name: "安防监控中心" }, "control_room"], [{ building: "yes", "name:en": "Science Lab" }, "lab"],
      [{ building: "dormitory" }, "dormitory"], [{ building: "yes", amenity: "library" }, "library"],
      [{ building: "university" }, "teaching"], [{ building: "yes" }, "other"],
    ];
    for (const [tags, kind] of cases) assert.equal(guessBuildingKind(tags), kind, JSON.stringify(tags));
  });
});

describe("rings, junctions and boundary references", () => {
  it("joins split multipolygon members in any direction into one closed ring", () => {
    const { rings, unclosed } = assembleRings([
      { id: "1", nodeIds: ["a", "b", "c"], tags: {} },
      { id: "2", nodeIds: ["e", "d", "c"], tags: {} }, // reversed
      { id: "3", nodeIds: ["e", "f", "a"], tags: {} },
      { id: "4", nodeIds: ["x", "y"], tags: {} }, // dangling
    ]);
    assert.equal(unclosed, 1);
    assert.equal(rings.length, 1);
    const ring = rings[0]!;
    assert.equal(ring[0], ring[ring.length - 1]);
    assert.deepEqual(new Set(ring), new Set(["a", "b", "c", "d", "e", "f"]));
    assert.equal(ring.length, 7);
  });

  it("splits a way at junction nodes, keeping shared ids at the cuts", () => {
    assert.deepEqual(splitAtJunctions(["1", "2", "3", "4", "5"], new Set(["3"])), [["1", "2", "3"], ["3", "4", "5"]]);
    assert.deepEqual(splitAtJunctions(["1", "2"], new Set(["1", "2"])), [["1", "2"]]);
  });

  it("reads --boundary references", () => {
    assert.deepEqual(parseBoundaryRef("relation/18788116"), { type: "relation", id: "18788116" });
    assert.deepEqual(parseBoundaryRef("w42"), { type: "way", id: "42" });
    assert.deepEqual(parseBoundaryRef("42"), { type: "any", id: "42" });
    assert.throws(() => parseBoundaryRef("node/1"), OsmBoundaryError);
  });
});
