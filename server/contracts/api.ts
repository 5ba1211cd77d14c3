import { z } from "zod";
import { ZCampusEvent, ZEventKind } from "./event";
import { ZDeviceKind, ZDeviceStatus } from "./campus";

// Inputs and outputs of the tRPC routers that are not a domain contract of their own
// (server/api/routers/*). Shared with the web client; no Node imports.

/**
 * Why the user opens personal records or captured images (R-5.6: "who viewed, when, what,
 * for what purpose"). Stored verbatim in the audit trail.
 */
export const ZPurpose = z.string().trim().min(4, "state the purpose (at least 4 characters)").max(500);

export const ZCampusRef = z.object({ campusId: z.string().min(1) });

/** Events: filter by time, kind, zone, device, subject; newest first, paged by seq. */
export const ZEventsQuery = ZCampusRef.extend({
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  /** Exact kinds, or prefixes ending in "." ("alarm." matches alarm.intrusion, alarm.panic…). */
  kinds: z.array(z.union([ZEventKind, z.string().regex(/^[a-z0-9_.]+\.$/)])).max(50).optional(),
  deviceId: z.string().optional(),
  /** Events located inside this zone's polygon (same floor). */
  zoneId: z.string().optional(),
  /** Person ref, card number or plate. */
  subject: z.string().min(1).optional(),
  minSeverity: z.number().int().min(0).max(4).optional(),
  /** Return events with seq < cursor (the previous page's nextCursor). */
  cursor: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
export type EventsQuery = z.infer<typeof ZEventsQuery>;

export const ZEventsPage = z.object({ items: z.array(ZCampusEvent), nextCursor: z.number().int().nullable() });
export type EventsPage = z.infer<typeof ZEventsPage>;

export const ZDevicesQuery = ZCampusRef.extend({
  kinds: z.array(ZDeviceKind).optional(),
  statuses: z.array(ZDeviceStatus).optional(),
  search: z.string().trim().min(1).max(100).optional(),
  limit: z.number().int().min(1).max(5000).default(1000),
});
export type DevicesQuery = z.infer<typeof ZDevicesQuery>;

export const ZDeviceRow = z.object({
  id: z.string(),
  campusId: z.string(),
  kind: ZDeviceKind,
  name: z.string(),
  externalId: z.string(),
  protocol: z.string(),
  status: ZDeviceStatus,
  statusAt: z.date(),
  buildingId: z.string().nullable(),
  floor: z.number().int(),
  position: z.tuple([z.number(), z.number(), z.number()]),
});
export type DeviceRow = z.infer<typeof ZDeviceRow>;

/** Person or vehicle lookup by plate, card number or id (R-5.6: audited with a purpose). */
export const ZSubjectLookup = ZCampusRef.extend({
  by: z.enum(["id", "card", "plate", "face"]),
  value: z.string().trim().min(1).max(64),
  purpose: ZPurpose,
  /** How many recent sightings (events naming the subject) to include. */
  sightings: z.number().int().min(0).max(200).default(20),
});
export type SubjectLookup = z.infer<typeof ZSubjectLookup>;

export const ZPersonRecord = z.object({
  type: z.literal("person"), id: z.string(), campusId: z.string(), name: z.string(), role: z.string(),
  dept: z.string().nullable(), cardNo: z.string().nullable(), faceId: z.string().nullable(), watchlist: z.boolean(),
});
export const ZVehicleRecord = z.object({
  type: z.literal("vehicle"), id: z.string(), campusId: z.string(), plate: z.string(), plateColor: z.string(),
  ownerId: z.string().nullable(), kind: z.string(), watchlist: z.boolean(),
});
export const ZSubjectResult = z.object({
  subjects: z.array(z.discriminatedUnion("type", [ZPersonRecord, ZVehicleRecord])),
  sightings: z.array(ZCampusEvent),
});
export type SubjectResult = z.infer<typeof ZSubjectResult>;

/** Captured picture (face, plate) by content hash; every read is audited. */
export const ZImageRequest = ZCampusRef.extend({ sha256: z.string().regex(/^[0-9a-f]{64}$/), purpose: ZPurpose });
export const ZImageResult = z.object({ sha256: z.string(), mime: z.string(), bytes: z.number().int(), base64: z.string() });
export type ImageResult = z.infer<typeof ZImageResult>;

/** Duty-room KPIs for one campus. Counts "today" in the campus's time zone. */
export const ZCampusKpis = z.object({
  campusId: z.string(),
  at: z.date(),
  devices: z.object({ total: z.number().int(), online: z.number().int(), offline: z.number().int(), fault: z.number().int(), alarm: z.number().int() }),
  openIncidents: z.number().int(),
  openIncidentsBySeverity: z.record(z.string(), z.number().int()),
  openFaults: z.number().int(),
  alarmsToday: z.number().int(),
  entriesToday: z.number().int(),
  vehiclesToday: z.number().int(),
  lastSeq: z.number().int(),
});
export type CampusKpis = z.infer<typeof ZCampusKpis>;

export const ZAuditQuery = z.object({
  userId: z.string().optional(),
  /** Action prefix: "incidents." matches every incident command. */
  action: z.string().max(100).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  cursor: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
export type AuditQuery = z.infer<typeof ZAuditQuery>;

export const ZAuditEntry = z.object({
  id: z.number().int(), at: z.date(), userId: z.string().nullable(), action: z.string(),
  target: z.string().nullable(), purpose: z.string().nullable(), detail: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof ZAuditEntry>;

/** Incident commands: the id, and an optional note for the transition record. */
export const ZIncidentCommand = z.object({ incidentId: z.string().min(1), note: z.string().trim().max(2000).optional() });
export const ZIncidentNoteInput = z.object({ incidentId: z.string().min(1), text: z.string().trim().min(1).max(2000) });
export const ZIncidentStepInput = ZIncidentCommand.extend({ stepId: z.string().min(1) });
export const ZIncidentListQuery = ZCampusRef.extend({ open: z.boolean().default(true) });

export const ZFaultListQuery = ZCampusRef.extend({ open: z.boolean().default(true) });
export const ZFaultNotifyInput = z.object({ ticketId: z.string().min(1), maintainer: z.string().trim().min(1).max(200) });
export const ZFaultVisitInput = z.object({ ticketId: z.string().min(1), note: z.string().trim().max(2000).optional() });
