import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { WireFrame } from "../../web/lib/live";
import { applyOverlayFrame, CHECKPOINT_DUE_AFTER_MS, overlayGeo, overlaysFromState } from "../../web/components/map/map-overlays";
import { generateCity } from "../../server/campus/generator/city";

// The /map overlays folded from live frames (issue 9): check-ins move the guard and recolour the
// checkpoint, density samples feed the heatmap, closed incidents leave the map.

const campus = generateCity({ seed: 3, count: 1, center: { latDeg: 31.23, lonDeg: 121.47, altM: 4 }, size: "small" })[0]!;
const NOW_MS = Date.parse("2026-03-10T06:00:00Z");
const iso = (agoMs: number) => new Date(NOW_MS - agoMs).toISOString();

function frame(partial: Partial<WireFrame>): WireFrame {
  return { campusId: campus.id, toSeq: 100, backfill: false, events: [], state: [], incidents: [], ...partial };
}

function incidentNotice(id: string, state: string, seq: number): WireFrame["incidents"][number] {
  const at = iso(0);
  return {
    change: state, seq,
    incident: {
      id, campusId: campus.id, ruleId: "fence", kind: "fence_alarm", severity: 3, state: state as "open", title: "围栏报警",
      location: { xM: 1, yM: 2, floor: 0 }, zoneId: null, deviceIds: [], eventSeqs: [], eventCount: 1, openedSeq: seq,
      openedAt: at, lastEventAt: at, updatedAt: at, closedAt: null, cameras: [], sopId: "", steps: [], history: [], notes: [],
    },
  };
}

describe("map overlays (live fold and GeoJSON)", () => {
  const checkpoint = campus.devices.find((d) => d.kind === "patrol_checkpoint");
  const zone = campus.zones[0];

  it("folds check-ins, density samples and incident notices from a frame", () => {
    assert.ok(checkpoint && zone, "the generated campus has a patrol checkpoint and a zone");
    const empty = overlaysFromState({ checkpoints: [], guards: [], openIncidents: [], density: [] });
    const next = applyOverlayFrame(empty, frame({
      events: [
        { seq: 1, id: "e1", campusId: campus.id, kind: "patrol.checkin", severity: 0, occurredAt: iso(60_000), receivedAt: iso(60_000), deviceId: checkpoint.id,
          location: { xM: 7, yM: 8, floor: 0 }, subject: { type: "person", ref: "g1", plate: null }, source: { protocol: "mqtt", rawRef: null },
          data: { guardId: "g1", routeId: "r1", order: 3, method: "nfc" } },
        { seq: 2, id: "e2", campusId: campus.id, kind: "density.sample", severity: 0, occurredAt: iso(0), receivedAt: iso(0), deviceId: null,
          location: null, subject: null, source: { protocol: "mqtt", rawRef: null }, data: { zoneId: zone.id, perM2: 1.25 } },
      ],
      incidents: [incidentNotice("i1", "open", 3), incidentNotice("i2", "open", 4)],
    }));
    assert.equal(next.guards.get("g1")?.xM, 7);
    assert.equal(next.checkpoints.get(checkpoint.id)?.order, 3);
    assert.equal(next.density.get(zone.id)?.perM2, 1.25);
    assert.deepEqual([...next.incidents.keys()], ["i1", "i2"]);
    const closed = applyOverlayFrame(next, frame({ incidents: [incidentNotice("i1", "resolved", 5)] }));
    assert.deepEqual([...closed.incidents.keys()], ["i2"], "a resolved incident leaves the map");
    assert.equal(closed.guards, next.guards, "untouched layers keep their identity");

    const geo = overlayGeo(campus, next, NOW_MS);
    assert.equal(geo.guards.features.length, 1);
    assert.equal(geo.density.features[0]?.properties?.perM2, 1.25);
    assert.equal(geo.incidents.features.length, 2);
    const cp = geo.checkpoints.features.find((f) => f.id === checkpoint.id);
    assert.equal(cp?.properties?.status, "ok");
    assert.equal(overlayGeo(campus, next, NOW_MS + CHECKPOINT_DUE_AFTER_MS).checkpoints.features.find((f) => f.id === checkpoint.id)?.properties?.status, "due");
  });
});
