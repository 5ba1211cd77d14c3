import { z } from "zod";
import { ZIncident } from "./incident";

// /replay: the campus as it was (DESIGN "Playback is a query over the log plus periodic
// snapshots"). The state at an instant is what fusion and the devices had recorded by then:
// device, door and fence states, densities, active alarms, open incidents with SOP progress,
// and where people and vehicles were last seen.

export const ZHistoryWindow = z.object({
  campusId: z.string().min(1),
  from: z.coerce.date(),
  to: z.coerce.date(),
}).refine((w) => w.to.getTime() > w.from.getTime(), { message: "to must be after from" });
export type HistoryWindow = z.infer<typeof ZHistoryWindow>;

export const ZSeekInput = z.object({ campusId: z.string().min(1), at: z.coerce.date() });
export type SeekInput = z.infer<typeof ZSeekInput>;

export const ZDensityAt = z.object({ perM2: z.number(), count: z.number(), atMs: z.number() });

/** A person or vehicle where it was last seen at the instant (within the agent horizon). */
export const ZAgentAt = z.object({
  subjectKey: z.string(), type: z.enum(["person", "vehicle", "unknown"]), xM: z.number(), yM: z.number(), atMs: z.number(),
});
export type AgentAt = z.infer<typeof ZAgentAt>;

export const ZHistoricalState = z.object({
  campusId: z.string(),
  atMs: z.number(),
  /** Last log seq included: play forward from here with history.events. */
  seq: z.number().int(),
  devices: z.record(z.string(), z.string()),
  doors: z.record(z.string(), z.string()),
  fences: z.record(z.string(), z.string()),
  densities: z.record(z.string(), ZDensityAt),
  /** Devices whose own alarm is active, with since when (ms). */
  alarms: z.record(z.string(), z.number()),
  /** Incidents open at the instant (and closed within the last 10 min), as they stood then. */
  incidents: z.array(ZIncident),
  agents: z.array(ZAgentAt),
  /** Drill ids whose events are in effect at the instant (R: never confused with real alarms). */
  drills: z.array(z.string()),
  /** How much work the seek took: events replayed from the nearest snapshot. */
  replayedEvents: z.number().int(),
});
export type HistoricalState = z.infer<typeof ZHistoricalState>;

export const ZTimelineBucket = z.object({ startMs: z.number(), counts: z.record(z.string(), z.number().int()) });
export const ZIncidentSpan = z.object({
  id: z.string(), kind: z.string(), title: z.string(), severity: z.number().int(), fromMs: z.number(), toMs: z.number().nullable(), drill: z.string().nullable(),
});
export type IncidentSpan = z.infer<typeof ZIncidentSpan>;
export const ZOfflineGap = z.object({ deviceId: z.string(), fromMs: z.number(), toMs: z.number().nullable() });
export type OfflineGap = z.infer<typeof ZOfflineGap>;

export const ZTimeline = z.object({
  campusId: z.string(),
  fromMs: z.number(),
  toMs: z.number(),
  bucketMs: z.number(),
  /** Event density by kind family (the kind's first dotted part: alarm, fence, access, lpr…). */
  buckets: z.array(ZTimelineBucket),
  incidents: z.array(ZIncidentSpan),
  offline: z.array(ZOfflineGap),
});
export type Timeline = z.infer<typeof ZTimeline>;

export const ZReplayEventsInput = z.object({
  campusId: z.string().min(1),
  afterSeq: z.number().int().nonnegative(),
  /** Up to this instant (received time). */
  to: z.coerce.date(),
  limit: z.number().int().min(1).max(20_000).default(5000),
});

/** Day heatmap: per-zone density through the day, and where sightings were (R-4.3 hot spots). */
export const ZHeatmap = z.object({
  campusId: z.string(),
  fromMs: z.number(),
  toMs: z.number(),
  zones: z.array(z.object({ zoneId: z.string(), samples: z.number().int(), meanPerM2: z.number(), maxPerM2: z.number(), hourlyMeanPerM2: z.array(z.number()) })),
  grid: z.object({ cellM: z.number(), minE: z.number(), minN: z.number(), cols: z.number().int(), rows: z.number().int(), counts: z.array(z.number().int()) }),
});
export type Heatmap = z.infer<typeof ZHeatmap>;

/** A shareable replay (window, speed, selection) for users of the same campus scope. */
export const ZReplayLinkInput = z.object({
  campusId: z.string().min(1),
  from: z.coerce.date(),
  to: z.coerce.date(),
  atMs: z.number().optional(),
  speed: z.number().min(0.25).max(3600),
  /** Selected trajectories (subject keys) and anything else the page wants back. */
  subjects: z.array(z.string()).max(20).default([]),
  incidentId: z.string().optional(),
});
export type ReplayLinkInput = z.infer<typeof ZReplayLinkInput>;
export const ZReplayLink = ZReplayLinkInput.extend({ id: z.string(), createdBy: z.string(), createdAt: z.coerce.date() });
export type ReplayLink = z.infer<typeof ZReplayLink>;

/** Playback speeds the player offers: a quarter of real time up to an hour a second. */
export const REPLAY_SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16, 60, 300, 900, 3600] as const;
