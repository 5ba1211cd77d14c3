import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import {
  eventually, keepaliveXml, md5, PLATFORM_ID, rawClient, REALM, registerRaw, rfc2617, sipRequest, startRig,
  type RawClient, type Rig,
} from "./gb28181-support";

// Conformance of the GB/T 28181 platform over real UDP and TCP sockets: every rule of the
// REGISTER / MESSAGE exchange and every kind of bad input, table-driven, with digests and
// expected answers computed here from RFC 2617 / RFC 3261 rather than by the code under test.

let serial = 100;
const newId = () => `3402000000132${String(++serial).padStart(7, "0")}`;
const MANSCDP = "Application/MANSCDP+xml";
const GB_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/;

const alarmXml = (deviceId: string, sn: number, o: { method: number; type?: number; topType?: number; priority: number; desc?: string }) =>
  `<?xml version="1.0" encoding="UTF-8"?>\r\n<Notify>\r\n<CmdType>Alarm</CmdType>\r\n<SN>${sn}</SN>\r\n<DeviceID>${deviceId}</DeviceID>\r\n`
  + `<AlarmPriority>${o.priority}</AlarmPriority>\r\n<AlarmMethod>${o.method}</AlarmMethod>\r\n<AlarmTime>2026-11-27T16:00:00</AlarmTime>\r\n`
  + (o.topType !== undefined ? `<AlarmType>${o.topType}</AlarmType>\r\n` : "")
  + (o.type !== undefined ? `<Info>\r\n<AlarmType>${o.type}</AlarmType>\r\n</Info>\r\n` : "")
  + `</Notify>\r\n`;

