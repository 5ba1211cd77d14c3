import type { CampusStatus } from "../../../server/api/queries/city";

// How a campus's live status reads at a glance on the globe: one level per campus, the
// worst thing going on there. Pure, so the badge colour rules are unit-tested.

export type StatusLevel = "critical" | "warning" | "degraded" | "ok" | "unknown";

export const LEVEL_COLOURS: Record<StatusLevel, string> = {
  critical: "#ff2d3d",
  warning: "#ff9f1a",
  degraded: "#e8d44d",
  ok: "#3ddc84",
  unknown: "#7d8a9c",
};

const LEVEL_RANK: Record<StatusLevel, number> = { critical: 4, warning: 3, degraded: 2, ok: 1, unknown: 0 };

export function statusLevel(s: CampusStatus | undefined): StatusLevel {
  if (!s) return "unknown";
  if (s.openIncidents.critical + s.openIncidents.high > 0) return "critical";
  if (s.openIncidentsTotal > 0 || s.alarmsToday > 0) return "warning";
  if (s.devicesDown > 0) return "degraded";
  return "ok";
}

/** The worst level of a group (a cluster of campuses shows its worst member). */
export function worstLevel(levels: readonly StatusLevel[]): StatusLevel {
  return levels.reduce<StatusLevel>((worst, l) => (LEVEL_RANK[l] > LEVEL_RANK[worst] ? l : worst), "unknown");
}

/** Most urgent first, then by name: the order of the campus list beside the globe. */
export function byUrgency<T extends { level: StatusLevel; summary: { name: string } }>(a: T, b: T): number {
  return LEVEL_RANK[b.level] - LEVEL_RANK[a.level] || a.summary.name.localeCompare(b.summary.name, "zh-CN");
}
