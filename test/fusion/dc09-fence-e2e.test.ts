import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { generateCampus } from "../../server/campus/generator/campus";
import { saveCampusModel } from "../../server/campus/persist";
import type { CampusModel, Device } from "../../server/contracts/campus";
import type { Incident } from "../../server/contracts/incident";
import { createFusion } from "../../server/fusion/fusion";
import type { Fusion, IncidentNotice } from "../../server/fusion/types";
import { createDc09Ingest } from "../../server/ingest/dc09/ingest";
import type { RunningIngest } from "../../server/ingest/types";
import { Dc09Panel } from "../../simulators/dc09/panel";
import { createTestDb, type TestDb } from "../support/db";
import { buildDeps } from "../support/dc09-fixture";
import { assertNoLoggedErrors, createRecordingLogger } from "./harness";

// End to end (issue "Tests": DC-09 → incident with its cameras): the DC-09 panel simulator, as the
// tension-fence host of a generated campus, reports a fence alarm over TCP to the DC-09 receiver;
// the receiver ACKs after commit; fusion opens a fence_alarm incident at the segment with its
// linked cameras, ranked, and none of them behind a building. A second alarm 10 s later
// on the adjacent segment joins the same incident. (The socket leg is test/realtime's.)

type Pt = readonly [number, number];

/** True when segments p1–p2 and q1–q2 properly cross. */
function crosses(p1: Pt, p2: Pt, q1: Pt, q2: Pt): boolean {
  const side = (a: Pt, b: Pt, c: Pt) => Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
  return side(p1, p2, q1) * side(p1, p2, q2) < 0 && side(q1, q2, p1) * side(q1, q2, p2) < 0;
}

/** Buildings taller than the camera whose outline the plan sight line camera → point cuts. */
function blockingBuildings(model: CampusModel, cam: Device, point: Pt): string[] {
  const from: Pt = [cam.position[0], cam.position[1]];
  return model.buildings.filter((b) => b.id !== cam.buildingId && b.heightM > cam.position[2]).filter((b) =>
    b.footprint.some((v, i) => crosses(from, point, [v[0], v[1]], [b.footprint[(i + 1) % b.footprint.length]![0], b.footprint[(i + 1) % b.footprint.length]![1]])),
  ).map((b) => b.id);
}

const ends = (d: Device): Pt[] => [d.polyline![0]!, d.polyline!.at(-1)!].map((p) => [p[0], p[1]] as const);
const touching = (a: Device, b: Device) => ends(a).some((p) => ends(b).some((q) => Math.hypot(p[0] - q[0], p[1] - q[1]) < 0.5));

/** A fence host with two of its segments that share an end post. */
function pickFence(model: CampusModel): { host: Device; first: Device; second: Device } {
  for (const host of model.devices.filter((d) => d.kind === "fence_host")) {
    const segs = model.devices.filter((d) => d.kind === "fence_segment" && d.parentId === host.id && d.polyline);
    for (const a of segs) {
      const b = segs.find((s) => s !== a && touching(a, s));
      if (b) return { host, first: a, second: b };
    }
  }
  throw new Error("generated campus has no fence host with adjacent segments");
}

const BLOCKED_CAM = "e2e-cam-behind-building";
const CLEAR_CAM = "e2e-cam-in-front";

/**
 * Occlusion on purpose: from the segment, looking into the campus, a camera 10 m away and one
 * 40 m away both aim at it; a 20 m tall building stands between them (15–25 m out). Only the
 * near one may be linked: the far one's view ends at the building wall.
 */
function addOcclusionScene(model: CampusModel, segment: Device): CampusModel {
  const [px, py] = segment.position;
  const [cx, cy] = centroid(model.boundary);
  const len = Math.hypot(cx - px, cy - py);
  const u = [(cx - px) / len, (cy - py) / len] as const;
  const at = (d: number): Pt => [px + u[0] * d, py + u[1] * d];
  const yawDeg = (Math.atan2(-u[0], -u[1]) * 180) / Math.PI; // clockwise from north, back towards the segment
  const camera = (id: string, d: number): Device => ({
    id, kind: "camera", protocol: "gb28181", externalId: id, name: id, buildingId: null, floor: 0, position: [...at(d), 6],
    optics: { yawDeg, pitchDeg: -10, rollDeg: 0, hfovDeg: 60, vfovDeg: 40, resolutionW: 1920, resolutionH: 1080, rangeM: 80 },
    polyline: null, parentId: null, model: null, manufacturer: null, status: "online", attrs: {},
  });
  const [bx, by] = at(20);
  const half = 5;
  return {
    ...model,
    buildings: [...model.buildings, {
      id: "e2e-wall-block", name: "e2e wall block", kind: "other", heightM: 20, floors: 5,
      footprint: [[bx - half, by - half], [bx + half, by - half], [bx + half, by + half], [bx - half, by + half]],
    }],
    devices: [...model.devices, camera(CLEAR_CAM, 10), camera(BLOCKED_CAM, 40)],
  };
}

function centroid(ring: readonly (readonly number[])[]): Pt {
  return [ring.reduce((a, p) => a + p[0]!, 0) / ring.length, ring.reduce((a, p) => a + p[1]!, 0) / ring.length];
}

