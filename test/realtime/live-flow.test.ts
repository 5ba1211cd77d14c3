import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { io as connect, type Socket } from "socket.io-client";
import { mergeFrames, mergeStreamFrames, toStreamFrame } from "../../server/api/realtime/frames";
import type { CampusEvent, NewCampusEvent } from "../../server/contracts/event";
import { encodeFrameOfJson, packFrame, unpackFrame, type WirePackedLiveFrame } from "../../server/contracts/live-wire";
import type { LiveFrame, LiveResync } from "../../server/contracts/realtime";
import { connectLive, type LiveStatus, type WireFrame, type WireUrgent } from "../../web/lib/live";
import { eventMaker, liveFixture, until, type LiveFixture, type LiveServer } from "./support";

// Flow control and the priority lane over real Socket.IO on 127.0.0.1 (server/api/realtime/flow.ts):
// a client that does not acknowledge holds at most `windowFrames` frames yet still gets alarms at
// once; what it missed arrives as one merged frame (newest position per subject, every discrete
// event); too far behind, it is told to resync, and the live helper then replays from its cursor
// with no gap and no duplicate. The tick never fires here (tickMs 1 h): frames are cut by
// flushAll(), so each step is deterministic.

const CAMPUS = "c-flow";
const PASSWORD = "flow-password";
const ev = eventMaker(CAMPUS, "flow");

const position = (ref: string, xM: number) => ev("person.position", { subject: { type: "person", ref, plate: null }, location: { xM, yM: 0, floor: 0 } });

/** A bare Socket.IO client that never acknowledges a frame: a screen that stopped keeping up. */
interface Stalled { socket: Socket; frames: WireFrame[]; urgent: WireUrgent[]; resyncs: LiveResync[] }

async function stalledClient(url: string, cookie: string, afterSeq: number): Promise<Stalled> {
  const socket = connect(url, { transports: ["websocket"], forceNew: true, extraHeaders: { cookie } });
  const c: Stalled = { socket, frames: [], urgent: [], resyncs: [] };
  socket.on("live:frame", (f: WirePackedLiveFrame) => c.frames.push(unpackFrame(f)));
  socket.on("live:urgent", (u: WireUrgent) => c.urgent.push(u));
  socket.on("live:resync", (r: LiveResync) => c.resyncs.push(r));
  const reply = await new Promise<unknown>((resolve) => socket.emit("live:subscribe", { campusId: CAMPUS, afterSeq }, resolve));
  assert.ok(reply && typeof reply === "object" && "data" in reply, `subscribed: ${JSON.stringify(reply)}`);
  return c;
}

async function appendOne(server: LiveServer, e: NewCampusEvent): Promise<CampusEvent> {
  const r = await server.events.append([e]);
  return r.stored[0]!;
}

