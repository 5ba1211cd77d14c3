import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { Dc09Panel, type SendResult } from "../../simulators/dc09/panel";
import { createTestDb, type TestDb } from "../support/db";
import { burstAccount, seedDc09Campus } from "../support/dc09-fixture";

// Crash safety (issue 3, "ACK only after commit"): the receiver process is SIGKILLed while many
// panels burst, then restarted on the same database and port. Panels retransmit what was not
// ACKed (same seq, same content). Every ACKed event must be stored exactly once, none lost.

const PANELS = 20;
const EVENTS_PER_PANEL = 15;

function startServer(url: string, port: number): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/support/dc09-server-process.ts"], {
    env: { ...process.env, DC09_TEST_DB_URL: url, DC09_TEST_PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout!.on("data", (b: Buffer) => {
      out += b.toString();
      const m = /DC09_PORT (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.stderr!.on("data", (b: Buffer) => (err += b.toString()));
    child.once("exit", (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
}

describe("DC-09 crash safety", () => {
  let t: TestDb;
  let server: ChildProcess | null = null;
  before(async () => {
    t = await createTestDb();
    await seedDc09Campus(t.db, { burstPanels: PANELS });
  });
  after(async () => {
    server?.kill("SIGKILL");
    await t.drop();
  });

  it("stores every ACKed event exactly once across a SIGKILL and restart", async () => {
    const first = await startServer(t.url, 0);
    server = first.child;
    const panels = Array.from({ length: PANELS }, (_, i) => new Dc09Panel({
      host: "127.0.0.1", port: first.port, account: burstAccount(i), ackTimeoutMs: 1000, maxAttempts: 40, startSeq: 1 + i * 100,
    }));
    let acked = 0;
    const results: SendResult[][] = panels.map(() => []);
    const bursts = panels.map(async (p, i) => {
      for (let n = 0; n < EVENTS_PER_PANEL; n++) {
        const r = await p.report("intrusion", { zone: n + 1 });
        results[i]!.push(r);
        if (r.answer === "ACK") acked++;
      }
    });
    // Kill mid-burst: some events ACKed, some committed without their ACK, some not yet sent.
    while (acked < (PANELS * EVENTS_PER_PANEL) / 3) await new Promise((r) => setTimeout(r, 5));
    const exited = new Promise((r) => first.child.once("exit", r));
    first.child.kill("SIGKILL");
    await exited;
    const ackedBeforeKill = acked;
    server = (await startServer(t.url, first.port)).child;
    await Promise.all(bursts);
    await Promise.all(panels.map((p) => p.close()));

    assert.ok(ackedBeforeKill < PANELS * EVENTS_PER_PANEL, "the kill happened mid-burst");
    const all = results.flat();
    assert.equal(all.length, PANELS * EVENTS_PER_PANEL);
    assert.deepEqual([...new Set(all.map((r) => r.answer))], ["ACK"], "every event was eventually ACKed");
    assert.ok(all.some((r) => r.attempts > 1), "some frames had to be retransmitted");
    const rows = await t.db.prisma.event.findMany({ where: { kind: "alarm.intrusion" }, select: { sourceJson: true } });
    const refs = rows.map((r) => JSON.parse(r.sourceJson).rawRef as string);
    const expected = panels.flatMap((p, i) => results[i]!.map((r) => `dc09:acct=${p.account};seq=${r.seq}`));
    assert.equal(new Set(refs).size, refs.length, "no event stored twice");
    assert.deepEqual([...refs].sort(), [...expected].sort(), "every ACKed event stored, none lost, none extra");
  });
});
