import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { Server as IoServer } from "socket.io";
import { io as connect, type Socket } from "socket.io-client";
import { createLiveGateway, type LiveIo } from "../../server/api/realtime/gateway";
import type { CampusEvent, NewCampusEvent } from "../../server/contracts/event";
import type { Incident } from "../../server/contracts/incident";
import type { IncidentNotice } from "../../server/fusion/types";
import { unpackFrame, type WirePackedLiveFrame } from "../../server/contracts/live-wire";
import type { WireFrame, WireUrgent } from "../../web/lib/live";
import { eventMaker, liveFixture, until, type LiveFixture, type LiveServer } from "./support";

// Phase groups (gateway option `phases`): the room is served a group per step, spread over the
// tick, instead of all at once. Each client still gets every event once, in order, in a frame
// of everything since its own last one; a client is served only on its own group's steps. The
// tick never fires (tickMs 1 h): steps are taken by hand with gateway.step(). Frames leave
// pre-serialised, so the gateway refuses a Socket.IO server without the live parser.

const CAMPUS = "c-phases";
const PASSWORD = "phases-password";
const ev = eventMaker(CAMPUS, "phases");

/** A bare client that acknowledges every frame and records what it got. */
interface Screen { socket: Socket; frames: WireFrame[]; urgent: WireUrgent[] }

async function screen(url: string, cookie: string, afterSeq: number): Promise<Screen> {
  const socket = connect(url, { transports: ["websocket"], forceNew: true, extraHeaders: { cookie } });
  const c: Screen = { socket, frames: [], urgent: [] };
  socket.on("live:frame", (f: WirePackedLiveFrame) => {
    c.frames.push(unpackFrame(f));
    socket.emit("live:frame-ack", { campusId: CAMPUS });
  });
  socket.on("live:urgent", (u: WireUrgent) => c.urgent.push(u));
  const reply = await new Promise<unknown>((resolve) => socket.emit("live:subscribe", { campusId: CAMPUS, afterSeq }, resolve));
  assert.ok(reply && typeof reply === "object" && "data" in reply, `subscribed: ${JSON.stringify(reply)}`);
  return c;
}

const seqsOf = (c: Screen) => c.frames.map((f) => f.events.map((e) => e.seq));

