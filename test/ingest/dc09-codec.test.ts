import assert from "node:assert/strict";
import { createCipheriv, createDecipheriv } from "node:crypto";
import { describe, it } from "node:test";
import { crc16Arc } from "../../server/ingest/dc09/crc";
import { decryptContent, encryptContent } from "../../server/ingest/dc09/crypto";
import { mapSignal } from "../../server/ingest/dc09/event-map";
import { buildFrame, parseContent, parseEnvelope } from "../../server/ingest/dc09/frame";
import { parseCid, parseSia } from "../../server/ingest/dc09/payload";
import { createFrameSplitter } from "../../server/ingest/dc09/splitter";
import { referenceCrc } from "../support/dc09-wire";

// Codec vectors computed independently of the code under test.

const wire = (crcLen: string, body: string) => Buffer.from(`\n${crcLen}${body}\r`, "latin1");

/** Frames published with their CRC and length (pysiaalarm's test vectors, captured from panels). */
const PUBLISHED = [
  { crc: 0x4358, len: 0x23, body: '"SIA-DCS"0084L0#AAA[#AAA|Nri1/XC12]' },
  { crc: 0xca2f, len: 0x38, body: '"NULL"0000L0#7890[#0000|0000 00 000]_22:13:29,12-29-2022' },
  { crc: 0x76d8, len: 0x55, body: '"*NULL"0000R0L0#AAAB[B4BC8B40D0E6D959D6BEA78E88CC0B2155741A3C44FBB96D476A3E557CAD64D9' },
];

describe("DC-09 CRC-16/ARC", () => {
  it("gives the catalogue check value 0xBB3D for \"123456789\" (both implementations)", () => {
    assert.equal(referenceCrc("123456789"), 0xbb3d);
    assert.equal(crc16Arc(Buffer.from("123456789")), 0xbb3d);
  });
  for (const v of PUBLISHED) {
    it(`matches the published CRC ${v.crc.toString(16).toUpperCase()} of ${v.body.slice(0, 24)}…`, () => {
      assert.equal(referenceCrc(v.body), v.crc);
      assert.equal(crc16Arc(Buffer.from(v.body, "latin1")), v.crc);
      assert.equal(v.body.length, v.len);
      const env = parseEnvelope(buildFrame(v.body));
      assert.match(buildFrame(v.body).toString("latin1"), new RegExp(`^\\n${v.crc.toString(16).toUpperCase().padStart(4, "0")}${v.len.toString(16).toUpperCase().padStart(4, "0")}`));
      assert.ok(env.account.length >= 3);
    });
  }
  it("agrees with the reference on random bodies", () => {
    for (let i = 0; i < 200; i++) {
      const body = `"ADM-CID"${String(i).padStart(4, "0")}L0#${(i * 7919).toString(16).toUpperCase()}[#1|1130 01 ${String(i % 999).padStart(3, "0")}]`;
      assert.equal(crc16Arc(Buffer.from(body)), referenceCrc(body), body);
    }
  });
});

describe("DC-09 framing", () => {
  it("parses header fields and content, with and without receiver and timestamp", () => {
    const env = parseEnvelope(wire("4358" + "0023", PUBLISHED[0]!.body));
    assert.deepEqual({ ...env }, { encrypted: false, token: "SIA-DCS", seq: "0084", receiver: null, line: "0", account: "AAA", rest: "#AAA|Nri1/XC12]" });
    const c = parseContent("#1234|1130 01 015][XAB][YCD]_08:40:47,07-08-2020");
    assert.deepEqual(c, { data: "#1234|1130 01 015", extended: ["XAB", "YCD"], timestamp: new Date("2020-07-08T08:40:47Z") });
    assert.equal(parseContent("#1234|1130 01 015]_25:00:00,07-08-2020"), null);
    assert.equal(parseContent("#1234|1130 01 015]_10:00:00,02-30-2020"), null);
  });
  const bad: Array<[string, Buffer, string]> = [
    ["wrong CRC", wire("4359" + "0023", PUBLISHED[0]!.body), "crc"],
    ["wrong length", wire("4358" + "0024", PUBLISHED[0]!.body), "length"],
    ["no LF", Buffer.from(`43580023${PUBLISHED[0]!.body}\r`), "format"],
    ["length not 0LLL", wire("4358" + "1023", PUBLISHED[0]!.body), "format"],
    ["account too short", buildFrame('"SIA-DCS"0001L0#AB[#AB|Nri1/BA1]'), "format"],
    ["line prefix missing", buildFrame('"SIA-DCS"0001R1#1234[#1234|Nri1/BA1]'), "format"],
  ];
  for (const [name, frame, reason] of bad) {
    it(`refuses a frame with ${name} (${reason})`, () => {
      assert.throws(() => parseEnvelope(frame), (e: Error & { reason?: string }) => e.reason === reason);
    });
  }
});

