import type { CampusModel, Zone } from "../contracts/campus";
import type { RequirementRule, ZoneResult } from "../contracts/coverage";
import type { PointM } from "../contracts/geometry";
import { traceCellOutlines } from "./contours";
import { bestPxPerMOf } from "./cell-words";
import { minPxPerM } from "./dori";
import { forEachCellInPolygon, forEachCellNearSegment, type CoverageGrid } from "./grid";
import { ruleFor } from "./requirements";

// Which open-ground cells each required zone is judged on, and the per-zone verdicts.

/** Open ground this far around an entry (door, or the zone's outline) is its apron. */
export const ENTRY_APRON_M = 3;
/** An "area" zone with less open ground than this share of its outline is indoors: judge its entries. */
const INDOOR_OPEN_SHARE = 0.3;

export interface ZoneCells {
  zone: Zone;
  rule: RequirementRule;
  scope: "area" | "entries";
  cells: Int32Array;
}

export function zoneCellsOf(grid: CoverageGrid, model: Pick<CampusModel, "zones" | "buildings" | "devices">,
  rules: readonly RequirementRule[]): ZoneCells[] {
  const out: ZoneCells[] = [];
  for (const zone of model.zones) {
    const rule = ruleFor(zone, rules);
    if (!rule) continue;
    let scope = rule.scope;
    let cells: number[] = [];
    if (scope === "area") {
      let all = 0;
      forEachCellInPolygon(grid, zone.polygon, (col, row) => {
        all++;
        const i = row * grid.width + col;
        if (grid.solid[i] === 0) cells.push(i);
      });
      if (all > 0 && cells.length < all * INDOOR_OPEN_SHARE) scope = "entries";
    }
    if (scope === "entries") cells = entryCells(grid, zone, model);
    out.push({ zone, rule, scope, cells: Int32Array.from(cells) });
  }
  return out;
}

/** Open cells around the zone's doors; without doors, around its outline, then its building's. */
function entryCells(grid: CoverageGrid, zone: Zone, model: Pick<CampusModel, "buildings" | "devices">): number[] {
  const seen = new Set<number>();
  const add = (col: number, row: number): void => {
    const i = row * grid.width + col;
    if (grid.solid[i] === 0) seen.add(i);
  };
  const doors = model.devices.filter((d) => d.kind === "access_door" && zone.buildingId !== null && d.buildingId === zone.buildingId);
  for (const d of doors) {
    const p: PointM = [d.position[0], d.position[1]];
    forEachCellNearSegment(grid, p, p, ENTRY_APRON_M, add);
  }
  const ring = (line: readonly PointM[]): void => {
    for (let k = 0; k < line.length; k++) {
      forEachCellNearSegment(grid, line[k]!, line[(k + 1) % line.length]!, ENTRY_APRON_M, add);
    }
  };
  if (seen.size === 0) ring(zone.polygon);
  const building = model.buildings.find((b) => b.id === zone.buildingId);
  if (seen.size === 0 && building) ring(building.footprint);
  return [...seen].sort((a, b) => a - b);
}

/** Verdict per required zone from the per-cell best px/m (in the engine's cell words). */
export function evaluateZones(grid: CoverageGrid, words: Int32Array, zones: readonly ZoneCells[],
  withOutlines = true): ZoneResult[] {
  const cellAreaM2 = grid.cellSizeM * grid.cellSizeM;
  return zones.map(({ zone, rule, scope, cells }) => {
    const need = minPxPerM(rule.requiredClass);
    const short: number[] = [];
    for (let i = 0; i < cells.length; i++) if (bestPxPerMOf(words[cells[i]!]!) < need) short.push(cells[i]!);
    const share = cells.length === 0 ? 0 : 1 - short.length / cells.length;
    return {
      zoneId: zone.id, zoneName: zone.name, zoneKind: zone.kind,
      requiredClass: rule.requiredClass, scope, citation: rule.citation,
      evaluatedCells: cells.length, evaluatedAreaM2: cells.length * cellAreaM2,
      share, pass: cells.length > 0 && share >= rule.minShare,
      blindSpots: withOutlines ? traceCellOutlines(grid, short) : [],
    };
  });
}
