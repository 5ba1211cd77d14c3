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

/**
 * A frame already serialised as the JSON of its PackedLiveFrame. The gateway sends a room a frame
 * per phase group and tick, and with several groups (and merged frames for laggards) the same
 * event goes out in several frames: each event is packed and stringified once, when its frame
 * enters the gateway's stream, and a frame is the join of its events' text. The live Socket.IO
 * encoder (server/api/realtime/encoder.ts) splices the text into the packet; clients parse it
 * as plain JSON.
 */
export class EncodedLiveFrame {
  constructor(readonly json: string) {}
}

const NON_ASCII = /[\u007f-\uffff]/, NON_ASCII_ALL = /[\u007f-\uffff]/g;

/**
 * JSON.stringify with every non-ASCII character written as a \uXXXX escape: the same value once
 * parsed. One plate (沪A…) or incident title made a whole frame a two-byte string: the client's
 * UTF-8 decode of a 400-event frame took 6.6× as long, decode and JSON.parse together 30 % longer.
 */
export function asciiJson(value: unknown): string {
  const json = JSON.stringify(value);
  return NON_ASCII.test(json) ? json.replace(NON_ASCII_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : json;
}

/** An event's packed JSON (ASCII). */
export function packedJson(e: CampusEvent): string {
  return asciiJson(packEvent(e));
}

/** A frame whose events are already packed JSON texts (the gateway's stream keeps them so). */
export interface FrameOfJson extends Omit<LiveFrame, "events"> {
  events: readonly { json: string }[];
}

/** The JSON text of a PackedLiveFrame whose events are given as JSON texts. */
export function encodeFrameOfJson(frame: FrameOfJson): EncodedLiveFrame {
  let events = "";
  for (let i = 0; i < frame.events.length; i++) events += (i ? "," : "") + frame.events[i]!.json;
  return new EncodedLiveFrame(`{"campusId":${asciiJson(frame.campusId)},"toSeq":${JSON.stringify(frame.toSeq)},`
    + `"backfill":${JSON.stringify(frame.backfill)},"events":[${events}],"state":${asciiJson(frame.state)},`
    + `"incidents":${asciiJson(frame.incidents)}}`);
}

/** The JSON text of packFrame(frame) (as JSON.stringify, with non-ASCII escaped). */
export function encodeFrame(frame: LiveFrame): EncodedLiveFrame {
  return encodeFrameOfJson({ ...frame, events: frame.events.map((e) => ({ json: packedJson(e) })) });
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
