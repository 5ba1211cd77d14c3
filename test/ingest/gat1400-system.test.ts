import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ZResponseStatusEnvelope, ZSystemTimeObject } from "../../server/contracts/gat1400";
import { authorizationFor, FACE_ID, http, LPR_ID, PASSWORD, register, startHarness, type Harness } from "./gat1400-support";

// GA/T 1400.4 §6.1 system interfaces over real HTTP on port 0: the digest registration
// handshake, refusals for wrong digests and unregistered devices, keepalive, time, unregister.

describe("GA/T 1400 system interfaces", () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(() => h.stop());

  it("challenges an unauthenticated Register with 401 Digest (qop=auth, nonce, opaque, realm)", async () => {
    const r = await http(h.port, "POST", "/VIID/System/Register", JSON.stringify({ RegisterObject: { DeviceID: LPR_ID } }));
    assert.equal(r.status, 401);
    const challenge = String(r.headers["www-authenticate"]);
    assert.match(challenge, /^Digest /);
    for (const f of ["realm", "nonce", "opaque"]) assert.match(challenge, new RegExp(`${f}="[^"]+"`), f);
    assert.match(challenge, /qop="auth"/);
    assert.ok(ZResponseStatusEnvelope.safeParse(r.json).success, "401 carries a ResponseStatusObject");
  });

  it("accepts the digest answer with a ResponseStatusObject (Id, RequestURL, StatusCode 0, LocalTime)", async () => {
    const r = await register(h.port, LPR_ID);
    assert.equal(r.status, 200);
    const s = ZResponseStatusEnvelope.parse(r.json).ResponseStatusObject;
    assert.equal(s.Id, LPR_ID);
    assert.equal(s.RequestURL, "/VIID/System/Register");
    assert.equal(s.StatusCode, 0);
    assert.match(s.LocalTime ?? "", /^\d{14}$/);
    const online = await h.tdb.db.prisma.event.findFirst({ where: { kind: "device.online", deviceId: "dev-lpr-1" } });
    assert.ok(online, "registration emits device.online");
  });

  it("refuses a wrong password with a fresh 401 challenge, and dead-letters it", async () => {
    const r = await register(h.port, FACE_ID, "wrong-password");
    assert.equal(r.status, 401);
    assert.match(String(r.headers["www-authenticate"]), /nonce="/);
    assert.notEqual(ZResponseStatusEnvelope.parse(r.json).ResponseStatusObject.StatusCode, 0);
    const dead = await h.tdb.db.prisma.deadLetter.findFirst({ where: { protocol: "gat1400", reason: { contains: "bad_digest" } } });
    assert.ok(dead);
    assert.ok(h.metrics.render().includes('campustwin_gat1400_refused_total{reason="bad_digest"} 1'));
  });

  it("refuses a forged nonce", async () => {
    const body = JSON.stringify({ RegisterObject: { DeviceID: FACE_ID } });
    const forged = 'Digest realm="CampusTwin VIID", qop="auth", nonce="123.abc", opaque="x"';
    const auth = authorizationFor(forged, FACE_ID, "s3cret-gat", "POST", "/VIID/System/Register");
    const r = await http(h.port, "POST", "/VIID/System/Register", body, { authorization: auth });
    assert.equal(r.status, 401);
  });

  it("refuses a replayed Authorization (same nonce and nc) and accepts the next nc on that nonce", async () => {
    const body = JSON.stringify({ RegisterObject: { DeviceID: LPR_ID } });
    const first = await http(h.port, "POST", "/VIID/System/Register", body);
    const challenge = String(first.headers["www-authenticate"]);
    const authorization = authorizationFor(challenge, LPR_ID, PASSWORD, "POST", "/VIID/System/Register");
    assert.equal((await http(h.port, "POST", "/VIID/System/Register", body, { authorization })).status, 200);
    const replay = await http(h.port, "POST", "/VIID/System/Register", body, { authorization });
    assert.equal(replay.status, 401, "a captured Authorization header must not register again");
    assert.match(String(replay.headers["www-authenticate"]), /nonce="/, "the replay gets a fresh challenge");
    const next = authorizationFor(challenge, LPR_ID, PASSWORD, "POST", "/VIID/System/Register", 2);
    assert.equal((await http(h.port, "POST", "/VIID/System/Register", body, { authorization: next })).status, 200);
  });

  it("refuses registration of a DeviceID that is not in the device registry (403)", async () => {
    const r = await register(h.port, "99999999999999999999");
    assert.equal(r.status, 403);
    assert.match(ZResponseStatusEnvelope.parse(r.json).ResponseStatusObject.StatusString, /unknown_device/);
  });

  it("refuses requests from unregistered devices (401 + ResponseStatusObject)", async () => {
    const r = await http(h.port, "POST", "/VIID/System/Keepalive", JSON.stringify({ KeepaliveObject: { DeviceID: FACE_ID } }), { "user-identify": FACE_ID });
    assert.equal(r.status, 401);
    assert.equal(ZResponseStatusEnvelope.parse(r.json).ResponseStatusObject.Id, FACE_ID);
    const t = await http(h.port, "GET", "/VIID/System/Time");
    assert.equal(t.status, 401);
  });

  it("answers Keepalive and Time for a registered device", async () => {
    const k = await http(h.port, "POST", "/VIID/System/Keepalive", JSON.stringify({ KeepaliveObject: { DeviceID: LPR_ID }, Extra: 1 }), { "user-identify": LPR_ID });
    assert.equal(k.status, 200);
    assert.equal(ZResponseStatusEnvelope.parse(k.json).ResponseStatusObject.StatusCode, 0);
    const t = await http(h.port, "GET", "/VIID/System/Time", undefined, { "user-identify": LPR_ID });
    assert.equal(t.status, 200);
    const time = ZSystemTimeObject.parse((t.json as { SystemTimeObject: unknown }).SystemTimeObject);
    assert.match(time.LocalTime, /^\d{14}$/);
    assert.equal(time.TimeZone, "Asia/Shanghai");
    assert.ok(time.VIIDServerID.length > 0);
  });

  it("answers 400 (StatusCode 7) to malformed JSON and 404 to unknown paths", async () => {
    const r = await http(h.port, "POST", "/VIID/System/Keepalive", "{not json", { "user-identify": LPR_ID });
    assert.equal(r.status, 400);
    assert.equal(ZResponseStatusEnvelope.parse(r.json).ResponseStatusObject.StatusCode, 7);
    const n = await http(h.port, "POST", "/VIID/Nothing", "{}");
    assert.equal(n.status, 404);
  });

  it("UnRegister forgets the device (later requests refused) and emits device.offline", async () => {
    const u = await http(h.port, "POST", "/VIID/System/UnRegister", JSON.stringify({ UnRegisterObject: { DeviceID: LPR_ID } }), { "user-identify": LPR_ID });
    assert.equal(u.status, 200);
    const k = await http(h.port, "POST", "/VIID/System/Keepalive", JSON.stringify({ KeepaliveObject: { DeviceID: LPR_ID } }), { "user-identify": LPR_ID });
    assert.equal(k.status, 401);
    const off = await h.tdb.db.prisma.event.findFirst({ where: { kind: "device.offline", deviceId: "dev-lpr-1" } });
    assert.equal(JSON.parse(off!.dataJson).reason, "unregistered");
  });
});