describe("DC-09 AES (zero IV, pad ended by |)", () => {
  for (const bits of [128, 192, 256]) {
    it(`round-trips with AES-${bits} and matches node:crypto used directly`, () => {
      const key = Buffer.alloc(bits / 8, 0x5a).map((b, i) => (b + i * 13) & 0xff);
      const content = "#1234|1130 01 015]_08:40:47,07-08-2020";
      const hex = encryptContent(content, Buffer.from(key));
      assert.equal(hex.length % 32, 0);
      const d = createDecipheriv(`aes-${bits}-cbc`, key, Buffer.alloc(16));
      d.setAutoPadding(false);
      const plain = Buffer.concat([d.update(Buffer.from(hex, "hex")), d.final()]).toString("latin1");
      assert.ok(plain.endsWith(`|${content}`), plain);
      assert.doesNotMatch(plain.slice(0, plain.length - content.length - 1), /[|[\]]/);
      // And the other way: our decryptor reads a message encrypted by node:crypto directly.
      const c = createCipheriv(`aes-${bits}-cbc`, key, Buffer.alloc(16));
      c.setAutoPadding(false);
      const padded = `${"x".repeat(16 - ((content.length + 1) % 16))}|${content}`;
      const theirs = Buffer.concat([c.update(padded, "latin1"), c.final()]).toString("hex");
      assert.equal(decryptContent(theirs, Buffer.from(key)), content);
    });
  }
  it("decrypts the published encrypted NULL (key AAAAAAAAAAAAAAAA, pad without |)", () => {
    const env = parseEnvelope(buildFrame(PUBLISHED[2]!.body));
    const plain = decryptContent(env.rest, Buffer.from("AAAAAAAAAAAAAAAA"));
    assert.equal(plain, "]_18:24:52,07-05-2020");
  });
  it("yields nothing usable with a wrong key", () => {
    const hex = encryptContent("#1234|1130 01 015]_08:40:47,07-08-2020", Buffer.alloc(16, 1));
    const plain = decryptContent(hex, Buffer.alloc(16, 2));
    assert.ok(plain === null || parseContent(plain) === null);
  });
});

describe("DC-09 payloads and event map", () => {
  it("parses Contact ID and SIA DCS data blocks", () => {
    assert.deepEqual(parseCid("#1234|1130 01 015").signals[0], { scheme: "cid", qualifier: 1, code: "130", partition: 1, zone: 15 });
    assert.deepEqual(parseSia("#AAA|Nri1/BA01/FA02").signals.map((s) => [s.code, s.partition, s.zone]), [["BA", 1, 1], ["FA", 1, 2]]);
    assert.deepEqual(parseSia("#AAA|Nri1BA01").signals.map((s) => s.code), ["BA"]);
    assert.throws(() => parseCid("#1234|9130 01 015"));
    assert.throws(() => parseSia("#1234|Nri1"));
  });
  const table: Array<[string, string, 1 | 3 | 6 | null, boolean, string]> = [
    ["cid", "110", 1, false, "fire.smoke"], ["cid", "121", 1, false, "alarm.panic"], ["cid", "130", 1, false, "alarm.intrusion"],
    ["cid", "130", 1, true, "fence.alarm"], ["cid", "130", 3, false, "alarm.intrusion_restored"], ["cid", "137", 1, false, "device.tamper"],
    ["cid", "144", 1, false, "device.tamper"], ["cid", "301", 1, false, "power.ac_loss"], ["cid", "380", 1, true, "fence.fault"],
    ["cid", "380", 1, false, "device.fault"], ["cid", "401", 1, false, "panel.disarmed"], ["cid", "401", 3, false, "panel.armed"],
    ["cid", "602", 1, false, "device.test"], ["cid", "999", 1, false, "panel.event"],
    ["sia", "BA", null, false, "alarm.intrusion"], ["sia", "BA", null, true, "fence.alarm"], ["sia", "BH", null, false, "alarm.intrusion_restored"],
    ["sia", "PA", null, false, "alarm.panic"], ["sia", "FA", null, false, "fire.smoke"], ["sia", "TA", null, false, "device.tamper"],
    ["sia", "TR", null, false, "device.tamper_restored"], ["sia", "AT", null, false, "power.ac_loss"], ["sia", "AR", null, false, "power.ac_restored"],
    ["sia", "OP", null, false, "panel.disarmed"], ["sia", "CL", null, false, "panel.armed"], ["sia", "RP", null, false, "device.test"],
  ];
  for (const [scheme, code, qualifier, fence, kind] of table) {
    it(`maps ${scheme} ${code}${qualifier ? ` q${qualifier}` : ""}${fence ? " on a fence" : ""} → ${kind}`, () => {
      const m = mapSignal({ scheme: scheme as "cid" | "sia", code, qualifier, partition: 1, zone: 1 }, fence);
      assert.equal(m.kind, kind);
    });
  }
});

describe("DC-09 stream splitter", () => {
  const f1 = buildFrame('"NULL"0001L0#1234[]');
  const f2 = buildFrame('"NULL"0002L0#1234[]');
  it("joins a frame split across packets and splits frames sharing one", () => {
    const s = createFrameSplitter(4105);
    const both = Buffer.concat([f1, f2]);
    const out = [...s.push(both.subarray(0, 7)), ...s.push(both.subarray(7, f1.length + 3)), ...s.push(both.subarray(f1.length + 3))];
    assert.deepEqual(out.map((p) => [p.kind, p.bytes.toString("latin1")]), [["frame", f1.toString("latin1")], ["frame", f2.toString("latin1")]]);
  });
  it("cuts out garbage, a truncated frame and an oversized run, and keeps the good frames", () => {
    const s = createFrameSplitter(64);
    const out = [
      ...s.push(Buffer.from("hello\r")), ...s.push(f1.subarray(0, 10)), ...s.push(f2),
      ...s.push(Buffer.concat([Buffer.from("\n"), Buffer.alloc(100, 0x41)])), ...s.push(Buffer.from("AAAA\r")), ...s.push(f1),
    ];
    assert.deepEqual(out.map((p) => (p.kind === "frame" ? "frame" : p.reason)), ["garbage", "truncated", "frame", "oversized", "frame"]);
    s.push(f1.subarray(0, 5));
    assert.deepEqual(s.end().map((p) => (p.kind === "frame" ? "frame" : p.reason)), ["truncated"]);
  });
});
