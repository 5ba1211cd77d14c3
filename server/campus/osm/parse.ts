import { XMLParser, XMLValidator } from "fast-xml-parser";
import { OsmFormatError } from "./errors";

// OSM XML 0.6 (https://wiki.openstreetmap.org/wiki/OSM_XML) → plain maps keyed by OSM id.
// Pure: string in, data out. Elements with visible="false" (deleted in history exports) are
// skipped; members/refs to elements outside the export are kept and resolved (or not) later.

export type OsmTags = Readonly<Record<string, string>>;
export interface OsmNode { id: string; latDeg: number; lonDeg: number; tags: OsmTags }
export interface OsmWay { id: string; nodeIds: string[]; tags: OsmTags }
export interface OsmMember { type: "node" | "way" | "relation"; ref: string; role: string }
export interface OsmRelation { id: string; members: OsmMember[]; tags: OsmTags }
export interface OsmData {
  nodes: Map<string, OsmNode>;
  ways: Map<string, OsmWay>;
  relations: Map<string, OsmRelation>;
}

type XmlElement = Record<string, unknown>;
const ARRAY_TAGS = new Set(["node", "way", "relation", "tag", "nd", "member"]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseAttributeValue: false, // ids stay exact strings; lat/lon are converted explicitly
  parseTagValue: false,
  processEntities: true,
  isArray: (name) => ARRAY_TAGS.has(name),
});

function list(el: XmlElement, key: string): XmlElement[] {
  const v = el[key];
  return Array.isArray(v) ? (v as XmlElement[]) : [];
}

function attr(el: XmlElement, key: string): string | undefined {
  const v = el[key];
  return typeof v === "string" ? v : undefined;
}

function tagsOf(el: XmlElement): OsmTags {
  const tags: Record<string, string> = {};
  for (const t of list(el, "tag")) {
    const k = attr(t, "k");
    const v = attr(t, "v");
    if (k !== undefined && v !== undefined) tags[k] = v;
  }
  return tags;
}

const isVisible = (el: XmlElement) => attr(el, "visible") !== "false";

/** Parses an OSM XML document. `sourceName` names the input in error messages. */
export function parseOsmXml(xml: string, sourceName = "input"): OsmData {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new OsmFormatError(sourceName, `malformed XML at line ${valid.err.line}: ${valid.err.msg}`);
  }
  const doc = parser.parse(xml) as XmlElement;
  const root = doc.osm;
  if (root === undefined || Array.isArray(root)) throw new OsmFormatError(sourceName, "the root element is not <osm>");
  // An empty <osm/> parses to "" — an OSM document with nothing in it.
  const osm: XmlElement = typeof root === "object" && root !== null ? (root as XmlElement) : {};
  const version = attr(osm, "version");
  if (version !== undefined && version !== "0.6") {
    throw new OsmFormatError(sourceName, `unsupported OSM XML version ${version} (expected 0.6)`);
  }
  const data: OsmData = { nodes: new Map(), ways: new Map(), relations: new Map() };
  for (const n of list(osm, "node")) {
    const id = attr(n, "id");
    const latDeg = Number(attr(n, "lat"));
    const lonDeg = Number(attr(n, "lon"));
    if (!id || !isVisible(n) || !Number.isFinite(latDeg) || !Number.isFinite(lonDeg)) continue;
    data.nodes.set(id, { id, latDeg, lonDeg, tags: tagsOf(n) });
  }
  for (const w of list(osm, "way")) {
    const id = attr(w, "id");
    if (!id || !isVisible(w)) continue;
    const nodeIds = list(w, "nd").map((nd) => attr(nd, "ref")).filter((r): r is string => !!r);
    data.ways.set(id, { id, nodeIds, tags: tagsOf(w) });
  }
  for (const r of list(osm, "relation")) {
    const id = attr(r, "id");
    if (!id || !isVisible(r)) continue;
    const members: OsmMember[] = [];
    for (const m of list(r, "member")) {
      const type = attr(m, "type");
      const ref = attr(m, "ref");
      if ((type === "node" || type === "way" || type === "relation") && ref) {
        members.push({ type, ref, role: attr(m, "role") ?? "" });
      }
    }
    data.relations.set(id, { id, members, tags: tagsOf(r) });
  }
  return data;
}
