import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ZResponseStatusEnvelope, ZResponseStatusListEnvelope } from "../../server/contracts/gat1400";
import { capturePicture } from "../../simulators/gat1400/jpeg";
import { FACE_ID, http, LPR_ID, register, startHarness, WATCH_FACE, WATCH_PLATE, type Harness } from "./gat1400-support";

// POST /VIID/MotorVehicles and /VIID/Faces over real HTTP: per-object statuses, images stored
// by hash and referenced (never inlined) by events, watchlist hits, idempotent re-posts, and
// refusals (not an image, oversized body, malformed JSON) answered per protocol.

const jpeg = capturePicture(7, "test vehicle");
const b64 = jpeg.toString("base64");

function vehicle(id: string, plate: string, extra: Record<string, unknown> = {}) {
  return { MotorVehicleID: id, DeviceID: LPR_ID, PlateNo: plate, PlateColor: "5", VehicleClass: "K33", PassTime: "20261127083000", LaneNo: 1, Direction: "1", ...extra };
}

const postVehicles = (h: Harness, objects: unknown[]) =>
  http(h.port, "POST", "/VIID/MotorVehicles", JSON.stringify({ MotorVehicleListObject: { MotorVehicleObject: objects } }), { "user-identify": LPR_ID });

const statuses = (json: unknown) => ZResponseStatusListEnvelope.parse(json).ResponseStatusListObject.ResponseStatusObject;

