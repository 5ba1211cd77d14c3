import { z } from "zod";

// Drills (演练): a scenario (simulators/scenarios/*.json) run in drill mode. Every event it
// produces carries `data.drill = <drill id>` and `source.rawRef = "drill:<id>:…"`, so no screen
// confuses it with a real alarm; the after-action report reads the commander's response from the
// incident histories and the audit trail.

export const ZDrillStart = z.object({
  campusId: z.string().min(1),
  /** Scenario file name without .json, e.g. "night-fence-intrusion". */
  scenario: z.string().regex(/^[a-z0-9-]+$/),
  /** Simulated seconds per real second; default real time (1). */
  speed: z.number().min(1).max(600).default(1),
  /** Start this many minutes before the scenario's first step (skip the quiet lead-in). */
  leadInMin: z.number().min(0).max(600).default(2),
});
export type DrillStart = z.infer<typeof ZDrillStart>;

export const DRILL_STATES = ["running", "ended", "aborted"] as const;
export const ZDrill = z.object({
  id: z.string(),
  campusId: z.string(),
  scenario: z.string(),
  title: z.string(),
  state: z.enum(DRILL_STATES),
  speed: z.number(),
  startedBy: z.string(),
  startedAt: z.coerce.date(),
  endedAt: z.coerce.date().nullable(),
  /** Events appended so far. */
  events: z.number().int(),
});
export type Drill = z.infer<typeof ZDrill>;

/** Times from the incident's opening, seconds; null when it never happened. */
export const ZResponseTimes = z.object({
  acknowledgeS: z.number().nullable(),
  dispatchS: z.number().nullable(),
  arriveS: z.number().nullable(),
  resolveS: z.number().nullable(),
});
export type ResponseTimes = z.infer<typeof ZResponseTimes>;

export const ZReportStep = z.object({
  id: z.string(), title: z.string(), deadlineAt: z.coerce.date().nullable(), doneAt: z.coerce.date().nullable(), doneBy: z.string().nullable(),
  verdict: z.enum(["on_time", "late", "skipped", "open"]),
});

export const ZKeyMoment = z.object({
  label: z.string(), at: z.coerce.date(), cameraId: z.string().nullable(),
});

export const ZReportIncident = z.object({
  id: z.string(), kind: z.string(), title: z.string(), severity: z.number().int(), state: z.string(),
  openedAt: z.coerce.date(), closedAt: z.coerce.date().nullable(), drill: z.string().nullable(),
  location: z.object({ xM: z.number(), yM: z.number(), floor: z.number() }).nullable(),
  times: ZResponseTimes,
  steps: z.array(ZReportStep),
  /** The linked camera views at the moments that matter (virtual views in the twin). */
  moments: z.array(ZKeyMoment),
});
export type ReportIncident = z.infer<typeof ZReportIncident>;

export const ZReportAction = z.object({
  at: z.coerce.date(), actor: z.string(), action: z.string(), target: z.string().nullable(), note: z.string().nullable(),
});

export const ZAfterActionReport = z.object({
  campusId: z.string(),
  drillId: z.string().nullable(),
  scenario: z.string().nullable(),
  title: z.string(),
  from: z.coerce.date(),
  to: z.coerce.date(),
  generatedAt: z.coerce.date(),
  incidents: z.array(ZReportIncident),
  /** Who did what when: incident commands and audited actions in the window. */
  actions: z.array(ZReportAction),
  summary: z.object({
    incidents: z.number().int(), meanAcknowledgeS: z.number().nullable(), meanDispatchS: z.number().nullable(),
    meanArriveS: z.number().nullable(), meanResolveS: z.number().nullable(), lateSteps: z.number().int(), skippedSteps: z.number().int(),
  }),
  /** The previous run of the same scenario, for comparison (null for the first run or a real window). */
  previous: z.object({ drillId: z.string(), startedAt: z.coerce.date(), summary: z.record(z.string(), z.number().nullable()) }).nullable(),
});
export type AfterActionReport = z.infer<typeof ZAfterActionReport>;

export const ZReportInput = z.union([
  z.object({ drillId: z.string().min(1) }),
  z.object({ campusId: z.string().min(1), from: z.coerce.date(), to: z.coerce.date() }),
]);
export type ReportInput = z.infer<typeof ZReportInput>;
