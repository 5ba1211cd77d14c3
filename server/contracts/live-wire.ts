import type { CampusEvent } from "./event";
import type { LiveFrame, Wire } from "./realtime";

// Frames on the wire carry their events as tuples, not objects. A hundred screens each parse
// every frame, and with named fields an event was ~330 bytes of JSON, two thirds of it key
// names, nulls and a campus id the frame already names; as a tuple it is ~170. Measured with
// bench:live's 100 clients: JSON decoding was two thirds of the clients' CPU. Lossless: the
// client helper (web/lib/live.ts) unpacks every frame into the same events before anyone sees it.

/** [seq, id, kind, severity, occurredAt, receivedAt (ISO-8601), deviceId, location, subject, protocol, rawRef, data] */
export type PackedEvent = [
  seq: number, id: string, kind: string, severity: number, occurredAt: string, receivedAt: string,
  deviceId: string | null, location: [xM: number, yM: number, floor: number] | null,
  subject: [type: string, ref: string | null, plate: string | null] | null,
  protocol: string, rawRef: string | null, data: Record<string, unknown>,
];

export interface PackedLiveFrame extends Omit<LiveFrame, "events"> {
  events: PackedEvent[];
}

/** What a client receives (a PackedEvent holds no Date, so it travels as it is). */
export interface WirePackedLiveFrame extends Omit<Wire<LiveFrame>, "events"> {
  events: PackedEvent[];
}

export function packEvent(e: CampusEvent): PackedEvent {
  return [
    e.seq, e.id, e.kind, e.severity, e.occurredAt.toISOString(), e.receivedAt.toISOString(), e.deviceId,
    e.location ? [e.location.xM, e.location.yM, e.location.floor] : null,
    e.subject ? [e.subject.type, e.subject.ref, e.subject.plate] : null,
    e.source.protocol, e.source.rawRef, e.data,
  ];
}

export function packFrame(frame: LiveFrame): PackedLiveFrame {
  return { ...frame, events: frame.events.map(packEvent) };
}

type WireEvent = Wire<CampusEvent>;

export function unpackEvent(p: PackedEvent, campusId: string): WireEvent {
  // Dates stay ISO strings, as in every other Wire<> type (re-formatting them here cost more
  // client CPU than the bytes saved).
  const [seq, id, kind, severity, occurredAt, receivedAt, deviceId, location, subject, protocol, rawRef, data] = p;
  return {
    seq, id, campusId, kind, severity, occurredAt, receivedAt, deviceId,
    location: location ? { xM: location[0], yM: location[1], floor: location[2] } : null,
    subject: subject ? { type: subject[0] as NonNullable<WireEvent["subject"]>["type"], ref: subject[1], plate: subject[2] } : null,
    source: { protocol: protocol as WireEvent["source"]["protocol"], rawRef },
    data,
  };
}

export function unpackFrame(frame: WirePackedLiveFrame): Wire<LiveFrame> {
  return { ...frame, events: frame.events.map((e) => unpackEvent(e, frame.campusId)) };
}
