import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { IncidentTransitionError } from "../../server/fusion/errors";
import { createOutbox, type Outbox } from "../../server/notify/outbox";
import { verifySignature } from "../../server/notify/sign";
import { createWebhookAdapter } from "../../server/notify/webhook";
import { createHarness, devicesOf, silentLogger, type Harness } from "./harness";

// Incident state machine and SOP, rebuild-equals-live, fault deadlines with the calendar, and
// notifications delivered to a real local webhook (first answer 500, then accepted).

const SECRET = "s3cret";
describe("incident lifecycle, faults, notifications", () => {
  let h: Harness;
  let server: Server;
  let outbox: Outbox;
  const received: Array<{ body: string; ok: boolean }> = [];
  let calls = 0;

  before(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        calls++;
        const ok = verifySignature(SECRET, req.headers["x-campustwin-timestamp"] as string, body,
          req.headers["x-campustwin-signature"] as string, Math.floor(h.clock.now.getTime() / 1000));
        received.push({ body, ok });
        res.statusCode = calls === 1 ? 500 : 200;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const lazy = { enqueue: (m: Parameters<Outbox["enqueue"]>[0]) => outbox.enqueue(m) };
    h = await createHarness({ notifier: lazy, start: new Date("2026-03-04T02:00:00Z") }); // Wednesday 10:00 in Shanghai
    outbox = createOutbox({ db: h.t.db, logger: silentLogger, now: () => h.clock.now, baseBackoffMs: 1000,
      adapters: [createWebhookAdapter({ name: "webhook:police", url, secret: SECRET, recipients: ["police"], now: () => h.clock.now })] });
  });
  after(async () => {
    await h.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it("walks open → acknowledged → dispatched → on_scene → resolved, refusing skips", async () => {
    await h.emit({ kind: "fence.alarm", deviceId: devicesOf(h.model, "fence_segment")[0]!.id, severity: 3 });
    const inc = h.fusion.incidents.list({ open: true })[0]!;
    assert.equal(inc.state, "open");
    await assert.rejects(h.fusion.incidents.dispatch(inc.id, "guard-1"), IncidentTransitionError);
    await assert.rejects(h.fusion.incidents.resolve(inc.id, "guard-1"), IncidentTransitionError);
    await h.fusion.incidents.acknowledge(inc.id, "op-1");
    await h.fusion.incidents.completeStep(inc.id, "op-1", "verify_video", "climber seen on cam");
    await h.fusion.incidents.dispatch(inc.id, "op-1", "guard-7");
    await h.fusion.incidents.onScene(inc.id, "guard-7");
    await h.fusion.incidents.addNote(inc.id, "guard-7", "fence cut at post 12");
    const done = await h.fusion.incidents.resolve(inc.id, "guard-7");
    assert.equal(done.state, "resolved");
    assert.deepEqual(done.history.map((x) => [x.to, x.actor]), [
      ["open", "system"], ["acknowledged", "op-1"], ["dispatched", "op-1"], ["on_scene", "guard-7"], ["resolved", "guard-7"]]);
    assert.ok(done.steps.every((s) => s.doneAt !== null));
    await assert.rejects(h.fusion.incidents.markFalseAlarm(inc.id, "op-1"), IncidentTransitionError);
    const row = await h.t.db.prisma.incident.findUniqueOrThrow({ where: { id: inc.id } });
    assert.equal(row.state, "resolved");
  });

  it("delivers the severe incident to the police webhook, signed, retrying after a 500", async () => {
    assert.equal(await outbox.drain(), 0); // first attempt answered 500
    assert.equal(calls, 1);
    h.clock.advance(500);
    assert.equal(await outbox.drain(), 0); // backoff not yet over
    h.clock.advance(1000);
    assert.equal(await outbox.drain(), 1);
    assert.equal(calls, 2);
    assert.ok(received.every((r) => r.ok));
    const body = JSON.parse(received[1]!.body) as { recipient: string; incident: { kind: string; cameras: unknown[] } };
    assert.equal(body.recipient, "police");
    assert.equal(body.incident.kind, "fence_alarm");
    assert.ok(body.incident.cameras.length > 0);
    assert.equal(verifySignature(SECRET, "1", received[1]!.body, "v1=00", 1), false);
  });

  it("opens a fault ticket with the working-day deadline, escalates, closes on recovery + visit", async () => {
    const cam = devicesOf(h.model, "camera")[0]!.id;
    await h.emit({ kind: "device.offline", deviceId: cam });
    const t = h.fusion.faults.list({ open: true }).find((x) => x.deviceId === cam)!;
    assert.equal(t.workingDay, true);
    assert.equal(t.onSiteDueAt.getTime() - t.openedAt.getTime(), 2 * 3_600_000);
    h.clock.advance(61 * 60_000);
    await h.fusion.faults.checkDeadlines();
    assert.deepEqual(h.fusion.faults.get(t.id)!.escalations.map((e) => e.deadline), ["notify"]);
    await h.fusion.faults.notifyMaintainer(t.id, "op-1", "维保张工");
    await h.emit({ kind: "device.online", deviceId: cam });
    assert.equal(h.fusion.faults.get(t.id)!.state, "open"); // visit not recorded yet
    await h.fusion.faults.recordVisit(t.id, "张工", "replaced PoE switch");
    assert.equal(h.fusion.faults.get(t.id)!.state, "closed");
  });

  it("gives 4 h on site for a fault starting on a weekend (campus time)", async () => {
    h.clock.now = new Date("2026-03-07T03:00:00Z"); // Saturday 11:00 in Shanghai
    const dev = devicesOf(h.model, "camera")[1]!.id;
    await h.emit({ kind: "device.fault", deviceId: dev });
    const t = h.fusion.faults.list({ open: true }).find((x) => x.deviceId === dev)!;
    assert.equal(t.workingDay, false);
    assert.equal(t.onSiteDueAt.getTime() - t.openedAt.getTime(), 4 * 3_600_000);
  });

  it("rebuilding from the log gives the live state", async () => {
    const live = h.fusion.state.snapshot();
    const rebuilt = await h.fusion.rebuild();
    assert.ok(live.incidents.length > 0 && live.faults.length > 0);
    assert.deepEqual(rebuilt, live);
  });
});