describe("DC-09 fence alarm → fusion incident with linked cameras (end to end)", () => {
  let t: TestDb;
  let model: CampusModel;
  let deps: ReturnType<typeof buildDeps>;
  let fusion: Fusion;
  let ingest: RunningIngest;
  let panel: Dc09Panel;
  let fence: ReturnType<typeof pickFence>;
  const logger = createRecordingLogger();
  const notices: IncidentNotice[] = [];
  let nextNotice: ((n: IncidentNotice) => void) | null = null;
  const noticeOf = (change: IncidentNotice["change"]) => new Promise<IncidentNotice>((resolve) => {
    const seen = notices.find((n) => n.change === change && n.incident.kind === "fence_alarm");
    if (seen) return resolve(seen);
    nextNotice = (n) => { if (n.change === change && n.incident.kind === "fence_alarm") resolve(n); };
  });

  before(async () => {
    t = await createTestDb();
    const generated = generateCampus({ seed: 7, size: "small" });
    fence = pickFence(generated);
    model = addOcclusionScene(generated, fence.first);
    await saveCampusModel(t.db.prisma, model);
    deps = buildDeps(t.db);
    fusion = createFusion({ db: t.db, events: deps.events, logger, metrics: deps.metrics,
      config: { maxLinkedCameras: 64 }, schedule: () => () => undefined });
    fusion.onIncident((n) => { notices.push(n); nextNotice?.(n); });
    await fusion.start();
    ingest = await createDc09Ingest(deps, { host: "127.0.0.1", port: 0, supervision: { watchRegistered: false } }).start();
    panel = new Dc09Panel({ host: "127.0.0.1", port: ingest.ports.tcp!, account: String(fence.host.attrs.account), transport: "tcp" });
  });
  after(async () => {
    await panel.close();
    await ingest.stop();
    await fusion.stop();
    await deps.close();
    await t.drop();
    assertNoLoggedErrors(logger, "e2e");
  });

  let incident: Incident;

  it("the fence host's alarm over TCP is ACKed and opens a fence_alarm incident at the segment", async () => {
    const opened = noticeOf("opened");
    const sent = await panel.report("intrusion", { zone: Number(fence.first.attrs.zone) });
    assert.equal(sent.answer, "ACK");
    incident = (await opened).incident;
    await fusion.idle();
    assert.equal(incident.kind, "fence_alarm");
    assert.equal(incident.campusId, model.id);
    assert.deepEqual(incident.deviceIds, [fence.first.id]);
    assert.equal(incident.severity >= 3, true);
    assert.deepEqual([incident.location?.xM, incident.location?.yM], [fence.first.position[0], fence.first.position[1]]);
    assert.equal(fusion.incidents.get(incident.id)?.state, "open");
    const row = await t.db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } });
    assert.equal(row.kind, "fence_alarm");
    assert.deepEqual(JSON.parse(row.camerasJson), incident.cameras);
  });

  it("lists the cameras that see the segment: non-empty, ranked, the watching perimeter camera among them", () => {
    const cams = incident.cameras;
    assert.ok(cams.length > 0);
    assert.deepEqual(cams.map((c) => c.rank), cams.map((_, i) => i + 1));
    for (let i = 1; i < cams.length; i++) assert.ok(cams[i - 1]!.score >= cams[i]!.score, "best first");
    const watcher = model.devices.find((d) => d.attrs.fenceSegmentId === fence.first.id);
    assert.ok(watcher, "the generator puts a perimeter camera on every segment");
    assert.ok(cams.some((c) => c.deviceId === watcher.id), JSON.stringify(cams));
  });

  it("drops the camera behind the building and keeps the one in front of it (occlusion)", () => {
    const ids = incident.cameras.map((c) => c.deviceId);
    assert.ok(ids.includes(CLEAR_CAM), JSON.stringify(ids));
    assert.ok(!ids.includes(BLOCKED_CAM), JSON.stringify(ids));
    const blocked = model.devices.find((d) => d.id === BLOCKED_CAM)!;
    assert.deepEqual(blockingBuildings(model, blocked, [fence.first.position[0], fence.first.position[1]]), ["e2e-wall-block"]);
  });

  it("links no camera whose sight line to the segment passes through a taller building", () => {
    const point: Pt = [fence.first.position[0], fence.first.position[1]];
    for (const c of incident.cameras.filter((x) => x.method === "raster")) {
      const cam = model.devices.find((d) => d.id === c.deviceId)!;
      assert.deepEqual(blockingBuildings(model, cam, point), [], `${cam.id} is behind a building`);
    }
  });

  it("a second alarm 10 s later on the adjacent segment joins the same incident", async () => {
    const updated = noticeOf("updated");
    panel.setClockSkew(10_000); // the panel's event time is what the join window reads
    const sent = await panel.report("intrusion", { zone: Number(fence.second.attrs.zone) });
    assert.equal(sent.answer, "ACK");
    const joined = (await updated).incident;
    await fusion.idle();
    assert.equal(joined.id, incident.id);
    assert.equal(joined.eventCount, 2);
    assert.deepEqual([...joined.deviceIds].sort(), [fence.first.id, fence.second.id].sort());
    assert.equal(fusion.incidents.list({ open: true }).filter((i) => i.kind === "fence_alarm").length, 1);
    assert.ok(joined.cameras.length >= incident.cameras.length);
  });
});
