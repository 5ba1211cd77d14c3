import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ZNewCampusEvent, type NewCampusEvent } from "../contracts/event";
import { timeOrderedId } from "./ids";
import { isCanonical, prepareEvent } from "./rows";

const canonical = (): NewCampusEvent => ({
  id: "mqtt-000abc-ff", campusId: "c1", kind: "access.granted", severity: 0, occurredAt: new Date("2026-03-02T08:00:00Z"),
  deviceId: "door-1", location: { xM: 1.5, yM: -2, floor: 1 }, subject: { type: "person", ref: "card-1", plate: null },
  source: { protocol: "mqtt", rawRef: "mqtt:campus/c1/access/door-1/event" }, data: { cardNo: "100001", nested: { a: [1, 2] } },
});

// Each variant changes one thing; the fast path must either say no, or agree with zod.
const variants: Array<[string, (e: Record<string, unknown>) => void]> = [
  ["as built", () => {}],
  ["null location/subject/device", (e) => Object.assign(e, { location: null, subject: null, deviceId: null })],
  ["missing subject (default)", (e) => delete e.subject],
  ["missing data (default)", (e) => delete e.data],
  ["extra top-level key", (e) => (e.extra = 1)],
  ["extra location key", (e) => (e.location = { xM: 1, yM: 2, floor: 0, z: 3 })],
  ["location without floor", (e) => (e.location = { xM: 1, yM: 2 })],
  ["subject with extra key", (e) => (e.subject = { type: "person", ref: null, plate: null, name: "x" })],
  ["subject of unknown type", (e) => (e.subject = { type: "robot", ref: null, plate: null })],
  ["source missing rawRef", (e) => (e.source = { protocol: "mqtt" })],
  ["source of unknown protocol", (e) => (e.source = { protocol: "http", rawRef: null })],
  ["date as string", (e) => (e.occurredAt = "2026-03-02T08:00:00Z")],
  ["invalid date", (e) => (e.occurredAt = new Date("nope"))],
  ["NaN coordinate", (e) => (e.location = { xM: Number.NaN, yM: 0, floor: 0 })],
  ["infinite coordinate", (e) => (e.location = { xM: Number.POSITIVE_INFINITY, yM: 0, floor: 0 })],
  ["fractional floor", (e) => (e.location = { xM: 0, yM: 0, floor: 1.5 })],
  ["severity 5", (e) => (e.severity = 5)],
  ["fractional severity", (e) => (e.severity = 1.5)],
  ["undotted kind", (e) => (e.kind = "alarm")],
  ["upper-case kind", (e) => (e.kind = "Alarm.Intrusion")],
  ["empty id", (e) => (e.id = "")],
  ["undefined deviceId", (e) => (e.deviceId = undefined)],
  ["array data", (e) => (e.data = [1, 2])],
  ["class instance data", (e) => (e.data = new Map())],
];

describe("event rows: the canonical fast path", () => {
  for (const [name, change] of variants) {
    it(`agrees with zod: ${name}`, () => {
      const e = canonical() as Record<string, unknown>;
      change(e);
      const input = e as NewCampusEvent;
      const zod = ZNewCampusEvent.safeParse(input);
      if (isCanonical(input)) {
        assert.ok(zod.success, "the fast path accepted what zod refuses");
        assert.deepEqual({ ...input }, zod.data);
      }
      if (!zod.success) assert.throws(() => prepareEvent(input, new Date()), "prepareEvent must refuse what zod refuses");
      else assert.deepEqual(prepareEvent(input, new Date(0)).event, { ...zod.data, receivedAt: new Date(0) });
    });
  }

  it("takes the fast path for an event built as adapters build them", () => {
    assert.equal(isCanonical(canonical()), true);
  });
});

describe("time-ordered event ids", () => {
  it("sort by time as text, whatever the digest", () => {
    const times = [1, 999, 1_700_000_000_000, 1_790_000_000_123, 1_790_000_000_124, 9e13];
    const ids = times.map((t, i) => timeOrderedId("dc09", t, i % 2 ? "ffff" : "0000"));
    assert.deepEqual([...ids].sort(), ids);
  });

  it("are the same for the same time and digest (retransmissions) and differ otherwise", () => {
    assert.equal(timeOrderedId("mqtt", 1_790_000_000_000, "ab"), timeOrderedId("mqtt", 1_790_000_000_000, "ab"));
    assert.notEqual(timeOrderedId("mqtt", 1_790_000_000_000, "ab"), timeOrderedId("mqtt", 1_790_000_000_001, "ab"));
  });
});
