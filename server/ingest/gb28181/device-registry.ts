import type { Db } from "../../store/db";
import type { CatalogItem } from "./manscdp";
import { createLocalFrame } from "../../campus/coordinates";

// The video-device registry side of GB/T 28181 ("one device one file", R-3): each Catalog
// channel is one camera row in Device, matched by externalId = the channel's 20-digit GB code.
// A row that already exists (placed by the campus model) is updated in place and keeps its
// position; an unknown channel is created under its parent's campus (or the first campus),
// placed from longitude/latitude when the device reports them.

export interface DeviceRef {
  id: string;
  campusId: string;
  xM: number;
  yM: number;
  floor: number;
}

interface CampusOrigin {
  id: string;
  latDeg: number;
  lonDeg: number;
}

/** Beyond this a reported position is treated as bogus rather than placed kilometres away. */
const MAX_PLACEMENT_DISTANCE_M = 20_000;

const channelStatus = (s: string | null): "online" | "offline" =>
  s && /^(off|offline)$/i.test(s.trim()) ? "offline" : "online";

export interface DeviceRegistry {
  find(externalId: string): Promise<DeviceRef | null>;
  /** The campus for a device with no row of its own: its first channel's, else the first campus. */
  campusFor(externalId: string): Promise<string | null>;
  upsertChannels(ownerGbId: string, items: readonly CatalogItem[]): Promise<{ created: number; updated: number }>;
  setStatus(rowIds: readonly string[], status: "online" | "offline"): Promise<void>;
  /** Row ids of the channels last reported by a device. */
  channelsOf(ownerGbId: string): Promise<string[]>;
  mergeAttrs(rowId: string, patch: Record<string, unknown>): Promise<void>;
}

export function createDeviceRegistry(db: Db, now: () => Date): DeviceRegistry {
  const prisma = db.prisma;
  const select = { id: true, campusId: true, xM: true, yM: true, floor: true } as const;

  async function firstCampus(): Promise<CampusOrigin | null> {
    const c = await prisma.campus.findFirst({ orderBy: { createdAt: "asc" }, select: { id: true, originLat: true, originLon: true } });
    return c ? { id: c.id, latDeg: c.originLat, lonDeg: c.originLon } : null;
  }

  async function campusOrigin(campusId: string): Promise<CampusOrigin | null> {
    const c = await prisma.campus.findUnique({ where: { id: campusId }, select: { id: true, originLat: true, originLon: true } });
    return c ? { id: c.id, latDeg: c.originLat, lonDeg: c.originLon } : null;
  }

  function placement(origin: CampusOrigin | null, it: CatalogItem): { xM: number; yM: number } | null {
    if (!origin || it.longitudeDeg === null || it.latitudeDeg === null) return null;
    const [xM, yM] = createLocalFrame({ latDeg: origin.latDeg, lonDeg: origin.lonDeg, altM: 0 }).toLocal(it.latitudeDeg, it.longitudeDeg);
    return Math.hypot(xM, yM) <= MAX_PLACEMENT_DISTANCE_M ? { xM, yM } : null;
  }

  function attrsOf(it: CatalogItem, ownerGbId: string): Record<string, unknown> {
    const a: Record<string, unknown> = { gbOwnerDeviceId: ownerGbId, gbParentId: it.parentId };
    if (it.civilCode) a.civilCode = it.civilCode;
    if (it.address) a.address = it.address;
    if (it.owner) a.owner = it.owner;
    if (it.status) a.gbStatus = it.status;
    if (it.longitudeDeg !== null && it.latitudeDeg !== null) Object.assign(a, { longitudeDeg: it.longitudeDeg, latitudeDeg: it.latitudeDeg });
    return a;
  }

  async function resolveHome(ownerGbId: string, parentGbId: string | null): Promise<{ origin: CampusOrigin | null; parentRowId: string | null }> {
    const parent = (parentGbId ? await prisma.device.findFirst({ where: { externalId: parentGbId }, select }) : null)
      ?? await prisma.device.findFirst({ where: { externalId: ownerGbId }, select });
    const origin = parent ? await campusOrigin(parent.campusId) : await firstCampus();
    return { origin, parentRowId: parent?.id ?? null };
  }

  return {
    find: (externalId) => prisma.device.findFirst({ where: { externalId }, select }),

    async campusFor(externalId) {
      const own = await prisma.device.findFirst({ where: { externalId }, select: { campusId: true } });
      if (own) return own.campusId;
      const child = await prisma.device.findFirst({ where: { attrsJson: { contains: `"gbOwnerDeviceId":"${externalId}"` } }, select: { campusId: true } });
      return child?.campusId ?? (await firstCampus())?.id ?? null;
    },

    async upsertChannels(ownerGbId, items) {
      const existing = await prisma.device.findMany({ where: { externalId: { in: items.map((i) => i.deviceId) } } });
      const byExt = new Map(existing.map((r) => [r.externalId, r]));
      let created = 0;
      let updated = 0;
      const homes = new Map<string, Awaited<ReturnType<typeof resolveHome>>>();
      for (const it of items) {
        const row = byExt.get(it.deviceId);
        const homeKey = it.parentId ?? "";
        const home = homes.get(homeKey) ?? (await resolveHome(ownerGbId, it.parentId));
        homes.set(homeKey, home);
        const common = {
          name: it.name, manufacturer: it.manufacturer, model: it.model, status: channelStatus(it.status), statusAt: now(),
          // An IPC whose channel code is its own code must not become its own parent.
          parentId: home.parentRowId && home.parentRowId !== row?.id ? home.parentRowId : row?.parentId ?? null,
        };
        if (row) {
          const origin = await campusOrigin(row.campusId);
          const placed = row.protocol === "gb28181" ? placement(origin, it) : null; // never move a surveyed device
          const attrs = { ...(JSON.parse(row.attrsJson) as Record<string, unknown>), ...attrsOf(it, ownerGbId) };
          await prisma.device.update({ where: { id: row.id }, data: { ...common, ...(placed ?? {}), attrsJson: JSON.stringify(attrs) } });
          updated++;
          continue;
        }
        if (!home.origin) throw new Error(`No campus to place GB/T 28181 channel ${it.deviceId} in`);
        const placed = placement(home.origin, it);
        await prisma.device.create({
          data: {
            ...common, id: `${home.origin.id}-gb-${it.deviceId}`, campusId: home.origin.id, kind: "camera", protocol: "gb28181",
            externalId: it.deviceId, xM: placed?.xM ?? 0, yM: placed?.yM ?? 0, zM: 0,
            attrsJson: JSON.stringify({ ...attrsOf(it, ownerGbId), positionKnown: placed !== null }),
          },
        });
        created++;
      }
      return { created, updated };
    },

    async setStatus(rowIds, status) {
      if (rowIds.length) await prisma.device.updateMany({ where: { id: { in: [...rowIds] } }, data: { status, statusAt: now() } });
    },

    async channelsOf(ownerGbId) {
      const rows = await prisma.device.findMany({ where: { attrsJson: { contains: `"gbOwnerDeviceId":"${ownerGbId}"` } }, select: { id: true } });
      return rows.map((r) => r.id);
    },

    async mergeAttrs(rowId, patch) {
      const row = await prisma.device.findUnique({ where: { id: rowId }, select: { attrsJson: true } });
      if (!row) return;
      const attrs = { ...(JSON.parse(row.attrsJson) as Record<string, unknown>), ...patch };
      await prisma.device.update({ where: { id: rowId }, data: { attrsJson: JSON.stringify(attrs) } });
    },
  };
}
