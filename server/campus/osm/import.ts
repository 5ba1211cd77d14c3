import { readFileSync } from "node:fs";
import { ZCampusModel, type CampusModel, type CampusSite } from "../../contracts/campus";
import type { PrismaClient } from "../../store/generated/client";
import { saveCampusModel } from "../persist";
import { placeDevices } from "../rules/devices";
import { deriveZones } from "../rules/zones";
import { OsmFileError } from "./errors";
import { buildOsmCampusSite, type OsmSiteOptions, type OsmSiteReport } from "./site";

// The importer: read an OSM file, build the site (pure), equip it with the shared rules
// (the same deriveZones/placeDevices the generator uses), then save it in one transaction.
// Everything that can reject the input runs before the database is touched.

export interface OsmImportOptions extends Omit<OsmSiteOptions, "sourceName"> {
  /** Seed of the device placement rules: the same file and seed give the same devices. */
  seed: number;
}

export interface OsmImportResult { model: CampusModel; report: OsmSiteReport }

export function readOsmFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const reason = e.code === "ENOENT" ? "no such file" : e.code === "EISDIR" ? "is a directory" : e.code === "EACCES" ? "permission denied" : e.message;
    throw new OsmFileError(path, reason);
  }
}

/** Zones and devices by the shared rules (REQUIREMENTS R-2). */
export function equipSite(site: CampusSite, seed: number): CampusModel {
  const zones = deriveZones(site);
  const devices = placeDevices({ ...site, zones }, { seed });
  const { gates: _gates, ...summary } = site;
  return ZCampusModel.parse({ ...summary, zones, devices });
}

/** OSM XML text → an equipped campus model. Pure: no file or database access. */
export function buildOsmCampusModel(xml: string, opts: OsmImportOptions & { sourceName?: string }): OsmImportResult {
  const { site, report } = buildOsmCampusSite(xml, opts);
  return { model: equipSite(site, opts.seed), report };
}

/** Reads, builds and saves. Throws an OsmImportError (and writes nothing) for bad input. */
export async function importOsmCampusFile(prisma: PrismaClient, path: string, opts: OsmImportOptions): Promise<OsmImportResult> {
  const result = buildOsmCampusModel(readOsmFile(path), { ...opts, sourceName: path });
  await saveCampusModel(prisma, result.model);
  return result;
}
