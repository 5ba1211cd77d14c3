import assert from "node:assert/strict";
import { createDecipheriv } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createDc09Ingest } from "../../server/ingest/dc09/ingest";
import type { RunningIngest } from "../../server/ingest/types";
import { Dc09Panel } from "../../simulators/dc09/panel";
import { createTestDb, type TestDb } from "../support/db";
import { AES_ACCOUNT, BUTTON, buildDeps, FENCE, PANEL, seedDc09Campus } from "../support/dc09-fixture";
import { exchange, referenceFrame } from "../support/dc09-wire";

// Link supervision (offline after the interval, online on the next message), clock drift
// and the encrypted timestamp window with NAK-driven clock correction.

const KEY = "00112233445566778899AABBCCDDEEFF0011223344556677"; // AES-192

async function until<T>(probe: () => Promise<T | null | undefined>, what: string, deadlineMs = 10_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("DC-09 supervision and clocks", () => {
  let t: TestDb;
  let deps: ReturnType<typeof buildDeps>;
  let ingest: RunningIngest;
  let port: number;

  before(async () => {
    t = await createTestDb();
    await seedDc09Campus(t.db);
    deps = buildDeps(t.db);
    ingest = await createDc09Ingest(deps, {
      host: "127.0.0.1", port: 0, keys: { [AES_ACCOUNT.account]: KEY },
      supervision: { defaultIntervalMs: 60_000, perAccountMs: { [FENCE.account]: 300 }, checkEveryMs: 50 },
    }).start();
    port = ingest.ports.tcp!;
  });
  after(async () => {
    await ingest.stop();
    await deps.close();
    await t.drop();
  });

  const kinds = async (deviceId: string, kind: string) => t.db.prisma.event.findMany({ where: { deviceId, kind }, orderBy: { seq: "asc" } });

  it("marks a silent account offline once, and online again on its next message", async () => {
    const offline = await until(async () => (await kinds(FENCE.deviceId, "device.offline"))[0], "device.offline");
    assert.equal(offline.campusId, (await t.db.prisma.device.findUniqueOrThrow({ where: { id: FENCE.deviceId } })).campusId);
    assert.equal((await kinds(PANEL.deviceId, "device.offline")).length, 0); // 60 s interval: still fine
    const fence = new Dc09Panel({ host: "127.0.0.1", port, account: FENCE.account, transport: "udp" });
    const r = await fence.linkTest();
    assert.equal(r.answer, "ACK");
    const online = await kinds(FENCE.deviceId, "device.online");
    assert.equal(online.length, 1); // committed before the ACK
    assert.ok(online[0]!.seq > offline.seq);
    await fence.close();
    await until(async () => (await kinds(FENCE.deviceId, "device.offline")).length === 2, "second offline");
    assert.equal((await kinds(FENCE.deviceId, "device.offline")).length, 2);
  });

  it("flags a panel clock more than 20 s off (R-5.5) once, and still ACKs clear messages", async () => {
    const panel = new Dc09Panel({ host: "127.0.0.1", port, account: BUTTON.account, clockSkewMs: 35_000 });
    const results = [await panel.report("panic"), await panel.report("test")];
    await panel.close();
    assert.deepEqual(results.map((r) => r.answer), ["ACK", "ACK"]);
    const drift = await kinds(BUTTON.deviceId, "device.clock_drift");
    assert.equal(drift.length, 1);
    const driftS = Number(JSON.parse(drift[0]!.dataJson).driftS);
    assert.ok(driftS > 30 && driftS < 40, `drift ${driftS}`);
  });

  it("NAKs an encrypted message outside +20 s/−40 s; the panel takes the NAK's time and is then ACKed", async () => {
    const panel = new Dc09Panel({ host: "127.0.0.1", port, account: AES_ACCOUNT.account, keyHex: KEY, clockSkewMs: -90_000, format: "SIA-DCS" });
    const r = await panel.report("intrusion", { zone: 4 });
    await panel.close();
    assert.deepEqual(r.answers, ["NAK", "ACK"]);
    assert.equal(r.answer, "ACK");
    assert.equal((await kinds(AES_ACCOUNT.deviceId, "alarm.intrusion")).length, 1);
    assert.equal((await kinds(AES_ACCOUNT.deviceId, "device.clock_drift")).length, 1);
  });

  it("accepts an encrypted message 30 s behind (inside −40 s) but flags the drift", async () => {
    const before = (await kinds(AES_ACCOUNT.deviceId, "device.clock_drift")).length;
    const panel = new Dc09Panel({ host: "127.0.0.1", port, account: AES_ACCOUNT.account, keyHex: KEY, clockSkewMs: -30_000, correctClockOnNak: false });
    const r = await panel.report("tamper", { zone: 2 });
    await panel.close();
    assert.deepEqual(r.answers, ["ACK"]);
    // The previous test left the account flagged until an in-window message cleared it; either way one flag per excursion.
    assert.ok((await kinds(AES_ACCOUNT.deviceId, "device.clock_drift")).length >= before);
  });
});

describe("DC-09 published encrypted vector", () => {
  it("ACKs pysiaalarm's captured *NULL (account AAAB, key AAAAAAAAAAAAAAAA) at its own timestamp", async () => {
    const t = await createTestDb();
    await seedDc09Campus(t.db);
    await t.db.prisma.device.create({
      data: { id: "panel-aaab", campusId: (await t.db.prisma.campus.findFirstOrThrow()).id, kind: "alarm_panel", protocol: "dc09", externalId: "aaab", name: "AAAB", xM: 0, yM: 0, attrsJson: '{"account":"AAAB"}' },
    });
    const at = new Date("2020-07-05T18:25:00Z"); // 8 s after the message's timestamp
    const deps = buildDeps(t.db, () => at);
    const ingest = await createDc09Ingest(deps, {
      host: "127.0.0.1", port: 0, keys: { AAAB: Buffer.from("AAAAAAAAAAAAAAAA").toString("hex") }, supervision: { watchRegistered: false },
    }).start();
    try {
      const frame = referenceFrame('"*NULL"0000R0L0#AAAB[B4BC8B40D0E6D959D6BEA78E88CC0B2155741A3C44FBB96D476A3E557CAD64D9');
      assert.ok(frame.toString("latin1").startsWith("\n76D80055"));
      const [answer] = await exchange("tcp", ingest.ports.tcp!, [frame], 1);
      const m = /^"\*ACK"0000R0L0#AAAB\[([0-9A-F]{64})$/.exec(answer!);
      assert.ok(m, answer);
      const d = createDecipheriv("aes-128-cbc", Buffer.from("AAAAAAAAAAAAAAAA"), Buffer.alloc(16));
      d.setAutoPadding(false);
      const plain = Buffer.concat([d.update(Buffer.from(m[1]!, "hex")), d.final()]).toString("latin1");
      assert.match(plain, /^[^|[\]]+\|\]_18:25:00,07-05-2020$/);
    } finally {
      await ingest.stop();
      await deps.close();
      await t.drop();
    }
  });
});
