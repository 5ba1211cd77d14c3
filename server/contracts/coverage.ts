import { z } from "zod";
import { ZCameraOptics, ZZoneKind } from "./campus";
import { ZLineM } from "./geometry";

// Camera coverage analysis (REQUIREMENTS ): what the planner asks for and what the
// engine in server/coverage/ answers. Positions are campus-local ENU metres.

/** DORI classes of IEC 62676-4, weakest first; "none" = not seen at ≥ detect density. */
export const DORI_CLASSES = ["none", "detect", "observe", "recognise", "identify"] as const;
export const ZDoriClass = z.enum(DORI_CLASSES);
export type DoriClass = z.infer<typeof ZDoriClass>;

/** A requirement rule as data: zones of `zoneKind` must be seen at `requiredClass`. */
export const ZRequirementRule = z.object({
  zoneKind: ZZoneKind,
  requiredClass: ZDoriClass.exclude(["none"]),
  /** "area": the zone's open ground; "entries": the apron of open ground around its entrances. */
  scope: z.enum(["area", "entries"]),
  /** Share of the evaluated cells that must reach the class for the zone to pass (0..1). */
  minShare: z.number().min(0).max(1),
  /** The requirement the rule implements, e.g. "R-6.2". */
  citation: z.string().min(1),
  text: z.string(),
});
export type RequirementRule = z.infer<typeof ZRequirementRule>;

/** A camera as the engine sees it: position [east, north, up] (up = mount height) plus optics. */
export const ZCoverageCamera = z.object({
  id: z.string(),
  name: z.string().default(""),
  model: z.string().nullable().default(null),
  position: z.tuple([z.number(), z.number(), z.number()]),
  optics: ZCameraOptics,
});
export type CoverageCamera = z.infer<typeof ZCoverageCamera>;

/** One edit of a draft: add, move/re-aim/re-lens, or remove a camera. */
export const ZCameraChange = z.discriminatedUnion("op", [
  z.object({ op: z.literal("add"), camera: ZCoverageCamera }),
  z.object({ op: z.literal("update"), camera: ZCoverageCamera }),
  z.object({ op: z.literal("remove"), cameraId: z.string() }),
]);
export type CameraChange = z.infer<typeof ZCameraChange>;

export const ZAnalysisOptions = z.object({
  cellSizeM: z.number().min(0.1).max(10).default(0.5),
  /** Height of what must be seen: 1.6 faces, 0.6 plates, 0 ground. */
  targetHeightM: z.number().min(0).max(10).default(1.6),
  /** Height of perimeter walls (paths of kind "wall"); asks for ≥ 2 m. */
  wallHeightM: z.number().min(0).max(20).default(2.5),
});
export type AnalysisOptions = z.infer<typeof ZAnalysisOptions>;

export const ZAnalysisRequest = z.object({
  campusId: z.string(),
  options: ZAnalysisOptions.default({ cellSizeM: 0.5, targetHeightM: 1.6, wallHeightM: 2.5 }),
  /** Campus overrides of the default rules, matched by zone kind. */
  rules: z.array(ZRequirementRule).optional(),
  /** Planner edits applied on top of the live registry (what-if). */
  edits: z.array(ZCameraChange).default([]),
});
export type AnalysisRequest = z.infer<typeof ZAnalysisRequest>;

export const ZZoneResult = z.object({
  zoneId: z.string(),
  zoneName: z.string(),
  zoneKind: ZZoneKind,
  requiredClass: ZDoriClass,
  scope: z.enum(["area", "entries"]),
  citation: z.string(),
  evaluatedCells: z.number().int(),
  evaluatedAreaM2: z.number(),
  /** Share of evaluated cells at or above the required class (0..1). */
  share: z.number(),
  pass: z.boolean(),
  blindSpots: z.array(ZLineM),
});
export type ZoneResult = z.infer<typeof ZZoneResult>;


export const ZSuggestRequest = z.object({
  campusId: z.string(),
  options: ZAnalysisOptions.default({ cellSizeM: 0.5, targetHeightM: 1.6, wallHeightM: 2.5 }),
  edits: z.array(ZCameraChange).default([]),
  count: z.number().int().min(1).max(20),
  lensIds: z.array(z.string()).optional(),
});
export type SuggestRequest = z.infer<typeof ZSuggestRequest>;

export const ZSuggestion = z.object({
  camera: ZCoverageCamera,
  lensId: z.string(),
  mount: z.enum(["building_corner", "wall", "pole"]),
  /** Required-zone cells (m²) this camera brings up to their required class. */
  gainM2: z.number(),
});
export type Suggestion = z.infer<typeof ZSuggestion>;

export const ZDraftInput = z.object({
  campusId: z.string(),
  name: z.string().min(1).max(120),
  changes: z.array(ZCameraChange),
  options: ZAnalysisOptions.default({ cellSizeM: 0.5, targetHeightM: 1.6, wallHeightM: 2.5 }),
});
export type DraftInput = z.infer<typeof ZDraftInput>;

export const PLAN_STATUSES = ["draft", "applied", "discarded"] as const;
export const ZPlanStatus = z.enum(PLAN_STATUSES);
export type PlanStatus = z.infer<typeof ZPlanStatus>;

/** Saving a draft: a new plan without `id`, or replacing the changes of an existing draft. */
export const ZPlanSaveInput = ZDraftInput.extend({
  id: z.string().min(1).optional(),
  author: z.string().min(1).max(120),
});
export type PlanSaveInput = z.infer<typeof ZPlanSaveInput>;

export const ZCoveragePlan = z.object({
  id: z.string(),
  campusId: z.string(),
  name: z.string(),
  author: z.string(),
  status: ZPlanStatus,
  changes: z.array(ZCameraChange),
  options: ZAnalysisOptions,
  createdAt: z.string(),
  updatedAt: z.string(),
  appliedAt: z.string().nullable(),
  appliedBy: z.string().nullable(),
});
export type CoveragePlan = z.infer<typeof ZCoveragePlan>;

/** Applying a plan to the live registry (admin only, audited: who, what, for what purpose). */
export const ZPlanApplyInput = z.object({
  planId: z.string(),
  userId: z.string().min(1),
  purpose: z.string().min(1).max(500),
});
export type PlanApplyInput = z.infer<typeof ZPlanApplyInput>;

export const ZReportCamera = z.object({
  id: z.string(),
  name: z.string(),
  model: z.string().nullable(),
  change: z.enum(["added", "updated", "removed", "unchanged"]),
  position: z.tuple([z.number(), z.number(), z.number()]),
  yawDeg: z.number(),
  pitchDeg: z.number(),
  hfovDeg: z.number(),
  resolution: z.string(),
});
export type ReportCamera = z.infer<typeof ZReportCamera>;

/** A plan's printable report: compliance, blind-spot map, camera list, new cameras by model. */
export const ZPlanReport = z.object({
  plan: ZCoveragePlan,
  campusName: z.string(),
  generatedAt: z.string(),
  zones: z.array(ZZoneResult.omit({ blindSpots: true }).extend({ ruleText: z.string(), blindSpotCount: z.number().int() })),
  cameras: z.array(ZReportCamera),
  newCamerasByModel: z.array(z.object({ model: z.string(), count: z.number().int() })),
  blindSpotSvg: z.string(),
});
export type PlanReport = z.infer<typeof ZPlanReport>;
