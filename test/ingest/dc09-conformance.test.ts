import assert from "node:assert/strict";
import { createCipheriv } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { CampusEvent } from "../../server/contracts/event";
import { fromEventRow } from "../../server/events/rows";
import { createDc09Ingest } from "../../server/ingest/dc09/ingest";
import type { RunningIngest } from "../../server/ingest/types";
import { Dc09Panel } from "../../simulators/dc09/panel";
import { createTestDb, type TestDb } from "../support/db";
import { AES_ACCOUNT, BUTTON, buildDeps, CAMPUS_ID, FENCE, PANEL, seedDc09Campus } from "../support/dc09-fixture";
import { exchange, referenceFrame, utcStamp } from "../support/dc09-wire";

// SIA DC-09 conformance over real sockets (TCP and UDP on one port number): every good message
// is ACKed only once its event is stored; every bad input gets the protocol's answer, is
// dead-lettered with its raw bytes and counted; good traffic from another panel goes on.

const AES_KEY_HEX = "000102030405060708090A0B0C0D0E0F";
const ackRe = (seq: string, acct: string) => new RegExp(`^"ACK"${seq}R0L0#${acct}\\[\\]$`);
const NAK_RE = /^"NAK"0000R0L0A0\[\]_\d\d:\d\d:\d\d,\d\d-\d\d-\d{4}$/;

/** An encrypted frame built with node:crypto directly, not with the code under test. */
function encryptedFrame(account: string, seq: string, data: string, at: Date, keyHex: string): Buffer {
  const content = `${data}]${utcStamp(at)}`;
  const plain = `${"Q".repeat(16 - ((content.length + 1) % 16))}|${content}`;
  const key = Buffer.from(keyHex, "hex");
  const c = createCipheriv(`aes-${key.length * 8}-cbc`, key, Buffer.alloc(16));
  c.setAutoPadding(false);
  const hex = Buffer.concat([c.update(plain, "latin1"), c.final()]).toString("hex").toUpperCase();
  return referenceFrame(`"*ADM-CID"${seq}R0L0#${account}[${hex}`);
}
const clear = (token: string, seq: string, account: string, data: string, at: Date | null = new Date()) =>
  referenceFrame(`"${token}"${seq}R0L0#${account}[${data}]${at ? utcStamp(at) : ""}`);

