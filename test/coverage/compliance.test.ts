import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { analyseCampus } from "../../server/coverage/analysis";
import { suggestCameras } from "../../server/coverage/suggest";
import { effectiveRules } from "../../server/coverage/requirements";
import type { PathSegment } from "../../server/contracts/campus";
import { building, camera, campus, rect, zone } from "./builders";

// Issue 7: compliance rules give the expected pass/fail on a hand-built campus, and greedy
// suggestion brings a gate whose camera was removed back to pass.

const OPTIONS = { cellSizeM: 0.5, targetHeightM: 1.6, wallHeightM: 2.5 };
const road: PathSegment = { id: "road", kind: "road", name: null, line: [[100, 0], [100, 60]], widthM: 6, fromNode: null, toNode: null };
// 8 MP, 60° lens 12 m behind a 6 m × 6 m gate: ≥ 250 px/m (identify) up to 13.3 m along its axis.
const gateCam = camera("gate-cam", 100, 14, 3.5, { yawDeg: 180, pitchDeg: -10, hfovDeg: 60, vfovDeg: 36, resolutionW: 3840, resolutionH: 2160, rangeM: 80 });

function model(withGateCamera: boolean) {
  return campus({
    sizeM: 200,
    buildings: [building("guard", rect(106, 10, 112, 16), 4)],
    zones: [zone("gate-main", "gate", rect(97, 2, 103, 8)), zone("field", "playground", rect(20, 100, 60, 140)), zone("lawn", "grid", rect(0, 0, 10, 10))],
    paths: [road],
    cameras: withGateCamera ? [gateCam] : [],
  });
}

describe("coverage compliance", () => {
  it("passes the covered gate, fails the uncovered playground with its blind spot, ignores zones without rules", () => {
    const results = analyseCampus(model(true), OPTIONS).evaluate();
    assert.deepEqual(results.map((r) => r.zoneId), ["gate-main", "field"]);
    const [gate, field] = results as [typeof results[0], typeof results[0]];
    assert.equal(gate.requiredClass, "identify");
    assert.equal(gate.citation, "R-6.2");
    assert.ok(gate.pass, `gate share ${gate.share}`);
    assert.equal(field.pass, false);
    assert.equal(field.citation, "R-6.3");
    assert.equal(field.share, 0);
    assert.equal(field.blindSpots.length, 1);
    assert.equal(field.blindSpots[0]!.length, 4, "the blind spot is the field's rectangle");
  });

  it("a campus override replaces the default rule of its zone kind", () => {
    const rules = effectiveRules([{ zoneKind: "gate", requiredClass: "detect", scope: "area", minShare: 0.5, citation: "local-1", text: "" }]);
    assert.equal(rules.find((r) => r.zoneKind === "gate")!.citation, "local-1");
    const gate = analyseCampus(model(true), OPTIONS, [], rules).evaluate()[0]!;
    assert.equal(gate.citation, "local-1");
    assert.equal(gate.requiredClass, "detect");
  });

  it("greedy suggestion restores a gate whose camera was removed", () => {
    const analysis = analyseCampus(model(true), OPTIONS, [{ op: "remove", cameraId: "gate-cam" }]);
    const gateOnly = analysis.zones.filter((z) => z.zone.kind === "gate");
    assert.equal(analysis.evaluate()[0]!.pass, false, "without its camera the gate fails");
    const suggestions = suggestCameras(analysis.engine, model(false), gateOnly, 3);
    assert.ok(suggestions.length >= 1);
    assert.ok(suggestions[0]!.gainM2 > 0);
    const gate = analysis.evaluate()[0]!;
    assert.ok(gate.pass, `after ${suggestions.length} suggestions the gate share is ${gate.share}`);
  });
});