for (const transport of ["udp", "tcp"] as const) {
  describe(`GB/T 28181 platform conformance over ${transport}`, () => {
    let rig: Rig;
    let c: RawClient;
    const message = (deviceId: string, body: string | Buffer, over: Partial<Parameters<typeof sipRequest>[0]> = {}) =>
      sipRequest({ method: "MESSAGE", deviceId, transport, clientPort: c.port, contentType: MANSCDP, body, ...over });
    const registered = async () => {
      const id = newId();
      assert.equal((await registerRaw(c, transport, id)).status, 200);
      return id;
    };
    const deadLetter = (prefix: string) => eventually(async () =>
      (await rig.t.db.prisma.deadLetter.findMany({ where: { protocol: "gb28181" } })).find((d) => d.reason.startsWith(prefix)) ?? null);

    before(async () => {
      rig = await startRig();
      c = await rawClient(transport, rig.port);
    });
    after(async () => {
      c.close();
      await rig.close();
    });

    it("challenges a REGISTER without credentials: 401 with realm, nonce, qop, MD5, opaque; headers copied per RFC 3261 §8.2.6", async () => {
      const req = sipRequest({ method: "REGISTER", deviceId: newId(), transport, clientPort: c.port, cseq: 7, callId: "abc", headers: ["Expires: 3600"] });
      c.send(req);
      const r = await c.nextResponse();
      assert.equal(r.status, 401);
      const www = r.header("WWW-Authenticate") ?? "";
      assert.match(www, /^Digest /);
      assert.match(www, new RegExp(`realm="${REALM}"`));
      assert.match(www, /nonce="[0-9a-f]{16,}"/);
      assert.match(www, /qop="auth"/);
      assert.match(www, /algorithm=MD5/);
      assert.match(www, /opaque="[^"]+"/);
      const sent = req.toString("latin1");
      const sentVia = /\r\nVia: ([^\r]+)/.exec(sent)![1]!;
      assert.equal(r.header("Via"), `${sentVia.replace(";rport", `;rport=${c.port}`)};received=127.0.0.1`);
      assert.equal(r.header("From"), /\r\nFrom: ([^\r]+)/.exec(sent)![1]);
      assert.match(r.header("To") ?? "", /;tag=\w+$/);
      assert.equal(r.header("Call-ID"), "abc@127.0.0.1");
      assert.equal(r.header("CSeq"), "7 REGISTER");
    });

    it("accepts a correct qop=auth digest: 200 with Expires and a GB Date, device online, event stored", async () => {
      const id = newId();
      const r = await registerRaw(c, transport, id);
      assert.equal(r.status, 200);
      assert.equal(r.header("Expires"), "3600");
      assert.match(r.header("Date") ?? "", GB_DATE);
      assert.equal(rig.running.device(id)?.online, true);
      assert.equal(rig.running.device(id)?.transport, transport);
      const ev = (await rig.events.since(0)).find((e) => e.data.gbDeviceId === id);
      assert.equal(ev?.kind, "device.online");
      assert.equal(ev?.campusId, "c1");
    });

    it("grants at most the maximum expiry", async () => {
      const r = await registerRaw(c, transport, newId(), undefined, 100_000);
      assert.equal(r.header("Expires"), "3600");
    });

    it("answers a wrong password with 403 and dead-letters it", async () => {
      const id = newId();
      assert.equal((await registerRaw(c, transport, id, "not-the-password")).status, 403);
      assert.equal(rig.running.device(id), null);
      await deadLetter("wrong_digest");
    });

    it("treats a replayed Authorization (same nonce and nc) as stale, not as a login", async () => {
      const id = newId();
      const uri = `sip:${PLATFORM_ID}@${REALM}`;
      c.send(sipRequest({ method: "REGISTER", deviceId: id, transport, clientPort: c.port, headers: ["Expires: 60"] }));
      const nonce = /nonce="([^"]+)"/.exec((await c.nextResponse()).header("WWW-Authenticate")!)![1]!;
      const auth = `Digest username="${id}", realm="${REALM}", nonce="${nonce}", uri="${uri}", qop=auth, nc=00000001, cnonce="x1", response="${rfc2617(id, REALM, "12345678", "REGISTER", uri, nonce, "00000001", "x1")}"`;
      const send = () => c.send(sipRequest({ method: "REGISTER", deviceId: id, transport, clientPort: c.port, cseq: 2, headers: ["Expires: 60", `Authorization: ${auth}`] }));
      send();
      assert.equal((await c.nextResponse()).status, 200);
      send();
      const replay = await c.nextResponse();
      assert.equal(replay.status, 401);
      assert.match(replay.header("WWW-Authenticate") ?? "", /stale=true/);
    });

    it("answers a nonce it never issued with a fresh 401 (stale)", async () => {
      const id = newId();
      const uri = `sip:${PLATFORM_ID}@${REALM}`;
      const nonce = md5("forged");
      const auth = `Digest username="${id}", realm="${REALM}", nonce="${nonce}", uri="${uri}", qop=auth, nc=00000001, cnonce="x", response="${rfc2617(id, REALM, "12345678", "REGISTER", uri, nonce, "00000001", "x")}"`;
      c.send(sipRequest({ method: "REGISTER", deviceId: id, transport, clientPort: c.port, headers: [`Authorization: ${auth}`] }));
      assert.equal((await c.nextResponse()).status, 401);
      assert.equal(rig.running.device(id), null);
    });

    it("unregisters on Expires: 0 and records device.offline", async () => {
      const id = await registered();
      assert.equal((await registerRaw(c, transport, id, undefined, 0)).status, 200);
      assert.equal(rig.running.device(id), null);
      const ev = (await rig.events.since(0)).filter((e) => e.data.gbDeviceId === id).map((e) => e.kind);
      assert.deepEqual(ev, ["device.online", "device.offline"]);
    });

    it("answers a Keepalive from a registered device with 200, from an unknown one with 404", async () => {
      const id = await registered();
      c.send(message(id, keepaliveXml(id)));
      assert.equal((await c.nextResponse()).status, 200);
      const stranger = newId();
      c.send(message(stranger, keepaliveXml(stranger)));
      assert.equal((await c.nextResponse()).status, 404);
      await deadLetter("unknown_device");
    });

    it("reads compact header forms and a lower-case content type", async () => {
      const id = await registered();
      const body = Buffer.from(keepaliveXml(id, 9));
      const text = `MESSAGE sip:${PLATFORM_ID}@${REALM} SIP/2.0\r\nv: SIP/2.0/${transport.toUpperCase()} 127.0.0.1:${c.port};branch=z9hG4bKcompact${transport}\r\n`
        + `f: <sip:${id}@${REALM}>;tag=1\r\nt: <sip:${PLATFORM_ID}@${REALM}>\r\ni: compact-${transport}\r\nCSeq: 3 MESSAGE\r\n`
        + `c: application/manscdp+xml\r\nl: ${body.length}\r\n\r\n`;
      c.send(Buffer.concat([Buffer.from(text, "latin1"), body]));
      const r = await c.nextResponse();
      assert.equal(r.status, 200);
      assert.equal(r.header("Call-ID"), `compact-${transport}`);
    });

    const alarms = [
      { name: "video motion", method: 5, type: 2, priority: 4, kind: "behaviour.motion", severity: 1 },
      { name: "tripwire", method: 5, type: 5, priority: 2, kind: "behaviour.line_crossing", severity: 3 },
      { name: "loitering", method: 5, type: 8, priority: 3, kind: "behaviour.loitering", severity: 2 },
      { name: "Info/AlarmType overrides the top-level type", method: 5, topType: 2, type: 8, priority: 1, kind: "behaviour.loitering", severity: 4 },
      { name: "top-level AlarmType alone (2011 form)", method: 5, topType: 5, priority: 1, kind: "behaviour.line_crossing", severity: 4 },
      { name: "device tamper", method: 2, type: 2, priority: 1, kind: "device.tamper", severity: 4 },
      { name: "device fault (fan)", method: 6, type: 2, priority: 3, kind: "device.fault", severity: 2 },
      { name: "telephone alarm", method: 1, priority: 1, kind: "alarm.telephone", severity: 4 },
    ];
    for (const a of alarms) {
      it(`maps an Alarm (${a.name}) to ${a.kind}, severity ${a.severity}`, async () => {
        const id = await registered();
        c.send(message(id, alarmXml(id, 5, a)));
        assert.equal((await c.nextResponse()).status, 200);
        const ev = (await rig.events.since(0)).find((e) => e.data.gbDeviceId === id && e.source.protocol === "gb28181" && e.kind !== "device.online");
        assert.equal(ev?.kind, a.kind);
        assert.equal(ev?.severity, a.severity);
        assert.equal(ev?.occurredAt.toISOString(), "2026-11-27T08:00:00.000Z"); // 16:00 in Asia/Shanghai
      });
    }

    it("stores a retransmitted Alarm once and answers both copies", async () => {
      const id = await registered();
      const req = message(id, alarmXml(id, 77, { method: 5, type: 2, priority: 2 }), { callId: `retx-${id}` });
      c.send(req);
      assert.equal((await c.nextResponse()).status, 200);
      c.send(req);
      assert.equal((await c.nextResponse()).status, 200);
      const stored = (await rig.events.since(0)).filter((e) => e.data.gbDeviceId === id && e.kind === "behaviour.motion");
      assert.equal(stored.length, 1);
    });

    it("decodes a GB2312 body named in the XML declaration", async () => {
      const id = await registered();
      const head = Buffer.from(`<?xml version="1.0" encoding="GB2312"?>\r\n<Notify>\r\n<CmdType>Alarm</CmdType>\r\n<SN>3</SN>\r\n<DeviceID>${id}</DeviceID>\r\n<AlarmPriority>2</AlarmPriority>\r\n<AlarmMethod>5</AlarmMethod>\r\n<AlarmDescription>`, "latin1");
      const tail = Buffer.from("</AlarmDescription>\r\n<Info><AlarmType>2</AlarmType></Info>\r\n</Notify>\r\n", "latin1");
      c.send(message(id, Buffer.concat([head, Buffer.from("c9e3cff1bbfa", "hex"), tail]))); // 摄像机 in GB2312
      assert.equal((await c.nextResponse()).status, 200);
      const ev = (await rig.events.since(0)).find((e) => e.data.gbDeviceId === id && e.kind === "behaviour.motion");
      assert.equal(ev?.data.description, "摄像机");
    });

    const refusals: Array<{ name: string; build: (id: string) => Buffer; status: number; reason: string; allow?: boolean }> = [
      { name: "malformed XML", build: (id) => message(id, "<Notify><CmdType>Keepalive</CmdType><SN>1</Notify>"), status: 400, reason: "malformed_xml" },
      { name: "MANSCDP without SN", build: (id) => message(id, `<?xml version="1.0"?><Notify><CmdType>Keepalive</CmdType><DeviceID>${id}</DeviceID></Notify>`), status: 400, reason: "bad_manscdp" },
      { name: "a text/plain body", build: (id) => message(id, "hello", { contentType: "text/plain" }), status: 415, reason: "unsupported_content_type" },
      { name: "a bad request line", build: (id) => Buffer.from(message(id, keepaliveXml(id)).toString("latin1").replace(/^MESSAGE \S+ SIP\/2\.0/, "MESSAGE SIP/2.0")), status: 400, reason: "bad_start_line" },
      { name: "a missing Call-ID", build: (id) => Buffer.from(message(id, keepaliveXml(id)).toString("latin1").replace(/Call-ID: [^\r]+\r\n/, "")), status: 400, reason: "missing_header" },
      { name: "a missing CSeq", build: (id) => Buffer.from(message(id, keepaliveXml(id)).toString("latin1").replace(/CSeq: [^\r]+\r\n/, "")), status: 400, reason: "missing_header" },
      { name: "a CSeq naming another method", build: (id) => Buffer.from(message(id, keepaliveXml(id)).toString("latin1").replace(/CSeq: 1 MESSAGE/, "CSeq: 1 INFO")), status: 400, reason: "missing_header" },
      { name: "INVITE (media not served)", build: (id) => sipRequest({ method: "INVITE", deviceId: id, transport, clientPort: c.port }), status: 488, reason: "unsupported_method", allow: true },
      { name: "BYE outside a dialog", build: (id) => sipRequest({ method: "BYE", deviceId: id, transport, clientPort: c.port }), status: 481, reason: "unsupported_method" },
      { name: "SUBSCRIBE", build: (id) => sipRequest({ method: "SUBSCRIBE", deviceId: id, transport, clientPort: c.port }), status: 405, reason: "unsupported_method", allow: true },
      { name: "an unknown method", build: (id) => sipRequest({ method: "FROBNICATE", deviceId: id, transport, clientPort: c.port }), status: 501, reason: "unsupported_method", allow: true },
    ];
    if (transport === "udp") {
      refusals.push({
        name: "a Content-Length longer than the datagram",
        build: (id) => Buffer.from(message(id, keepaliveXml(id)).toString("latin1").replace(/Content-Length: \d+/, "Content-Length: 9999")),
        status: 400, reason: "bad_content_length",
      });
    }
    for (const r of refusals) {
      it(`answers ${r.name} with ${r.status}, counts and dead-letters it`, async () => {
        const id = await registered();
        const before = rig.metrics.render();
        c.send(r.build(id));
        const reply = await c.nextResponse();
        assert.equal(reply.status, r.status);
        if (r.allow) assert.match(reply.header("Allow") ?? "", /REGISTER.*MESSAGE/);
        const dead = await deadLetter(r.reason);
        assert.ok(Buffer.from(dead.rawBase64, "base64").length > 0);
        assert.notEqual(rig.metrics.render(), before);
        assert.match(rig.metrics.render(), new RegExp(`campustwin_gb28181_refused_total\\{reason="${r.reason}"\\} [1-9]`));
      });
    }

    it("answers OPTIONS with 200 and Allow", async () => {
      c.send(sipRequest({ method: "OPTIONS", deviceId: newId(), transport, clientPort: c.port }));
      const r = await c.nextResponse();
      assert.equal(r.status, 200);
      assert.match(r.header("Allow") ?? "", /REGISTER/);
    });

    it("dead-letters a request without Via (no route for an answer) and stays silent", async () => {
      const id = await registered();
      c.send(Buffer.from(message(id, keepaliveXml(id)).toString("latin1").replace(/Via: [^\r]+\r\n/, "")));
      assert.equal(await c.quiet(300), null);
      await deadLetter("missing_header: Via");
    });

    it("keeps serving good devices after garbage", async () => {
      const other = await rawClient(transport, rig.port);
      try {
        other.send(randomBytes(600));
        if (transport === "tcp") other.send("\r\n\r\nXYZ\r\nContent-Length: zz\r\n\r\n");
        const id = await registered();
        c.send(message(id, keepaliveXml(id)));
        assert.equal((await c.nextResponse()).status, 200);
      } finally {
        other.close();
      }
    });
  });
}