describe("GA/T 1400 record uploads", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ bodyLimitBytes: 1024 * 1024 });
    assert.equal((await register(h.port, LPR_ID)).status, 200);
    assert.equal((await register(h.port, FACE_ID)).status, 200);
  });
  after(() => h.stop());

  it("refuses an upload without a registered User-Identify", async () => {
    const r = await http(h.port, "POST", "/VIID/MotorVehicles", JSON.stringify({ MotorVehicleListObject: { MotorVehicleObject: [vehicle("x1", "沪C00001")] } }), { "user-identify": "31010000009999999999" });
    assert.equal(r.status, 401);
    assert.equal(await h.tdb.db.prisma.event.count({ where: { kind: "lpr.read" } }), 0);
  });

  it("stores the good objects of a batch and refuses only the bad one, one status per object", async () => {
    const r = await postVehicles(h, [
      vehicle("mv-1", "沪C10001"), { MotorVehicleID: "mv-2", DeviceID: LPR_ID }, vehicle("mv-3", "沪C10003"),
      vehicle("mv-4", "沪C10004", { DeviceID: "31019999999999999999" }), "not an object",
    ]);
    assert.equal(r.status, 200);
    const s = statuses(r.json);
    assert.deepEqual(s.map((x) => [x.Id, x.StatusCode === 0]), [["mv-1", true], ["mv-2", false], ["mv-3", true], ["mv-4", false], ["4", false]]);
    assert.match(s[3]!.StatusString, /unknown_device/);
    assert.equal(s[1]!.StatusCode, 8, "invalid JSON content");
    const reads = await h.tdb.db.prisma.event.findMany({ where: { kind: "lpr.read" }, orderBy: { seq: "asc" } });
    assert.deepEqual(reads.map((e) => JSON.parse(e.subjectJson!).plate), ["沪C10001", "沪C10003"]);
    assert.equal(reads[0]!.deviceId, "dev-lpr-1");
    assert.equal(reads[0]!.campusId, "campus-gat");
    assert.deepEqual([reads[0]!.xM, reads[0]!.yM], [10, 20]);
    assert.equal(reads[0]!.occurredAt.toISOString(), "2026-11-27T00:30:00.000Z", "PassTime is Beijing time");
    assert.ok(await h.tdb.db.prisma.deadLetter.findFirst({ where: { reason: { contains: "object 1]" } } }), "bad object dead-lettered");
  });

  it("accepts codes and numbers sent as strings or numbers, and ignores unknown fields", async () => {
    const r = await postVehicles(h, [
      vehicle("mv-s", "沪C20001", { LaneNo: "2", PlateColor: 5, Speed: "33.5", VendorExtension: { a: 1 } }),
      vehicle("mv-n", "沪C20002", { LaneNo: 3, PlateColor: "6", Speed: 12 }),
    ]);
    assert.deepEqual(statuses(r.json).map((x) => x.StatusCode), [0, 0]);
    const e = await h.tdb.db.prisma.event.findFirst({ where: { kind: "lpr.read", subjectJson: { contains: "沪C20001" } } });
    const data = JSON.parse(e!.dataJson);
    assert.equal(data.laneNo, 2);
    assert.equal(data.plateColor, "5");
    assert.equal(data.speedKmh, 33.5);
    assert.equal(data.VendorExtension, undefined);
  });

  it("parses a ResponseStatusObject whose StatusCode is a string or a number", () => {
    for (const code of ["0", 0, " 4 ", 4]) {
      const parsed = ZResponseStatusEnvelope.parse({ ResponseStatusObject: { Id: "1", RequestURL: "/x", StatusCode: code, StatusString: "" } });
      assert.equal(parsed.ResponseStatusObject.StatusCode, Number(String(code).trim()));
    }
    assert.equal(ZResponseStatusEnvelope.safeParse({ ResponseStatusObject: { StatusCode: "ok" } }).success, false);
  });

  it("stores an image under its sha256 with a 180-day retention sidecar; the event keeps the reference only", async () => {
    const r = await postVehicles(h, [vehicle("mv-img", "沪C30001", { SubImageList: { SubImageInfoObject: [{ Type: "01", FileFormat: "Jpeg", Width: 64, Height: 32, Data: b64 }] } })]);
    assert.equal(statuses(r.json)[0]!.StatusCode, 0);
    const sha = createHash("sha256").update(jpeg).digest("hex");
    const file = join(h.imageDir, sha.slice(0, 2), `${sha}.jpg`);
    assert.ok(existsSync(file));
    assert.deepEqual(readFileSync(file), jpeg);
    const meta = JSON.parse(readFileSync(join(h.imageDir, sha.slice(0, 2), `${sha}.json`), "utf8"));
    assert.equal(meta.retentionClass, "pictures_180d");
    assert.ok(Date.parse(meta.retainUntil) - Date.parse(meta.storedAt) >= 180 * 86_400_000);
    const e = await h.tdb.db.prisma.event.findFirst({ where: { kind: "lpr.read", subjectJson: { contains: "沪C30001" } } });
    const img = JSON.parse(e!.dataJson).images[0];
    assert.equal(img.sha256, sha);
    assert.equal(img.path, `${sha.slice(0, 2)}/${sha}.jpg`);
    assert.deepEqual([img.width, img.height], [64, 32]);
    assert.ok(!e!.dataJson.includes(b64.slice(0, 40)), "no image bytes in the event");
  });

  it("refuses, per object, base64 that is not an image", async () => {
    const notImage = Buffer.from("GIF89a? no, just text").toString("base64");
    const r = await postVehicles(h, [
      vehicle("mv-bad-img", "沪C40001", { SubImageList: { SubImageInfoObject: [{ Type: "01", Data: notImage }] } }),
      vehicle("mv-ok-img", "沪C40002", { SubImageList: { SubImageInfoObject: [{ Type: "01", Data: b64 }] } }),
    ]);
    const s = statuses(r.json);
    assert.notEqual(s[0]!.StatusCode, 0);
    assert.match(s[0]!.StatusString, /not_an_image/);
    assert.equal(s[1]!.StatusCode, 0);
    assert.equal(await h.tdb.db.prisma.event.count({ where: { subjectJson: { contains: "沪C40001" } } }), 0);
  });

  it("stores a re-posted batch once", async () => {
    const batch = [vehicle("mv-rep-1", "沪C50001"), vehicle("mv-rep-2", "沪C50002")];
    await postVehicles(h, batch);
    const again = await postVehicles(h, batch);
    assert.deepEqual(statuses(again.json).map((x) => x.StatusCode), [0, 0]);
    assert.equal(await h.tdb.db.prisma.event.count({ where: { subjectJson: { contains: "沪C5000" } } }), 2);
    assert.ok(h.metrics.render().includes('campustwin_gat1400_records_total{kind="vehicle",result="duplicate"} 2'));
  });

  it("turns a watchlisted plate into vehicle.watchlist_hit", async () => {
    await postVehicles(h, [vehicle("mv-watch", "沪A·99999")]);
    const hit = await h.tdb.db.prisma.event.findFirst({ where: { kind: "vehicle.watchlist_hit" } });
    assert.ok(hit);
    const subject = JSON.parse(hit.subjectJson!);
    assert.equal(subject.ref, "veh-watch");
    assert.equal(subject.type, "vehicle");
    assert.ok(hit.severity >= 3);
    assert.notEqual(WATCH_PLATE, subject.plate, "the plate is kept as the camera read it");
  });

  it("stores face captures, and a device match naming a watchlisted faceId becomes face.watchlist_hit", async () => {
    const face = (id: string, match?: string) => ({
      FaceID: id, DeviceID: FACE_ID, ShotTime: "20261127120000", LeftTopX: 10, LeftTopY: "20", RightBtmX: 110, RightBtmY: 140,
      ...(match ? { CompareResultList: { CompareResultObject: [{ FaceID: match, Similarity: "92.5" }] } } : {}),
      SubImageList: { SubImageInfoObject: [{ Type: "11", Data: capturePicture(9, id).toString("base64") }] },
    });
    const r = await http(h.port, "POST", "/VIID/Faces", JSON.stringify({ FaceListObject: { FaceObject: [face("f-1"), face("f-2", WATCH_FACE), face("f-3", "someone-else")] } }), { "user-identify": FACE_ID });
    assert.deepEqual(statuses(r.json).map((x) => x.StatusCode), [0, 0, 0]);
    assert.equal(await h.tdb.db.prisma.event.count({ where: { kind: "face.capture" } }), 3);
    const hits = await h.tdb.db.prisma.event.findMany({ where: { kind: "face.watchlist_hit" } });
    assert.equal(hits.length, 1);
    assert.equal(JSON.parse(hits[0]!.subjectJson!).ref, "per-watch");
    const data = JSON.parse(hits[0]!.dataJson);
    assert.equal(data.similarity, 0.925);
    assert.deepEqual(data.facePosition, { leftTopX: 10, leftTopY: 20, rightBtmX: 110, rightBtmY: 140 });
    assert.equal(hits[0]!.floor, 1);
  });

  it("answers an oversized body with 413 and a ResponseStatusObject", async () => {
    const big = JSON.stringify({ MotorVehicleListObject: { MotorVehicleObject: [vehicle("mv-big", "沪C60001", { Pad: "x".repeat(1100 * 1024) })] } });
    const r = await http(h.port, "POST", "/VIID/MotorVehicles", big, { "user-identify": LPR_ID });
    assert.equal(r.status, 413);
    assert.ok(ZResponseStatusEnvelope.safeParse(r.json).success);
    assert.equal(await h.tdb.db.prisma.event.count({ where: { subjectJson: { contains: "沪C60001" } } }), 0);
    // Streamed (chunked, no Content-Length): refused once the limit is crossed.
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port: h.port, method: "POST", path: "/VIID/MotorVehicles", headers: { "user-identify": LPR_ID, "transfer-encoding": "chunked" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      const piece = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 20 && req.write(piece)) sent++;
        if (sent < 20) req.once("drain", () => { sent++; pump(); });
        else req.end();
      };
      pump();
    });
    assert.equal(chunked, 413);
    const after = await postVehicles(h, [vehicle("mv-after-413", "沪C60002")]);
    assert.equal(statuses(after.json)[0]!.StatusCode, 0, "the listener keeps serving");
  });

  it("answers malformed JSON and a wrong envelope with 400, and keeps serving", async () => {
    const bad = await http(h.port, "POST", "/VIID/MotorVehicles", '{"MotorVehicleListObject": [', { "user-identify": LPR_ID });
    assert.equal(bad.status, 400);
    assert.equal(ZResponseStatusEnvelope.parse(bad.json).ResponseStatusObject.StatusCode, 7);
    const env = await http(h.port, "POST", "/VIID/MotorVehicles", JSON.stringify({ Nope: [] }), { "user-identify": LPR_ID });
    assert.equal(env.status, 400);
    assert.equal(ZResponseStatusEnvelope.parse(env.json).ResponseStatusObject.StatusCode, 8);
    const ok = await postVehicles(h, [vehicle("mv-after", "沪C70001")]);
    assert.equal(statuses(ok.json)[0]!.StatusCode, 0);
    const metrics = h.metrics.render();
    assert.match(metrics, /campustwin_gat1400_refused_total\{reason="malformed_json"\} 1/);
    assert.match(metrics, /campustwin_ingest_refused_total\{protocol="gat1400",reason="malformed_json"\} [1-9]/);
  });
});