describe("DC-09 receiver conformance", () => {
  let t: TestDb;
  let deps: ReturnType<typeof buildDeps>;
  let ingest: RunningIngest;
  let port: number;

  before(async () => {
    t = await createTestDb();
    await seedDc09Campus(t.db);
    deps = buildDeps(t.db);
    ingest = await createDc09Ingest(deps, {
      host: "127.0.0.1", port: 0, keys: { [AES_ACCOUNT.account]: AES_KEY_HEX }, supervision: { watchRegistered: false },
    }).start();
    port = ingest.ports.tcp!;
    assert.equal(ingest.ports.udp, port);
  });
  after(async () => {
    await ingest.stop();
    await deps.close();
    await t.drop();
  });

  const eventsFor = async (account: string, seq: string): Promise<CampusEvent[]> => {
    const rows = await t.db.prisma.event.findMany({ where: { sourceJson: { contains: `acct=${account};seq=${seq}` } }, orderBy: { seq: "asc" } });
    return rows.map(fromEventRow);
  };

  const good: Array<{ name: string; account: string; data: string; token?: string; kind: string; deviceId: string; loc?: [number, number, number] }> = [
    { name: "CID burglary on a known zone", account: PANEL.account, data: "#1234|1130 01 015", kind: "alarm.intrusion", deviceId: PANEL.detectorId, loc: [11, 22, 2] },
    { name: "CID burglary on a fence host zone", account: FENCE.account, data: "#5678|1130 01 003", kind: "fence.alarm", deviceId: FENCE.segmentId, loc: [120, 5, 0] },
    { name: "CID trouble on a fence host", account: FENCE.account, data: "#5678|1380 01 003", kind: "fence.fault", deviceId: FENCE.segmentId },
    { name: "CID panic from a 110 button", account: BUTTON.account, data: "#9999|1120 01 000", kind: "alarm.panic", deviceId: BUTTON.deviceId },
    { name: "CID closing (armed)", account: PANEL.account, data: "#1234|3401 01 007", kind: "panel.armed", deviceId: PANEL.deviceId },
    { name: "CID AC loss", account: PANEL.account, data: "#1234|1301 01 000", kind: "power.ac_loss", deviceId: PANEL.deviceId, loc: [10, 20, 1] },
    { name: "CID periodic test", account: PANEL.account, data: "#1234|1602 01 000", kind: "device.test", deviceId: PANEL.deviceId },
    { name: "SIA fire on an unknown zone (falls back to the panel)", account: PANEL.account, token: "SIA-DCS", data: "#1234|Nri1/FA77", kind: "fire.smoke", deviceId: PANEL.deviceId },
    { name: "SIA tamper", account: PANEL.account, token: "SIA-DCS", data: "#1234|Nri1/TA15", kind: "device.tamper", deviceId: PANEL.detectorId },
  ];

  for (const transport of ["tcp", "udp"] as const) {
    let seqN = transport === "tcp" ? 100 : 200;
    for (const g of good) {
      it(`${transport}: ${g.name} → ACK after commit, ${g.kind}`, async () => {
        const seq = String(seqN++).padStart(4, "0");
        const [answer] = await exchange(transport, port, [clear(g.token ?? "ADM-CID", seq, g.account, g.data)], 1);
        assert.match(answer!, ackRe(seq, g.account));
        const stored = await eventsFor(g.account, seq); // already there: the ACK came after commit
        assert.equal(stored.length, 1);
        const e = stored[0]!;
        assert.equal(e.kind, g.kind);
        assert.equal(e.deviceId, g.deviceId);
        assert.equal(e.campusId, CAMPUS_ID);
        if (g.loc) assert.deepEqual(e.location, { xM: g.loc[0], yM: g.loc[1], floor: g.loc[2] });
      });
    }
  }

  it("tcp: three frames in one packet get three ACKs in order; a frame split byte by byte is reassembled", async () => {
    const frames = ["0301", "0302", "0303"].map((s) => clear("ADM-CID", s, PANEL.account, "#1234|1602 01 000"));
    const answers = await exchange("tcp", port, [Buffer.concat(frames)], 3);
    assert.deepEqual(answers.map((a) => a.slice(5, 9)), ["0301", "0302", "0303"]);
    const split = clear("ADM-CID", "0304", PANEL.account, "#1234|1602 01 000");
    const pieces = [...split].map((b) => Buffer.from([b]));
    const [one] = await exchange("tcp", port, pieces, 1);
    assert.match(one!, ackRe("0304", PANEL.account));
  });

  it("a NULL link test is ACKed and stores no event", async () => {
    const [answer] = await exchange("udp", port, [referenceFrame(`"NULL"0400R0L0#${PANEL.account}[]${utcStamp(new Date())}`)], 1);
    assert.match(answer!, ackRe("0400", PANEL.account));
    assert.equal((await eventsFor(PANEL.account, "0400")).length, 0);
  });

  it("an encrypted message is ACKed with an encrypted *ACK that decrypts to ]_timestamp", async () => {
    const panel = new Dc09Panel({ host: "127.0.0.1", port, account: AES_ACCOUNT.account, keyHex: AES_KEY_HEX, startSeq: 500 });
    const r = await panel.report("intrusion", { zone: 1 });
    await panel.close();
    assert.equal(r.answer, "ACK"); // the panel only accepts an *ACK whose content decrypts with its key
    const [answer] = await exchange("tcp", port, [encryptedFrame(AES_ACCOUNT.account, "0501", "#ABC1|1130 01 001", new Date(), AES_KEY_HEX)], 1);
    assert.match(answer!, /^"\*ACK"0501R0L0#ABC1\[[0-9A-F]{32,}$/);
    assert.equal((await eventsFor(AES_ACCOUNT.account, "0501"))[0]?.kind, "alarm.intrusion");
  });

  it("a retransmission (same account, seq and content) is ACKed again and stored once", async () => {
    const f = clear("ADM-CID", "0600", PANEL.account, "#1234|1130 01 015");
    const answers = await exchange("tcp", port, [Buffer.concat([f, f])], 2);
    const again = await exchange("udp", port, [f], 1);
    for (const a of [...answers, ...again]) assert.match(a, ackRe("0600", PANEL.account));
    assert.equal((await eventsFor(PANEL.account, "0600")).length, 1);
    assert.ok(deps.metrics.render().includes("campustwin_dc09_duplicates_total 2"));
    const noStamp = clear("ADM-CID", "0601", PANEL.account, "#1234|1130 01 015", null);
    await exchange("tcp", port, [noStamp], 1);
    await exchange("udp", port, [noStamp], 1);
    assert.equal((await eventsFor(PANEL.account, "0601")).length, 1);
  });

  const stale = new Date(Date.now() - 120_000);
  const bad: Array<{ name: string; bytes: () => Buffer; answer: RegExp; reason: string }> = [
    { name: "garbage", bytes: () => Buffer.from("GET / HTTP/1.0\r"), answer: NAK_RE, reason: "garbage" },
    { name: "wrong CRC", bytes: () => referenceFrame('"ADM-CID"0700R0L0#1234[#1234|1130 01 015]', { crc: 0x1234 }), answer: NAK_RE, reason: "crc" },
    { name: "wrong length", bytes: () => referenceFrame('"ADM-CID"0701R0L0#1234[#1234|1130 01 015]', { len: 3 }), answer: NAK_RE, reason: "length" },
    { name: "oversized frame", bytes: () => Buffer.concat([Buffer.from("\n"), Buffer.alloc(6000, 0x41), Buffer.from("\r")]), answer: NAK_RE, reason: "oversized" },
    { name: "truncated frame", bytes: () => clear("ADM-CID", "0702", PANEL.account, "#1234|1130 01 015").subarray(0, 25), answer: NAK_RE, reason: "truncated" },
    { name: "unknown account", bytes: () => clear("ADM-CID", "0703", "FFF1", "#FFF1|1130 01 015"), answer: /^"DUH"0703R0L0#FFF1\[\]$/, reason: "unknown_account" },
    { name: "wrong key", bytes: () => encryptedFrame(AES_ACCOUNT.account, "0704", "#ABC1|1130 01 001", new Date(), "FF".repeat(16)), answer: NAK_RE, reason: "decrypt_failed" },
    { name: "stale timestamp (encrypted)", bytes: () => encryptedFrame(AES_ACCOUNT.account, "0705", "#ABC1|1130 01 001", stale, AES_KEY_HEX), answer: NAK_RE, reason: "stale_timestamp" },
    { name: "encrypted without a configured key", bytes: () => encryptedFrame(PANEL.account, "0706", "#1234|1130 01 001", new Date(), AES_KEY_HEX), answer: /^"DUH"0706R0L0#1234\[\]$/, reason: "no_key_for_account" },
    { name: "unparsable Contact ID", bytes: () => clear("ADM-CID", "0707", PANEL.account, "#1234|hello"), answer: /^"DUH"0707R0L0#1234\[\]$/, reason: "payload" },
    { name: "unsupported id token", bytes: () => clear("XYZ-ABC", "0708", PANEL.account, "#1234|1130 01 015"), answer: /^"DUH"0708R0L0#1234\[\]$/, reason: "unsupported_token" },
  ];

  for (const transport of ["tcp", "udp"] as const) {
    for (const b of bad) {
      it(`${transport}: ${b.name} → answered, dead-lettered with raw bytes, counted`, async () => {
        const counted = () => deps.metrics.counter("campustwin_dc09_refused_total", "").get({ reason: b.reason });
        const before = counted();
        const bytes = b.bytes();
        const chunks = b.reason === "truncated" && transport === "tcp"
          ? [Buffer.concat([bytes, clear("ADM-CID", "0709", PANEL.account, "#1234|1602 01 000")])] : [bytes];
        const answers = await exchange(transport, port, chunks, chunks[0] === bytes ? 1 : 2);
        assert.match(answers[0]!, b.answer);
        if (answers[1]) assert.match(answers[1], ackRe("0709", PANEL.account)); // the frame after a truncated one still counts
        assert.equal(counted(), before + 1);
        const dl = await t.db.prisma.deadLetter.findMany({ where: { protocol: "dc09", reason: { startsWith: b.reason } }, orderBy: { id: "desc" } });
        assert.ok(dl.length >= 1);
        const raw = Buffer.from(dl[0]!.rawBase64, "base64");
        assert.ok(bytes.subarray(0, Math.min(raw.length, 64)).equals(raw.subarray(0, Math.min(raw.length, 64))), "dead letter keeps the raw bytes");
        assert.equal(dl[0]!.remote?.startsWith(transport), true);
      });
    }
  }

  it("keeps serving good panels while another floods it with bad input", async () => {
    const panel = new Dc09Panel({ host: "127.0.0.1", port, account: BUTTON.account, startSeq: 900 });
    // A truncated frame on TCP waits for the rest of its bytes, so it is left out of the flood.
    const floodable = bad.filter((b) => b.reason !== "truncated");
    const flood = Promise.all(Array.from({ length: 40 }, (_, i) => exchange(i % 2 ? "tcp" : "udp", port, [floodable[i % floodable.length]!.bytes()], 1)));
    const results = await panel.burst(20, "panic");
    await flood;
    await panel.close();
    assert.deepEqual(results.map((r) => r.answer), Array(20).fill("ACK"));
    const stored = await t.db.prisma.event.count({ where: { deviceId: BUTTON.deviceId, kind: "alarm.panic" } });
    assert.ok(stored >= 20);
  });

  it("exposes campustwin_dc09_* counters in Prometheus text", () => {
    const text = deps.metrics.render();
    for (const name of ["campustwin_dc09_replies_total", "campustwin_dc09_refused_total", "campustwin_dc09_events_total", "campustwin_dc09_frames_total"]) {
      assert.match(text, new RegExp(`# TYPE ${name} counter`));
    }
    assert.match(text, /campustwin_dc09_replies_total\{answer="DUH"\} \d+/);
  });
});
