import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { Server } from "socket.io";
import type { PackedEvent, WirePackedLiveFrame } from "../../server/contracts/live-wire";
import { connectLive, type WireFrame } from "../../web/lib/live";

// The live client's deduplication, against a scripted Socket.IO server: events and state are
// dropped when already seen (by seq), incident notices never are — fusion announces an incident
// after the event that caused it was framed, so the notice's seq is at or below the cursor.

// Frames go out as the gateway sends them: events packed as tuples (server/contracts/live-wire.ts).
const frame = (toSeq: number, over: Partial<WirePackedLiveFrame> = {}): WirePackedLiveFrame =>
  ({ campusId: "c1", toSeq, backfill: false, events: [], state: [], incidents: [], ...over });
const event = (seq: number): PackedEvent => [seq, `e${seq}`, "fence.alarm", 3, "2026-09-21T14:13:20.000Z", "2026-09-21T14:13:20.001Z", null, null, null, "system", null, {}];
const notice = (seq: number) => ({ change: "opened", seq, incident: { id: "inc-1" } }) as unknown as WireFrame["incidents"][number];

describe("live client (web/lib/live.ts)", () => {
  let url: string;
  let io: Server;
  const script: WirePackedLiveFrame[] = [];
  before(async () => {
    const http = createServer();
    io = new Server(http);
    io.on("connection", (socket) => {
      socket.on("live:subscribe", (_req: unknown, ack: (r: unknown) => void) => {
        ack({ data: { lastSeq: 0 } });
        for (const f of script) socket.emit("live:frame", f);
      });
    });
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => io.close(() => r())));

  it("delivers each event once, and an incident notice that arrives after its event's frame", async () => {
    script.push(
      frame(5, { events: [event(4), event(5)] }),
      frame(5, { events: [event(5)] }), // a replay overlapping live: nothing new
      frame(5, { incidents: [notice(5)] }), // fusion's notice for the seq-5 alarm, one tick later
      frame(6, { events: [event(6)] }),
    );
    const got: WireFrame[] = [];
    const live = connectLive({ campusId: "c1", url, afterSeq: 0, onFrame: (f) => got.push(f) });
    try {
      for (let i = 0; i < 100 && got.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(got.flatMap((f) => f.events.map((e) => e.seq)), [4, 5, 6], "events once, in order");
      assert.equal(got[0]!.events[0]!.campusId, "c1", "unpacked events carry the frame's campus");
      assert.equal(got[0]!.events[0]!.occurredAt, "2026-09-21T14:13:20.000Z");
      assert.deepEqual(got.flatMap((f) => f.incidents.map((n) => n.incident.id)), ["inc-1"], "the late notice is applied");
      assert.equal(live.lastSeq(), 6);
    } finally {
      live.close();
    }
  });
});