describe("live flow control and priority lane over Socket.IO", { timeout: 60_000 }, () => {
  let fx: LiveFixture;
  let server: LiveServer;
  let cookie: string;

  before(async () => {
    fx = await liveFixture(CAMPUS, "flow", PASSWORD, { tickMs: 3_600_000, phases: 1, flow: { windowFrames: 2, maxBehindFrames: 4, maxBehindEvents: 10_000 } });
    ({ server, cookie } = fx);
  });

  after(() => fx.stop());

  it("holds at most the window for a client that does not acknowledge, still sends it an alarm at once, then merges what it missed", async () => {
    const c = await stalledClient(server.url, cookie, await server.events.lastSeq());
    const discrete: number[] = [];
    for (let i = 0; i < 2; i++) {
      discrete.push((await appendOne(server, ev("access.granted", { deviceId: "door-1" }))).seq);
      server.gateway.flushAll();
    }
    discrete.push((await appendOne(server, ev("access.granted", { deviceId: "door-1" }))).seq);
    const positions = [];
    for (const xM of [10, 20, 30]) {
      positions.push(await appendOne(server, position("p-7", xM)));
      server.gateway.flushAll();
    }
    const alarm = await appendOne(server, ev("alarm.intrusion", { deviceId: "zone-1" }));
    // The priority lane leaves after every frame the server wrote to this socket: once it is here, so would a third frame be.
    await until(() => c.urgent.some((u) => u.events.some((e) => e.seq === alarm.seq)), "the alarm on the priority lane");
    assert.deepEqual(c.frames.map((f) => f.events.map((e) => e.seq)), [[discrete[0]], [discrete[1]]], "two frames in flight, the rest held");

    c.socket.emit("live:frame-ack", { campusId: CAMPUS });
    // What it missed leaves at the first tick after the acknowledgement lands.
    await until(() => {
      server.gateway.flushAll();
      return c.frames.length === 3;
    }, "the merged frame");
    const merged = c.frames[2]!;
    assert.equal(merged.toSeq, alarm.seq, "the cursor moves past everything it missed");
    assert.deepEqual(merged.events.map((e) => e.seq), [discrete[2], positions[2]!.seq, alarm.seq], "every discrete event and the alarm; of p-7's positions only the newest");
    assert.equal(merged.events[1]!.location?.xM, 30);
    c.socket.close();
  });

  it("tells a client too far behind to resync, and keeps its backlog bounded meanwhile", async () => {
    const c = await stalledClient(server.url, cookie, await server.events.lastSeq());
    for (let i = 0; i < 8 && c.resyncs.length === 0; i++) {
      await appendOne(server, ev("lpr.read", { subject: { type: "vehicle", ref: null, plate: `沪A0000${i}` } }));
      server.gateway.flushAll();
      await appendOne(server, ev("alarm.panic", { deviceId: "panic-1" })); // the lane doubles as a barrier: frames sent before it are here
      await until(() => c.urgent.length > i || c.resyncs.length > 0, `urgent ${i} or the resync`);
    }
    await until(() => c.resyncs.length === 1, "a resync notice");
    assert.deepEqual(c.resyncs[0], { campusId: CAMPUS, reason: "behind" });
    assert.equal(c.frames.length, 2, "never more than the window while behind");
    c.socket.close();
  });

  it("resumes a live client told to resync from its cursor, with no gap and no duplicate", async () => {
    // Its acknowledgements are held at the server (a middleware) until the resync notice, so it
    // falls behind deterministically.
    const held: (() => void)[] = [];
    let holding = true;
    server.io.on("connection", (s) => s.use(([name], next) => (holding && name === "live:frame-ack" ? held.push(() => next()) : next())));
    const seqs: number[] = [];
    const statuses: LiveStatus[] = [];
    let resyncs = 0;
    const live = connectLive({
      url: server.url, campusId: CAMPUS, afterSeq: await server.events.lastSeq(), headers: { cookie },
      onFrame: (f) => seqs.push(...f.events.map((e) => e.seq)),
      onResync: () => {
        resyncs++;
        holding = false;
        for (const release of held.splice(0)) release();
      },
      onStatus: (s) => statuses.push(s),
    });
    try {
      await until(() => statuses.includes("live"), "live");
      const sent: number[] = [];
      for (let i = 0; i < 7 && resyncs === 0; i++) {
        sent.push((await appendOne(server, ev("access.granted", { deviceId: `door-${i}` }))).seq);
        server.gateway.flushAll();
      }
      await until(() => resyncs === 1, "the resync");
      await until(() => statuses.filter((s) => s === "live").length === 2, "live again");
      sent.push((await appendOne(server, ev("access.granted", { deviceId: "door-last" }))).seq);
      server.gateway.flushAll();
      await until(() => seqs.includes(sent.at(-1)!), "the event after the resync");
      assert.deepEqual(seqs, sent, "every event once, in order, across the resync");
    } finally {
      live.close();
    }
  });
});

describe("mergeFrames", () => {
  const at = (seq: number, kind: string, ref: string, xM = 0) =>
    ({ seq, id: `m${seq}`, campusId: "c", kind, severity: 0, occurredAt: new Date(), receivedAt: new Date(), deviceId: null, location: { xM, yM: 0, floor: 0 }, subject: { type: "person", ref, plate: null }, source: { protocol: "system", rawRef: null }, data: {} }) as CampusEvent;
  const frame = (toSeq: number, events: CampusEvent[], over: Partial<LiveFrame> = {}): LiveFrame => ({ campusId: "c", toSeq, backfill: false, events, state: [], incidents: [], ...over });

  it("keeps every discrete event, the newest position and state per key, and the furthest cursor", () => {
    const density = (seq: number, count: number) => ({ type: "density" as const, key: "density:z1", seq, value: { zoneId: "z1", count } });
    const merged = mergeFrames([
      frame(3, [at(1, "person.position", "a", 1), at(2, "access.granted", "a"), at(3, "person.position", "b", 1)], { state: [density(2, 10)] }),
      frame(7, [at(5, "person.position", "a", 5), at(6, "face.capture", "a")], { state: [density(6, 12)] }),
      frame(9, []), // only coalesced-away events up to 9
    ]);
    assert.equal(merged.toSeq, 9);
    assert.deepEqual(merged.events.map((e) => e.seq), [2, 3, 5, 6]);
    assert.equal(merged.events.find((e) => e.subject?.ref === "a" && e.kind === "person.position")?.location?.xM, 5);
    assert.deepEqual(merged.state.map((s) => s.value.count), [12]);
  });

  it("merges the stream's light frames (seq, key, JSON) into exactly the frame mergeFrames makes", () => {
    const kinds = ["person.position", "access.granted", "density.sample", "vehicle.position", "face.capture"];
    let seq = 0;
    const frames = Array.from({ length: 6 }, (_, f) => frame(seq + 5, Array.from({ length: 5 }, (_, i) => at(++seq, kinds[(f * 5 + i) % kinds.length]!, `s${(f + i) % 3}`, seq)),
      { backfill: f % 2 === 0, incidents: [], state: [{ type: "door", key: `door:d${f % 2}`, seq, value: { state: f % 2 ? "open" : "closed" } }] }));
    for (let from = 0; from < frames.length; from++) {
      const want = JSON.parse(JSON.stringify(packFrame(mergeFrames(frames.slice(from))))) as unknown;
      const got = JSON.parse(encodeFrameOfJson(mergeStreamFrames(frames.slice(from).map(toStreamFrame))).json) as unknown;
      assert.deepEqual(got, want, `frames ${from}…`);
    }
  });
});
