import type { PathSegment } from "../../contracts/campus";
import { parseLengthM } from "./building-tags";
import { clipPolylineToRing } from "./clip";
import type { OsmSiteContext } from "./context";
import type { OsmWay } from "./parse";

// The campus path network from highway=* ways (https://wiki.openstreetmap.org/wiki/Key:highway).
// Ways are split at junctions (nodes shared by two or more network ways) so every segment runs
// junction to junction, then clipped to the campus outline. `fromNode`/`toNode` are the OSM
// node ids at the segment ends — shared ids connect segments into a graph; where the outline
// cuts a way the end is a synthetic `cut:w<way>:<n>` node.

type NetworkKind = "road" | "footway" | "cycleway";

const HIGHWAY_KIND: Record<string, NetworkKind> = {
  motorway: "road", trunk: "road", primary: "road", secondary: "road", tertiary: "road",
  unclassified: "road", residential: "road", service: "road", living_street: "road", road: "road", track: "road",
  motorway_link: "road", trunk_link: "road", primary_link: "road", secondary_link: "road", tertiary_link: "road",
  footway: "footway", path: "footway", pedestrian: "footway", steps: "footway", corridor: "footway", bridleway: "footway",
  cycleway: "cycleway",
};

/** Carriageway widths when `width` is not tagged (typical Chinese urban/campus values, m). */
const DEFAULT_WIDTH_M: Record<string, number> = {
  motorway: 15, trunk: 14, primary: 14, secondary: 10, tertiary: 8, unclassified: 6, residential: 6,
  living_street: 5, road: 6, service: 4, track: 3, pedestrian: 4, footway: 2, steps: 2, corridor: 2,
  path: 1.5, bridleway: 2, cycleway: 2.5,
};

export function highwayKind(highway: string | undefined): NetworkKind | null {
  if (!highway) return null;
  return HIGHWAY_KIND[highway] ?? (highway.endsWith("_link") ? "road" : null);
}

function junctionNodes(ways: readonly OsmWay[]): Set<string> {
  const seen = new Map<string, number>();
  for (const w of ways) {
    for (const id of new Set(w.nodeIds)) seen.set(id, (seen.get(id) ?? 0) + 1);
  }
  return new Set([...seen].filter(([, n]) => n > 1).map(([id]) => id));
}

/** Node-id runs of a way, split at junctions (ends always included). */
export function splitAtJunctions(nodeIds: readonly string[], junctions: ReadonlySet<string>): string[][] {
  const runs: string[][] = [];
  let run: string[] = [];
  nodeIds.forEach((id, i) => {
    run.push(id);
    const isEnd = i === nodeIds.length - 1;
    if (run.length > 1 && (isEnd || junctions.has(id))) {
      runs.push(run);
      run = [id];
    }
  });
  return runs;
}

export function extractRoads(ctx: OsmSiteContext): PathSegment[] {
  const ways = [...ctx.data.ways.values()].filter((w) => highwayKind(w.tags.highway) !== null && w.tags.area !== "yes");
  const junctions = junctionNodes(ways);
  const out: PathSegment[] = [];
  for (const w of ways) {
    const kind = highwayKind(w.tags.highway)!;
    const widthM = parseLengthM(w.tags.width) ?? DEFAULT_WIDTH_M[w.tags.highway!] ?? 4;
    const name = w.tags.name ?? w.tags["name:zh"] ?? w.tags["name:en"] ?? null;
    let cut = 0;
    let n = 0;
    for (const run of splitAtJunctions(w.nodeIds, junctions)) {
      const line = ctx.line(run);
      if (!line) continue; // the way leaves the export: its missing nodes are far off campus
      for (const piece of clipPolylineToRing(line, ctx.boundary)) {
        const fromNode = piece.startVertex >= 0 ? run[piece.startVertex]! : `cut:w${w.id}:${cut++}`;
        const toNode = piece.endVertex >= 0 ? run[piece.endVertex]! : `cut:w${w.id}:${cut++}`;
        out.push({ id: `${ctx.campusId}-road-w${w.id}-${n++}`, kind, name, line: piece.points, widthM, fromNode, toNode });
      }
    }
  }
  return out;
}
