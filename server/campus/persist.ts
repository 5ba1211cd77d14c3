import {
  ZCampusModel, type CampusModel, type CampusSummary, type Device,
} from "../contracts/campus";
import { providerOfClient } from "../store/db";
import { insertMany } from "../store/bulk-insert";
import type { PrismaClient } from "../store/generated/client";
import type { Device as DeviceRow } from "../store/generated/client";

// Saving and loading a whole campus. A save is one transaction: a campus is either fully
// written (buildings, zones, paths, devices) or not at all, and re-saving the same id replaces it.

export class CampusNotFoundError extends Error {
  override name = "CampusNotFoundError";
  constructor(readonly campusId: string) {
    super(`Campus ${campusId} does not exist`);
  }
}

/** Writes a whole campus in one transaction, replacing any campus with the same id. */
export async function saveCampusModel(prisma: PrismaClient, input: CampusModel): Promise<void> {
  const m = ZCampusModel.parse(input);
  const provider = providerOfClient(prisma);
  await prisma.$transaction(
    async (tx) => {
      await tx.campus.deleteMany({ where: { id: m.id } }); // cascades to children
      await tx.campus.create({
        data: {
          id: m.id, name: m.name, originLat: m.origin.latDeg, originLon: m.origin.lonDeg, originAltM: m.origin.altM,
          timeZone: m.timeZone, source: m.source, attribution: m.attribution, boundaryJson: JSON.stringify(m.boundary),
        },
      });
      await insertMany(tx, provider, "Building", m.buildings.map((b) => ({
        id: b.id, campusId: m.id, name: b.name, kind: b.kind, footprintJson: JSON.stringify(b.footprint), heightM: b.heightM, floors: b.floors,
      })));
      await insertMany(tx, provider, "Zone", m.zones.map((z) => ({
        id: z.id, campusId: m.id, name: z.name, kind: z.kind, polygonJson: JSON.stringify(z.polygon), floor: z.floor,
        ownerDept: z.ownerDept, gridId: z.gridId, buildingId: z.buildingId, densityLimitPerM2: z.densityLimitPerM2,
      })));
      await insertMany(tx, provider, "PathSegment", m.paths.map((p) => ({
        id: p.id, campusId: m.id, kind: p.kind, name: p.name, lineJson: JSON.stringify(p.line), widthM: p.widthM, fromNode: p.fromNode, toNode: p.toNode,
      })));
      await insertMany(tx, provider, "Device", m.devices.map((d) => deviceToRow(m.id, d)));
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

export function deviceToRow(campusId: string, d: Device) {
  const o = d.optics;
  return {
    id: d.id, campusId, kind: d.kind, protocol: d.protocol, externalId: d.externalId, name: d.name,
    buildingId: d.buildingId, floor: d.floor, xM: d.position[0], yM: d.position[1], zM: d.position[2],
    yawDeg: o?.yawDeg ?? null, pitchDeg: o?.pitchDeg ?? null, rollDeg: o?.rollDeg ?? null,
    hfovDeg: o?.hfovDeg ?? null, vfovDeg: o?.vfovDeg ?? null, resolutionW: o?.resolutionW ?? null,
    resolutionH: o?.resolutionH ?? null, rangeM: o?.rangeM ?? null,
    polylineJson: d.polyline ? JSON.stringify(d.polyline) : null, parentId: d.parentId,
    model: d.model, manufacturer: d.manufacturer, status: d.status, attrsJson: JSON.stringify(d.attrs),
  };
}

export function deviceFromRow(r: DeviceRow): Device {
  const hasOptics = r.yawDeg !== null && r.hfovDeg !== null && r.vfovDeg !== null && r.resolutionW !== null;
  return {
    id: r.id, kind: r.kind as Device["kind"], protocol: r.protocol as Device["protocol"], externalId: r.externalId,
    name: r.name, buildingId: r.buildingId, floor: r.floor, position: [r.xM, r.yM, r.zM],
    optics: hasOptics
      ? {
          yawDeg: r.yawDeg!, pitchDeg: r.pitchDeg ?? 0, rollDeg: r.rollDeg ?? 0, hfovDeg: r.hfovDeg!, vfovDeg: r.vfovDeg!,
          resolutionW: r.resolutionW!, resolutionH: r.resolutionH ?? Math.round((r.resolutionW! * 9) / 16), rangeM: r.rangeM ?? 50,
        }
      : null,
    polyline: r.polylineJson ? JSON.parse(r.polylineJson) : null, parentId: r.parentId, model: r.model,
    manufacturer: r.manufacturer, status: r.status as Device["status"], attrs: JSON.parse(r.attrsJson),
  };
}

export async function listCampuses(prisma: PrismaClient): Promise<CampusSummary[]> {
  const rows = await prisma.campus.findMany({ orderBy: { createdAt: "asc" } });
  return rows.map((c) => ({
    id: c.id, name: c.name, origin: { latDeg: c.originLat, lonDeg: c.originLon, altM: c.originAltM },
    timeZone: c.timeZone, source: c.source as CampusSummary["source"], attribution: c.attribution,
    boundary: JSON.parse(c.boundaryJson),
  }));
}

export async function loadCampusModel(prisma: PrismaClient, campusId: string): Promise<CampusModel> {
  const c = await prisma.campus.findUnique({
    where: { id: campusId },
    include: { buildings: true, zones: true, paths: true, devices: true },
  });
  if (!c) throw new CampusNotFoundError(campusId);
  return {
    id: c.id, name: c.name, origin: { latDeg: c.originLat, lonDeg: c.originLon, altM: c.originAltM },
    timeZone: c.timeZone, source: c.source as CampusModel["source"], attribution: c.attribution,
    boundary: JSON.parse(c.boundaryJson),
    buildings: c.buildings.map((b) => ({ id: b.id, name: b.name, kind: b.kind as CampusModel["buildings"][number]["kind"], footprint: JSON.parse(b.footprintJson), heightM: b.heightM, floors: b.floors })),
    zones: c.zones.map((z) => ({
      id: z.id, name: z.name, kind: z.kind as CampusModel["zones"][number]["kind"], polygon: JSON.parse(z.polygonJson), floor: z.floor,
      ownerDept: z.ownerDept, gridId: z.gridId, buildingId: z.buildingId, densityLimitPerM2: z.densityLimitPerM2,
    })),
    paths: c.paths.map((p) => ({ id: p.id, kind: p.kind as CampusModel["paths"][number]["kind"], name: p.name, line: JSON.parse(p.lineJson), widthM: p.widthM, fromNode: p.fromNode, toNode: p.toNode })),
    devices: c.devices.map(deviceFromRow),
  };
}
