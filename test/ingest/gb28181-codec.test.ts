import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ALARM_KINDS, alarmKind, alarmSeverity } from "../../server/ingest/gb28181/alarm-map";
import { createDigestAuthority, digestResponse, parseDigestHeader } from "../../server/ingest/gb28181/digest";
import { gbDateTime, parseGbDateTime } from "../../server/ingest/gb28181/gb-time";
import { buildCatalogResponse } from "../../server/ingest/gb28181/manscdp-build";
import { catalogPage, decodeManscdpBody, parseManscdp } from "../../server/ingest/gb28181/manscdp";
import { createSipStreamFramer } from "../../server/ingest/gb28181/sip-framer";
import { header, headerAll, parseSipMessage, serializeSipMessage, SipParseError } from "../../server/ingest/gb28181/sip-message";
import { md5, rfc2617 } from "./gb28181-support";

// The pieces under the GB/T 28181 listener, each against vectors from the protocol texts.

const req = (lines: string[], body = "") => Buffer.from(`${lines.join("\r\n")}\r\n\r\n${body}`, "latin1");

describe("SIP message codec (RFC 3261 §7, §20)", () => {
  it("reads compact forms, repeated and comma-joined Via, folded lines and the body", () => {
    const m = parseSipMessage(req([
      "MESSAGE sip:34020000002000000001@3402000000 SIP/2.0",
      "v: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bKa, SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKb",
      "VIA: SIP/2.0/UDP 10.0.0.0:5070;branch=z9hG4bKc",
      "f: <sip:1@x>;tag=1", "t: <sip:2@x>", "i: abc", "CSeq: 4 MESSAGE",
      "Subject: first",
      "  second",
      "c: Application/MANSCDP+xml", "l: 5",
    ], "hello+trailing"));
    assert.equal(m.start.kind, "request");
    assert.deepEqual(headerAll(m, "via").map((v) => /branch=(\w+)/.exec(v)![1]), ["z9hG4bKa", "z9hG4bKb", "z9hG4bKc"]);
    assert.equal(header(m, "call-id"), "abc");
    assert.equal(header(m, "CONTENT-TYPE"), "Application/MANSCDP+xml");
    assert.equal(header(m, "Subject"), "first second");
    assert.equal(m.body.toString(), "hello", "a datagram's body stops at Content-Length (§18.3)");
  });

  const bad: Array<[string, Buffer, string]> = [
    ["a start line with four parts", req(["MESSAGE sip:a@b SIP/2.0 extra", "l: 0"]), "bad_start_line"],
    ["a SIP/3.0 request", req(["MESSAGE sip:a@b SIP/3.0", "l: 0"]), "bad_start_line"],
    ["a header without a colon", req(["MESSAGE sip:a@b SIP/2.0", "Via SIP/2.0/UDP x"]), "bad_header"],
    ["a non-numeric Content-Length", req(["MESSAGE sip:a@b SIP/2.0", "Content-Length: -1"]), "bad_content_length"],
    ["a Content-Length past the end", req(["MESSAGE sip:a@b SIP/2.0", "Content-Length: 10"], "abc"), "bad_content_length"],
    ["no blank line", Buffer.from("MESSAGE sip:a@b SIP/2.0\r\nVia: x"), "truncated"],
  ];
  for (const [name, bytes, reason] of bad) {
    it(`rejects ${name} (${reason})`, () => {
      assert.throws(() => parseSipMessage(bytes), (e: unknown) => e instanceof SipParseError && e.reason === reason);
    });
  }

  it("requires Content-Length on a stream and writes a correct one", () => {
    assert.throws(() => parseSipMessage(req(["OPTIONS sip:a@b SIP/2.0"]), false), SipParseError);
    const out = serializeSipMessage({ start: { kind: "response", status: 200, reason: "OK" }, headers: [["Content-Length", "99"]], body: Buffer.from("é", "utf8") });
    assert.equal(out.toString("latin1"), "SIP/2.0 200 OK\r\nContent-Length: 2\r\n\r\n\xc3\xa9");
  });
});

describe("SIP stream framing (RFC 3261 §18.3, RFC 5626 pings)", () => {
  const one = req(["OPTIONS sip:a@b SIP/2.0", "Content-Length: 3"], "abc");
  it("splits two messages in one chunk and joins one cut into single bytes", () => {
    const f = createSipStreamFramer();
    assert.deepEqual(f.push(Buffer.concat([one, one])).map((c) => c.kind), ["message", "message"]);
    const got = [...one].flatMap((b) => f.push(Buffer.from([b])));
    assert.equal(got.length, 1);
    assert.deepEqual(got[0], { kind: "message", bytes: one });
  });
  it("reports a double-CRLF ping and skips it", () => {
    const f = createSipStreamFramer();
    assert.deepEqual(f.push(Buffer.concat([Buffer.from("\r\n\r\n"), one])).map((c) => c.kind), ["ping", "message"]);
  });
  it("gives up on an unframeable stream", () => {
    assert.equal(createSipStreamFramer().push(req(["OPTIONS sip:a@b SIP/2.0"]))[0]?.kind, "error");
    assert.equal(createSipStreamFramer(100).push(Buffer.alloc(200, 0x41))[0]?.kind, "error");
  });
});

