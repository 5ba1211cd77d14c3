import type { RequirementRule } from "../contracts/coverage";
import type { Zone } from "../contracts/campus";

// The coverage rules of the source documents as data (REQUIREMENTS ). A zone kind not
// listed here has no coverage requirement. "Fully covered" is read as ≥ 95 % of the
// evaluated cells, which leaves room for the half-cell raster edge along walls and kerbs.

const FULL = 0.95;

export const DEFAULT_RULES: readonly RequirementRule[] = [
  { zoneKind: "gate", requiredClass: "identify", scope: "area", minShare: FULL, citation: "R-6.2",
    text: "Gate cameras show the whole gate area and clearly show faces and plates." },
  { zoneKind: "gate_approach", requiredClass: "identify", scope: "area", minShare: FULL, citation: "R-6.1",
    text: "25–30 m of road outside the main gate covered, faces recognisable (R-2.6 watchlist area)." },
  { zoneKind: "playground", requiredClass: "observe", scope: "area", minShare: FULL, citation: "R-6.3",
    text: "Playgrounds and gathering areas: appearance and activity clearly visible." },
  { zoneKind: "canteen", requiredClass: "recognise", scope: "area", minShare: FULL, citation: "R-6.1",
    text: "Canteens fully covered." },
  { zoneKind: "dorm_entrance", requiredClass: "recognise", scope: "area", minShare: FULL, citation: "R-6.1",
    text: "Dormitory entrances fully covered." },
  { zoneKind: "hazmat_store", requiredClass: "detect", scope: "entries", minShare: FULL, citation: "R-6.1",
    text: "Hazardous-goods stores: every entry watched (R-2.2 intrusion linkage)." },
  { zoneKind: "server_room", requiredClass: "detect", scope: "entries", minShare: FULL, citation: "R-2.2",
    text: "Server rooms: every entry watched." },
  { zoneKind: "finance", requiredClass: "detect", scope: "entries", minShare: FULL, citation: "R-2.2",
    text: "Finance offices: every entry watched." },
  { zoneKind: "control_room", requiredClass: "observe", scope: "area", minShare: FULL, citation: "R-6.1",
    text: "Control room covered." },
];

/** The default rules with a campus's overrides replacing those of the same zone kind. */
export function effectiveRules(overrides: readonly RequirementRule[] | undefined): RequirementRule[] {
  const byKind = new Map(DEFAULT_RULES.map((r) => [r.zoneKind, r]));
  for (const r of overrides ?? []) byKind.set(r.zoneKind, r);
  return [...byKind.values()];
}

export function ruleFor(zone: Zone, rules: readonly RequirementRule[]): RequirementRule | undefined {
  return rules.find((r) => r.zoneKind === zone.kind);
}
