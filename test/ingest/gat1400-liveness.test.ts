import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createGat1400Camera } from "../../simulators/gat1400/camera";
import { detectImageFormat, imageSize } from "../../server/store/images";
import { capturePicture } from "../../simulators/gat1400/jpeg";
import { FACE_ID, LPR_ID, PASSWORD, startHarness, waitFor, WATCH_FACE, WATCH_PLATE, type Harness } from "./gat1400-support";

// Keepalive supervision (silence → device.offline, next request → device.online) and the
// simulated cameras speaking to the real listener: digest registration, batches with JPEGs,
// watchlist captures on demand, and deliberately bad objects.

describe("GA/T 1400 keepalive supervision and simulators", () => {
  let h: Harness;
  before(async () => { h = await startHarness({ keepaliveTimeoutS: 0.3 }); });
  after(() => h.stop());

  const kinds = async (deviceId: string) =>
    (await h.tdb.db.prisma.event.findMany({ where: { deviceId, kind: { startsWith: "device." } }, orderBy: { seq: "asc" } })).map((e) => e.kind);

  it("makes a silent device offline, and online again on its next request", async () => {
    const cam = createGat1400Camera({ server: { host: "127.0.0.1", port: h.port }, deviceId: LPR_ID, kind: "lpr", password: PASSWORD, images: false });
    await cam.register();
    await waitFor(async () => (await kinds("dev-lpr-1")).includes("device.offline"), "device.offline");
    const row = await h.tdb.db.prisma.device.findUnique({ where: { id: "dev-lpr-1" } });
    assert.equal(row!.status, "offline");
    const statuses = await cam.post(3);
    assert.deepEqual(statuses.map((s) => s.StatusCode), [0, 0, 0]);
    assert.deepEqual((await kinds("dev-lpr-1")).slice(0, 3), ["device.online", "device.offline", "device.online"]);
    const back = await h.tdb.db.prisma.event.findFirst({ where: { deviceId: "dev-lpr-1", kind: "device.online" }, orderBy: { seq: "desc" } });
    assert.equal(JSON.parse(back!.dataJson).reason, "traffic_resumed");
    await cam.stop();
  });

  it("simulated LPR camera: JPEG pictures, a watchlisted plate on demand, a bad object refused alone", async () => {
    const cam = createGat1400Camera({ server: { host: "127.0.0.1", port: h.port }, deviceId: LPR_ID, kind: "lpr", password: PASSWORD });
    await cam.register();
    assert.deepEqual((await cam.post(2)).map((s) => s.StatusCode), [0, 0]);
    assert.equal((await cam.postWatchlistPlate(WATCH_PLATE))[0]!.StatusCode, 0);
    const bad = await cam.postBad("not_an_image");
    assert.deepEqual(bad.map((s) => s.StatusCode === 0), [true, false]);
    assert.ok(await h.tdb.db.prisma.event.findFirst({ where: { kind: "vehicle.watchlist_hit", deviceId: "dev-lpr-1" } }));
    const read = await h.tdb.db.prisma.event.findFirst({ where: { kind: "lpr.read", deviceId: "dev-lpr-1" }, orderBy: { seq: "desc" } });
    assert.equal(JSON.parse(read!.dataJson).images.length, 2, "vehicle and plate pictures");
    assert.equal(cam.stats.refused, 1);
    await cam.stop({ unregister: true });
  });

  it("simulated face camera: a watchlisted face match on demand", async () => {
    const cam = createGat1400Camera({ server: { host: "127.0.0.1", port: h.port }, deviceId: FACE_ID, kind: "face", password: PASSWORD });
    await cam.register();
    assert.equal((await cam.postWatchlistFace(WATCH_FACE))[0]!.StatusCode, 0);
    const hit = await h.tdb.db.prisma.event.findFirst({ where: { kind: "face.watchlist_hit", deviceId: "dev-face-1" } });
    assert.equal(JSON.parse(hit!.subjectJson!).ref, "per-watch");
    await cam.stop();
  });

  it("the simulators' pictures are baseline JPEGs with the stated size", () => {
    const j = capturePicture(3, "x", 4, 5);
    assert.equal(detectImageFormat(j), "jpeg");
    assert.deepEqual(imageSize(j, "jpeg"), { width: 32, height: 40 });
    assert.notDeepEqual(capturePicture(3, "a"), capturePicture(3, "b"), "comments make equal patterns distinct");
  });
});