describe("GB/T 28181 over TCP: stream framing", () => {
  let rig: Rig;
  before(async () => {
    rig = await startRig();
  });
  after(() => rig.close());

  it("answers two requests that arrive in one segment, and one split across three", async () => {
    const c = await rawClient("tcp", rig.port);
    try {
      const a = sipRequest({ method: "OPTIONS", deviceId: newId(), transport: "tcp", clientPort: c.port, callId: "first" });
      const b = sipRequest({ method: "OPTIONS", deviceId: newId(), transport: "tcp", clientPort: c.port, callId: "second" });
      c.send(Buffer.concat([a, b]));
      assert.equal((await c.nextResponse()).header("Call-ID"), "first@127.0.0.1");
      assert.equal((await c.nextResponse()).header("Call-ID"), "second@127.0.0.1");
      const d = sipRequest({ method: "OPTIONS", deviceId: newId(), transport: "tcp", clientPort: c.port, callId: "split", body: "x".repeat(40), contentType: "text/plain" });
      c.send(d.subarray(0, 10));
      await new Promise((r) => setTimeout(r, 20));
      c.send(d.subarray(10, 100));
      await new Promise((r) => setTimeout(r, 20));
      c.send(d.subarray(100));
      assert.equal((await c.nextResponse()).header("Call-ID"), "split@127.0.0.1");
    } finally {
      c.close();
    }
  });

  it("closes a connection whose Content-Length is unreadable or whose header never ends, dead-lettering the bytes", async () => {
    for (const [bytes, reason] of [
      [Buffer.from("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: ten\r\n\r\n"), "bad_content_length"],
      [Buffer.from(`OPTIONS sip:a@b SIP/2.0\r\nX: ${"a".repeat(70_000)}`), "oversized"],
    ] as const) {
      const c = await rawClient("tcp", rig.port);
      c.send(bytes);
      await eventually(async () => (await rig.t.db.prisma.deadLetter.findMany()).some((d) => d.reason.startsWith(reason)));
      c.close();
    }
  });
});

