import type { DeviceRow, DevicesQuery } from "../../contracts/api";
import type { DeviceKind, DeviceStatus } from "../../contracts/campus";
import type { Prisma } from "../../store/generated/client";
import type { Db } from "../../store/db";

// The device registry as the duty room lists it. Status comes from the Device table, which
// fusion keeps in step with its derived state (server/fusion).

export class DeviceNotFoundError extends Error {
  override name = "DeviceNotFoundError";
  constructor(readonly deviceId: string) {
    super(`Device ${deviceId} does not exist`);
  }
}

const SELECT = {
  id: true, campusId: true, kind: true, name: true, externalId: true, protocol: true, status: true, statusAt: true,
  buildingId: true, floor: true, xM: true, yM: true, zM: true,
} satisfies Prisma.DeviceSelect;

type Row = Prisma.DeviceGetPayload<{ select: typeof SELECT }>;

function toDeviceRow(r: Row): DeviceRow {
  return {
    id: r.id, campusId: r.campusId, kind: r.kind as DeviceKind, name: r.name, externalId: r.externalId, protocol: r.protocol,
    status: r.status as DeviceStatus, statusAt: r.statusAt, buildingId: r.buildingId, floor: r.floor, position: [r.xM, r.yM, r.zM],
  };
}

export async function listDevices(db: Db, q: DevicesQuery): Promise<DeviceRow[]> {
  const rows = await db.prisma.device.findMany({
    where: {
      campusId: q.campusId,
      ...(q.kinds?.length ? { kind: { in: q.kinds } } : {}),
      ...(q.statuses?.length ? { status: { in: q.statuses } } : {}),
      ...(q.search ? { OR: [{ name: { contains: q.search } }, { externalId: { contains: q.search } }, { id: q.search }] } : {}),
    },
    select: SELECT,
    orderBy: { id: "asc" },
    take: q.limit,
  });
  return rows.map(toDeviceRow);
}

export async function getDevice(db: Db, deviceId: string): Promise<DeviceRow> {
  const row = await db.prisma.device.findUnique({ where: { id: deviceId }, select: SELECT });
  if (!row) throw new DeviceNotFoundError(deviceId);
  return toDeviceRow(row);
}