describe("live frames served in phase groups", { timeout: 60_000 }, () => {
  let fx: LiveFixture;
  let server: LiveServer;
  let cookie: string;

  before(async () => {
    fx = await liveFixture(CAMPUS, "ph", PASSWORD, { tickMs: 3_600_000, phases: 2 });
    ({ server, cookie } = fx);
  });

  after(() => fx.stop());

  const append = async (e: NewCampusEvent): Promise<CampusEvent> => (await server.events.append([e])).stored[0]!;
  /** The priority lane as a barrier: once an alarm reaches both, every frame written to them before it has too. */
  const barrier = async (a: Screen, b: Screen): Promise<void> => {
    const alarm = await append(ev("alarm.panic", { deviceId: "panic-1" }));
    const got = (c: Screen) => c.urgent.some((u) => u.events.some((e) => e.seq === alarm.seq));
    await until(() => got(a) && got(b), "the barrier alarm");
  };

  it("serves each group on its own step, each client every event once and in order", async () => {
    const from = await server.events.lastSeq();
    const a = await screen(server.url, cookie, from); // phase 0
    const b = await screen(server.url, cookie, from); // phase 1
    try {
      const first = [
        await append(ev("access.granted", { deviceId: "door-1" })),
        await append(ev("lpr.read", { subject: { type: "vehicle", ref: null, plate: "沪A12345" } })),
      ];
      server.gateway.step(); // phase 0: a only
      await until(() => a.frames.length === 1, "a's frame");
      await barrier(a, b);
      assert.equal(b.frames.length, 0, "b is not served on a's step");
      const firstSeqs = first.map((e) => e.seq);
      assert.deepEqual(a.frames[0]!.events.filter((e) => e.kind !== "alarm.panic").map((e) => e.seq), firstSeqs);
      assert.equal(a.frames[0]!.events.find((e) => e.kind === "lpr.read")?.subject?.plate, "沪A12345", "non-ASCII text survives the wire");

      server.gateway.step(); // phase 1: b gets everything since it joined, the barrier alarm included
      await until(() => b.frames.length === 1, "b's frame");
      await barrier(a, b);
      assert.equal(a.frames.length, 1, "a is not served on b's step");
      const barrierSeq = b.frames[0]!.events.at(-1)!.seq;
      assert.deepEqual(b.frames[0]!.events.map((e) => e.seq), [...firstSeqs, barrierSeq]);

      const later = await append(ev("access.granted", { deviceId: "door-2" }));
      server.gateway.step(); // phase 0
      server.gateway.step(); // phase 1
      await until(() => a.frames.length === 2 && b.frames.length === 2, "both second frames");
      const all = (c: Screen) => seqsOf(c).flat();
      assert.ok(all(a).includes(later.seq) && all(b).includes(later.seq));
      for (const c of [a, b]) {
        const seqs = all(c);
        assert.deepEqual(seqs, [...seqs].sort((x, y) => x - y), "in order");
        assert.equal(new Set(seqs).size, seqs.length, "no duplicate");
      }
    } finally {
      a.socket.close();
      b.socket.close();
    }
  });

  it("refuses a Socket.IO server built without the live parser", () => {
    const io = new IoServer(createServer(), { serveClient: false }) as unknown as LiveIo;
    try {
      assert.throws(() => createLiveGateway({ io, db: server.db, auth: server.services.auth, events: server.events }), /liveParser/);
    } finally {
      void io.close();
    }
  });

  it("flushAll serves every group at once", async () => {
    const from = await server.events.lastSeq();
    const a = await screen(server.url, cookie, from);
    const b = await screen(server.url, cookie, from);
    try {
      const e = await append(ev("access.granted", { deviceId: "door-3" }));
      server.gateway.flushAll();
      await until(() => [a, b].every((c) => seqsOf(c).flat().includes(e.seq)), "the event at both");
    } finally {
      a.socket.close();
      b.socket.close();
    }
  });
});

describe("incident notices on the priority lane", { timeout: 60_000 }, () => {
  let fx: LiveFixture;
  let server: LiveServer;
  let cookie: string;
  const listeners = new Set<(n: IncidentNotice) => void>();
  const fusion = {
    onIncident: (cb: (n: IncidentNotice) => void) => (listeners.add(cb), () => void listeners.delete(cb)),
    onStateChange: () => () => undefined,
  };
  const incident = (id: string) => ({ id, campusId: CAMPUS, kind: "fence_alarm", state: "open" }) as unknown as Incident;

  before(async () => {
    fx = await liveFixture(CAMPUS, "nt", PASSWORD, { tickMs: 3_600_000, phases: 1, fusion });
    ({ server, cookie } = fx);
  });

  after(() => fx.stop());

  it("sends a new incident at once and an event joining one with the next frame, both in the frame", async () => {
    const c = await screen(server.url, cookie, await server.events.lastSeq());
    try {
      // Fusion announces an incident after the event that caused it: its seq.
      const { seq } = (await server.events.append([ev("alarm.intrusion", { deviceId: "zone-1" })])).stored[0]!;
      for (const l of listeners) {
        l({ change: "updated", incident: incident("inc-joined"), seq });
        l({ change: "opened", incident: incident("inc-new"), seq });
      }
      await until(() => c.urgent.some((u) => u.incidents.some((n) => n.incident.id === "inc-new")), "the new incident on the lane");
      assert.deepEqual(c.urgent.flatMap((u) => u.incidents.map((n) => `${n.change}:${n.incident.id}`)), ["opened:inc-new"], "the update stays off the lane");
      server.gateway.step();
      await until(() => c.frames.some((f) => f.incidents.length > 0), "the frame with the notices");
      assert.deepEqual(c.frames.flatMap((f) => f.incidents.map((n) => `${n.change}:${n.incident.id}`)), ["updated:inc-joined", "opened:inc-new"]);
    } finally {
      c.socket.close();
    }
  });
});
