import type { OsmData, OsmRelation, OsmWay } from "./parse";

// Multipolygon outer rings from member ways (https://wiki.openstreetmap.org/wiki/Relation:multipolygon):
// member ways may be split anywhere and point either way; rings are formed by joining ways
// whose end node ids match. Returned rings are node-id lists with first === last.

export interface AssembledRings {
  rings: string[][];
  /** Member ways that could not be closed into a ring (missing from the export, or a gap). */
  unclosed: number;
}

const isClosed = (ids: readonly string[]) => ids.length >= 4 && ids[0] === ids[ids.length - 1];

export function assembleRings(ways: readonly OsmWay[]): AssembledRings {
  const rings: string[][] = [];
  const open: string[][] = [];
  for (const w of ways) {
    if (w.nodeIds.length < 2) continue;
    if (isClosed(w.nodeIds)) rings.push([...w.nodeIds]);
    else open.push([...w.nodeIds]);
  }
  let unclosed = 0;
  while (open.length > 0) {
    let chain = open.pop()!;
    let grew = true;
    while (!isClosed(chain) && grew) {
      grew = false;
      const head = chain[0]!;
      const tail = chain[chain.length - 1]!;
      for (let i = 0; i < open.length; i++) {
        const w = open[i]!;
        const wHead = w[0]!;
        const wTail = w[w.length - 1]!;
        if (wHead === tail) chain = [...chain, ...w.slice(1)];
        else if (wTail === tail) chain = [...chain, ...[...w].reverse().slice(1)];
        else if (wTail === head) chain = [...w, ...chain.slice(1)];
        else if (wHead === head) chain = [...[...w].reverse(), ...chain.slice(1)];
        else continue;
        open.splice(i, 1);
        grew = true;
        break;
      }
    }
    if (isClosed(chain)) rings.push(chain);
    else unclosed++;
  }
  return { rings, unclosed };
}

/** Outer rings of a multipolygon relation (members with role "outer" or no role). */
export function relationOuterRings(rel: OsmRelation, data: OsmData): AssembledRings {
  const ways: OsmWay[] = [];
  let missing = 0;
  for (const m of rel.members) {
    if (m.type !== "way" || (m.role !== "outer" && m.role !== "")) continue;
    const w = data.ways.get(m.ref);
    if (w) ways.push(w);
    else missing++;
  }
  const assembled = assembleRings(ways);
  return { rings: assembled.rings, unclosed: assembled.unclosed + missing };
}

/** Whether every node of the ring is present in the export. */
export const ringResolvable = (ids: readonly string[], data: OsmData) => ids.every((id) => data.nodes.has(id));
