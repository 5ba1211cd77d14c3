import { z } from "zod";
import { ZPurpose } from "./api";

// Person and vehicle archives (人车档案) and trajectories (R-4.2, R-1.3 after-event investigation).
// A subject is keyed as fusion keys it (server/fusion/rules/types.ts subjectKeyOf):
// "person:<person id | card:<no> | guard id>" or "vehicle:<plate>".

export const ZSubjectKey = z.string().regex(/^(person|vehicle|unknown):.+$/, "expected person:<ref> or vehicle:<plate>");

/** One observation of a subject: face capture or watchlist hit, LPR read, access swipe, patrol check-in. */
export const ZSighting = z.object({
  seq: z.number().int(),
  subjectKey: z.string(),
  at: z.coerce.date(),
  kind: z.string(),
  deviceId: z.string().nullable(),
  xM: z.number().nullable(),
  yM: z.number().nullable(),
  drill: z.string().nullable().default(null),
});
export type Sighting = z.infer<typeof ZSighting>;

/** Between two consecutive located sightings: the most plausible route on the path network. */
export const ZTrajectoryLeg = z.object({
  fromSeq: z.number().int(),
  toSeq: z.number().int(),
  /** Route polyline in campus metres [[x, y], …], sighting to sighting. Empty when implausible. */
  line: z.array(z.tuple([z.number(), z.number()])),
  lengthM: z.number(),
  durationS: z.number(),
  /** lengthM / durationS; Infinity is sent as null (same instant, different places). */
  speedMps: z.number().nullable(),
  plausible: z.boolean(),
  /** Why a leg is flagged: faster than walking/driving allows, or no route on the network. */
  reason: z.enum(["too_fast", "no_route"]).nullable(),
});
export type TrajectoryLeg = z.infer<typeof ZTrajectoryLeg>;

export const ZTrajectory = z.object({
  subjectKey: z.string(),
  sightings: z.array(ZSighting),
  legs: z.array(ZTrajectoryLeg),
  implausibleLegs: z.number().int(),
});
export type Trajectory = z.infer<typeof ZTrajectory>;

export const ZTrajectoryQuery = z.object({
  campusId: z.string().min(1),
  subjectKey: ZSubjectKey,
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  limit: z.number().int().min(1).max(5000).default(1000),
});
export type TrajectoryQuery = z.infer<typeof ZTrajectoryQuery>;

/**
 * Archive search: plate exact or partial, card, person, everyone seen in a zone in a
 * window ("who passed the north gate 22:00–23:00"), or co-occurrence ("which plates were read
 * within 2 minutes of this face at the gate"). Every search is audited with its purpose.
 */
export const ZArchiveSearch = z.object({
  campusId: z.string().min(1),
  purpose: ZPurpose,
  by: z.enum(["plate", "plate_partial", "card", "person", "zone", "cooccurrence"]),
  /** Plate, plate fragment, card number, person id; for co-occurrence the anchor subject key. */
  value: z.string().trim().max(64).default(""),
  zoneId: z.string().optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  /** Co-occurrence window around each anchor sighting, seconds. */
  windowS: z.number().int().min(1).max(3600).default(120),
  /** Co-occurrence: only subjects of this type (e.g. vehicles near a face). */
  subjectType: z.enum(["person", "vehicle"]).optional(),
  /** Co-occurrence: how far from the anchor sighting a co-sighting may be (m). */
  radiusM: z.number().positive().max(2000).default(150),
  limit: z.number().int().min(1).max(500).default(100),
});
export type ArchiveSearch = z.infer<typeof ZArchiveSearch>;

export const ZArchiveHit = z.object({
  subjectKey: z.string(),
  type: z.enum(["person", "vehicle", "unknown"]),
  label: z.string(),
  sightings: z.number().int(),
  firstAt: z.coerce.date(),
  lastAt: z.coerce.date(),
});
export type ArchiveHit = z.infer<typeof ZArchiveHit>;

/** Identity, as far as the role may see: names and cards are for records.read roles only. */
export const ZArchiveIdentity = z.object({
  type: z.enum(["person", "vehicle", "unknown"]),
  id: z.string().nullable(),
  label: z.string(),
  role: z.string().nullable(),
  dept: z.string().nullable(),
  cardNo: z.string().nullable(),
  plate: z.string().nullable(),
  watchlist: z.boolean(),
  /** False when fields were withheld for the caller's role. */
  full: z.boolean(),
});
export type ArchiveIdentity = z.infer<typeof ZArchiveIdentity>;

export const ZArchiveRecord = z.object({
  subjectKey: z.string(),
  identity: ZArchiveIdentity,
  trajectory: ZTrajectory,
  incidents: z.array(z.object({ id: z.string(), kind: z.string(), title: z.string(), state: z.string(), openedAt: z.coerce.date(), severity: z.number().int() })),
  /** Captured-picture hashes of the sightings (faces, plates); fetched one by one via events.image with a purpose. */
  images: z.array(z.object({ seq: z.number().int(), sha256: z.string(), at: z.coerce.date() })),
});
export type ArchiveRecord = z.infer<typeof ZArchiveRecord>;
