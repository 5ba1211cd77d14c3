import { z } from "zod";

// Video linkage (REQUIREMENTS R-4.1): the cameras whose view covers an incident's location,
// ranked best first. Computed by server/coverage/point-query.ts on the same height raster and
// camera frustum model the coverage planner uses, so "covered" means the same thing in both.

export const ZLinkedCamera = z.object({
  deviceId: z.string(),
  name: z.string(),
  /** 1 = best. */
  rank: z.number().int().positive(),
  /** Plan distance camera → point (m). */
  distanceM: z.number().nonnegative(),
  /** Horizontal pixel density at the point (px/m); DORI classes read from it (IEC 62676-4). */
  pxPerM: z.number().nonnegative(),
  /** 1 on the optical axis, 0 at the edge of the field of view. */
  centrality: z.number().min(0).max(1),
  /** Ranking score: pxPerM weighted by centrality (higher is better). */
  score: z.number().nonnegative(),
  /** "raster": open-ground sight line through the height raster (buildings and walls occlude);
   *  "indoor": same building and floor, frustum and range only (the raster has no interiors). */
  method: z.enum(["raster", "indoor"]),
});
export type LinkedCamera = z.infer<typeof ZLinkedCamera>;

/** The serialisable face of a linkage rule (server/fusion/rules/*.ts), for the API and docs. */
export const ZLinkageRuleInfo = z.object({
  id: z.string(),
  title: z.string(),
  /** Event kinds that can open or join an incident of this rule. */
  kinds: z.array(z.string()),
  incidentKind: z.string(),
  severity: z.number().int().min(0).max(4),
  /** Related events within this window join the open incident instead of opening another. */
  joinWindowMs: z.number().int().nonnegative(),
  sopId: z.string(),
  requirement: z.string(),
});
export type LinkageRuleInfo = z.infer<typeof ZLinkageRuleInfo>;