describe("Digest (RFC 2617)", () => {
  it("computes the RFC 2617 §3.5 example response", () => {
    const r = digestResponse({
      username: "Mufasa", realm: "testrealm@host.com", password: "Circle Of Life", method: "GET", uri: "/dir/index.html",
      nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093", qop: "auth", nc: "00000001", cnonce: "0a4f113b",
    });
    assert.equal(r, "6629fae49393a05397450978507c4ef1");
  });

  it("accepts a correct response once per nc, refuses a wrong one, expires nonces", () => {
    let nowMs = 1_000;
    const auth = createDigestAuthority({ realm: "3402000000", passwordFor: (u) => (u === "dev" ? "pw" : null), nonceTtlMs: 60_000, nowMs: () => nowMs });
    const challenge = parseDigestHeader(auth.challenge())!;
    const cred = (nc: string, pass = "pw") =>
      `Digest username="dev", realm="3402000000", nonce="${challenge.nonce}", uri="sip:p@r", qop=auth, nc=${nc}, cnonce="c", opaque="${challenge.opaque}", `
      + `response="${rfc2617("dev", "3402000000", pass, "REGISTER", "sip:p@r", challenge.nonce!, nc, "c")}"`;
    assert.deepEqual(auth.verify(cred("00000001"), "REGISTER", "dev"), { ok: true, username: "dev" });
    assert.equal(auth.verify(cred("00000001"), "REGISTER", "dev").ok, false);
    assert.equal(auth.verify(cred("00000002", "nope"), "REGISTER", "dev").ok, false);
    assert.equal(auth.verify(cred("00000003"), "REGISTER", "other").ok, false);
    assert.deepEqual(auth.verify(cred("00000004"), "REGISTER", "dev"), { ok: true, username: "dev" });
    nowMs += 61_000;
    const stale = auth.verify(cred("00000005"), "REGISTER", "dev");
    assert.ok(!stale.ok && stale.status === 401 && stale.stale);
    assert.equal(auth.verify("Basic Zm9vOmJhcg==", "REGISTER", "dev").ok, false);
    assert.notEqual(md5("x"), challenge.nonce);
  });
});

describe("MANSCDP (GB/T 28181-2016 Annex A)", () => {
  it("decodes GB2312 when declared and UTF-8 otherwise", () => {
    const gb = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="GB2312"?><a>'), Buffer.from("c9e3cff1bbfa", "hex"), Buffer.from("</a>")]);
    assert.match(decodeManscdpBody(gb), /<a>摄像机<\/a>/);
    assert.match(decodeManscdpBody(Buffer.from("<a>摄像机</a>", "utf8")), /摄像机/);
  });

  it("keeps 20-digit ids as text and reads a catalog page", () => {
    const xml = buildCatalogResponse(7, "34020000001180000001", 25, [{ deviceId: "34020000001310000001", name: "东门 <1>", longitudeDeg: 121.5, latitudeDeg: 31.2 }]);
    const doc = parseManscdp(Buffer.from(xml));
    assert.deepEqual([doc.root, doc.cmdType, doc.sn, doc.deviceId], ["Response", "Catalog", 7, "34020000001180000001"]);
    const page = catalogPage(doc);
    assert.equal(page.sumNum, 25);
    assert.equal(page.items[0]!.deviceId, "34020000001310000001");
    assert.equal(page.items[0]!.name, "东门 <1>");
    assert.equal(page.items[0]!.longitudeDeg, 121.5);
  });
});

describe("GB alarm vocabulary and time", () => {
  it("maps every tabled method/type pair to a dotted kind and falls back per method", () => {
    for (const [method, entry] of Object.entries(ALARM_KINDS)) {
      for (const [type, kind] of Object.entries(entry.byType)) assert.equal(alarmKind({ method: Number(method), type: Number(type) }), kind);
      assert.equal(alarmKind({ method: Number(method), type: 99 }), entry.fallback);
    }
    assert.equal(alarmKind({ method: null, type: null }), "alarm.video");
    assert.deepEqual([1, 2, 3, 4, null].map(alarmSeverity), [4, 3, 2, 1, 2]);
  });

  it("formats and parses GB local date-times in the platform's zone", () => {
    assert.equal(gbDateTime(new Date("2026-11-27T23:59:59.007Z"), "Asia/Shanghai"), "2026-11-28T07:59:59.007");
    assert.equal(parseGbDateTime("2026-11-28T07:59:59", "Asia/Shanghai")?.toISOString(), "2026-11-27T23:59:59.000Z");
    assert.equal(parseGbDateTime("2026-11-28 07:59:59.5", "Asia/Shanghai")?.toISOString(), "2026-11-27T23:59:59.500Z");
    assert.equal(parseGbDateTime("yesterday", "Asia/Shanghai"), null);
  });
});