describe("GB/T 28181 when the event store fails", () => {
  let rig: Rig;
  before(async () => {
    // Presence events commit; alarms fail as if the database rejected them.
    rig = await startRig({}, (log) => ({
      ...log,
      append: (events) => (events.every((e) => e.kind.startsWith("device.")) ? log.append(events) : Promise.reject(new Error("disk full"))),
    }));
  });
  after(() => rig.close());

  it("answers 500 so the device retransmits, dead-letters the alarm, and keeps serving", async () => {
    const c = await rawClient("udp", rig.port);
    try {
      const id = newId();
      assert.equal((await registerRaw(c, "udp", id)).status, 200);
      c.send(sipRequest({ method: "MESSAGE", deviceId: id, transport: "udp", clientPort: c.port, contentType: MANSCDP, body: alarmXml(id, 1, { method: 5, type: 2, priority: 1 }) }));
      assert.equal((await c.nextResponse()).status, 500);
      await eventually(async () => (await rig.t.db.prisma.deadLetter.findMany()).some((d) => d.reason === "internal_error: disk full"));
      c.send(sipRequest({ method: "MESSAGE", deviceId: id, transport: "udp", clientPort: c.port, contentType: MANSCDP, body: keepaliveXml(id) }));
      assert.equal((await c.nextResponse()).status, 200);
    } finally {
      c.close();
    }
  });
});
