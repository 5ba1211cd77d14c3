import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CoverageSession, handleSessionRequest, RANK_SOLID } from "../../server/coverage/session";
import { building, camera, campus, rect, zone } from "./builders";

// The /planner what-if session (runs in a Web Worker): edits change the verdicts and the
// rank raster exactly as a fresh analysis of the edited registry would.

const OPTIONS = { cellSizeM: 0.5, targetHeightM: 1.6, wallHeightM: 2.5 };
const gateCam = camera("gate-cam", 60, 14, 3.5, { yawDeg: 180, pitchDeg: -10, hfovDeg: 60, vfovDeg: 36, resolutionW: 3840, resolutionH: 2160 });
const model = campus({ sizeM: 120, zones: [zone("gate-main", "gate", rect(57, 2, 63, 8))], cameras: [gateCam],
  buildings: [building("b1", rect(20, 40, 40, 60), 12)],
  paths: [{ id: "road", kind: "road", name: null, line: [[60, 0], [60, 40]], widthM: 6, fromNode: null, toNode: null }] });
const clock = () => 0;

describe("coverage what-if session", () => {
  it("opens, then a re-aim away from the gate fails it and aiming back passes it again", () => {
    const session = new CoverageSession();
    const open = handleSessionRequest(session, { type: "open", reqId: 1, model, options: OPTIONS, edits: [] }, clock);
    assert.equal(open.type, "state");
    if (open.type !== "state") return;
    assert.equal(open.zones[0]!.pass, true);
    assert.equal(open.ranks.length, open.grid.width * open.grid.height);
    const inBuilding = Math.floor((50 - open.grid.originN) / 0.5) * open.grid.width + Math.floor((30 - open.grid.originE) / 0.5);
    assert.equal(open.ranks[inBuilding], RANK_SOLID);
    const gateCell = Math.floor((5 - open.grid.originN) / 0.5) * open.grid.width + Math.floor((60 - open.grid.originE) / 0.5);
    assert.equal(open.ranks[gateCell], 4); // identify

    const away = handleSessionRequest(session, { type: "edit", reqId: 2, change: { op: "update", camera: { ...gateCam, optics: { ...gateCam.optics, yawDeg: 0 } } } }, clock);
    assert.ok(away.type === "state" && away.zones[0]!.pass === false && away.ranks[gateCell] === 0);
    const back = handleSessionRequest(session, { type: "edit", reqId: 3, change: { op: "update", camera: gateCam } }, clock);
    assert.ok(back.type === "state" && back.zones[0]!.pass === true);
  });

  it("suggests a camera for the uncovered gate without keeping it in the session", () => {
    const session = new CoverageSession();
    handleSessionRequest(session, { type: "open", reqId: 1, model, options: OPTIONS, edits: [{ op: "remove", cameraId: "gate-cam" }] }, clock);
    const out = handleSessionRequest(session, { type: "suggest", reqId: 2, count: 1 }, clock);
    assert.ok(out.type === "suggested" && out.suggestions.length === 1 && out.suggestions[0]!.gainM2 > 0);
    assert.deepEqual(session.cameras(), []);
    assert.equal(session.zones()[0]!.pass, false);
  });

  it("answers a request before open with an error reply, not a throw", () => {
    const reply = handleSessionRequest(new CoverageSession(), { type: "edit", reqId: 9, change: { op: "remove", cameraId: "x" } }, clock);
    assert.equal(reply.type, "error");
    assert.equal(reply.reqId, 9);
  });
});
