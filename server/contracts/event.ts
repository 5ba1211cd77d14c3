import { z } from "zod";

// The canonical CampusEvent (DESIGN.md "Canonical event"). Every protocol adapter turns a
// device message into exactly one of these; the log is append-only and ordered by `seq`.

export const SEVERITY = { info: 0, low: 1, medium: 2, high: 3, critical: 4 } as const;
export const ZSeverity = z.number().int().min(0).max(4);

export const ZEventLocation = z.object({
  xM: z.number(),
  yM: z.number(),
  floor: z.number().int().default(0),
});

export const ZEventSubject = z.object({
  type: z.enum(["person", "vehicle", "unknown"]),
  ref: z.string().nullable().default(null),
  plate: z.string().nullable().default(null),
});

export const ZEventSource = z.object({
  protocol: z.enum(["dc09", "gb28181", "gat1400", "mqtt", "system", "simulator"]),
  /** Protocol-level reference to the raw message (e.g. "dc09:acct=1234;seq=0007"). */
  rawRef: z.string().nullable().default(null),
});

/** Kinds are dotted nouns; the list is open (ingest adapters may add more). */
export const ZEventKind = z.string().regex(/^[a-z0-9_]+(\.[a-z0-9_]+)+$/);

/** What an adapter submits: everything but `seq` and `receivedAt`, which the log assigns. */
export const ZNewCampusEvent = z.object({
  id: z.string().min(1),
  campusId: z.string().min(1),
  kind: ZEventKind,
  severity: ZSeverity,
  occurredAt: z.coerce.date(),
  deviceId: z.string().nullable().default(null),
  location: ZEventLocation.nullable().default(null),
  subject: ZEventSubject.nullable().default(null),
  source: ZEventSource,
  data: z.record(z.string(), z.unknown()).default({}),
});
export type NewCampusEvent = z.input<typeof ZNewCampusEvent>;

export const ZCampusEvent = ZNewCampusEvent.extend({
  seq: z.number().int().positive(),
  receivedAt: z.coerce.date(),
});
export type CampusEvent = z.infer<typeof ZCampusEvent>;
