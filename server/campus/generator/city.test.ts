import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ZCampusModel } from "../../contracts/campus";
import { createLocalFrame } from "../coordinates";
import { generateCity, MIN_CAMPUS_SEPARATION_M } from "./city";

describe("generateCity", () => {
  const center = { latDeg: 31.23, lonDeg: 121.47, altM: 4 };
  const city = generateCity({ seed: 3, count: 5, center, size: "small" });

  it("makes N valid campuses with distinct ids, names and origins around the centre", () => {
    assert.equal(city.length, 5);
    for (const m of city) ZCampusModel.parse(m);
    assert.equal(new Set(city.map((m) => m.id)).size, 5);
    assert.equal(new Set(city.map((m) => m.name)).size, 5);
    const frame = createLocalFrame(center);
    const spots = city.map((m) => frame.toLocal(m.origin.latDeg, m.origin.lonDeg, center.altM));
    for (const [i, p] of spots.entries()) {
      const r = Math.hypot(p[0], p[1]);
      assert.ok(r > 2500 && r < 15000, `campus ${i} ${r} m from centre`);
      for (const q of spots.slice(i + 1)) assert.ok(Math.hypot(p[0] - q[0], p[1] - q[1]) >= MIN_CAMPUS_SEPARATION_M - 1);
    }
  });

  it("keeps device ids and protocol ids distinct across campuses", () => {
    const ids = city.flatMap((m) => m.devices.map((d) => d.id));
    assert.equal(new Set(ids).size, ids.length);
    const gb = city.flatMap((m) => m.devices.filter((d) => d.protocol === "gb28181" || d.protocol === "gat1400").map((d) => d.externalId));
    assert.equal(new Set(gb).size, gb.length);
    const accounts = city.flatMap((m) => m.devices.filter((d) => d.kind === "alarm_panel" || d.kind === "fence_host").map((d) => d.externalId));
    assert.equal(new Set(accounts).size, accounts.length);
  });

  it("is deterministic and rejects a bad count", () => {
    assert.deepEqual(generateCity({ seed: 3, count: 5, center, size: "small" }).map((m) => m.origin), city.map((m) => m.origin));
    assert.throws(() => generateCity({ seed: 3, count: 0, center }), /count/);
  });
});
