import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CampusEvent } from "./event";
import { asciiJson, encodeFrame, packFrame, unpackFrame, type WirePackedLiveFrame } from "./live-wire";
import type { LiveFrame, Wire } from "./realtime";

const at = new Date("2026-11-27T08:00:00.123Z");
const events: CampusEvent[] = [
  {
    seq: 7, id: "mqtt-0mh8-ab", campusId: "c1", kind: "person.position", severity: 0, occurredAt: at, receivedAt: new Date(at.getTime() + 4),
    deviceId: null, location: { xM: -12.25, yM: 40.5, floor: 2 }, subject: { type: "person", ref: "p-12", plate: null },
    source: { protocol: "simulator", rawRef: null }, data: {},
  },
  {
    seq: 9, id: "dc09-0mh8-cd", campusId: "c1", kind: "fence.alarm", severity: 4, occurredAt: at, receivedAt: at,
    deviceId: "fence-3", location: null, subject: { type: "vehicle", ref: null, plate: "沪A12345" },
    source: { protocol: "dc09", rawRef: "dc09:acct=1234;seq=0007" }, data: { zone: 3, nested: { list: [1, "二", null] } },
  },
  {
    seq: 10, id: "sys-1", campusId: "c1", kind: "device.offline", severity: 2, occurredAt: at, receivedAt: at,
    deviceId: "cam-1", location: null, subject: null, source: { protocol: "system", rawRef: null }, data: { reason: "keepalive" },
  },
];

describe("live wire: frames with packed events", () => {
  it("unpack(JSON(pack(frame))) is exactly JSON(frame)", () => {
    const frame: LiveFrame = {
      campusId: "c1", toSeq: 12, backfill: false, events,
      state: [{ type: "fence", key: "fence:fence-3", seq: 11, value: { state: "alarm" } }], incidents: [],
    };
    const viaWire = unpackFrame(JSON.parse(JSON.stringify(packFrame(frame))) as WirePackedLiveFrame);
    assert.deepEqual(viaWire, JSON.parse(JSON.stringify(frame)) as Wire<LiveFrame>);
  });

  it("is at most 60 % of the bytes of the same frame with named fields", () => {
    const frame: LiveFrame = { campusId: "c1", toSeq: 10, backfill: false, events, state: [], incidents: [] };
    const packed = JSON.stringify(packFrame(frame)).length;
    const named = JSON.stringify(frame).length;
    assert.ok(packed <= named * 0.6, `${packed} bytes packed against ${named} named`);
  });

  it("encodes a frame as the JSON of its packed form, in ASCII only, the same again after merging", () => {
    const frame: LiveFrame = {
      campusId: "c1", toSeq: 12, backfill: true, events,
      state: [{ type: "fence", key: "fence:fence-3", seq: 11, value: { state: "alarm", note: "东门 😀" } }],
      incidents: [],
    };
    const encoded = encodeFrame(frame).json;
    assert.match(encoded, /^[\x20-\x7e]*$/, "no byte above 0x7e");
    assert.deepEqual(JSON.parse(encoded), JSON.parse(JSON.stringify(packFrame(frame))));
    // Events keep their cached text: a later frame with some of them encodes them identically.
    const later = encodeFrame({ ...frame, events: events.slice(1), backfill: false }).json;
    assert.deepEqual(JSON.parse(later), JSON.parse(JSON.stringify(packFrame({ ...frame, events: events.slice(1), backfill: false }))));
  });

  it("asciiJson escapes every non-ASCII character, surrogate pairs included, and nothing else", () => {
    assert.equal(asciiJson({ a: "plain" }), `{"a":"plain"}`);
    const value = { plate: "沪A12345", emoji: "😀", del: "\u007f", quote: `"\\` };
    const text = asciiJson(value);
    assert.match(text, /^[\x20-\x7e]*$/);
    assert.deepEqual(JSON.parse(text), value);
    assert.equal(asciiJson("沪"), `"\\u6caa"`);
  });
});
