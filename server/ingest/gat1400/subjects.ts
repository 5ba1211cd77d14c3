import type { Db } from "../../store/db";

// Who a capture is about, and whether they are on the campus watchlist (watchlists are data:
// `Vehicle.watchlist` rows per campus; `Person.watchlist` with the faceId a capture device's
// comparison names). One indexed query per batch, so a watchlist edit applies to the next batch.

export interface SubjectRef {
  id: string;
  watchlist: boolean;
  name?: string;
}

/** Plates compare without spaces, middle dots or case: "京A·12345" = "京a 12345". */
export function normalisePlate(plate: string): string {
  return plate.replace(/[\s·・.-]/g, "").toUpperCase();
}

const key = (campusId: string, value: string) => `${campusId}\u0000${value}`;

export async function lookupVehicles(db: Db, wanted: ReadonlyMap<string, ReadonlySet<string>>): Promise<Map<string, SubjectRef>> {
  const out = new Map<string, SubjectRef>();
  for (const [campusId, plates] of wanted) {
    if (plates.size === 0) continue;
    const candidates = new Set<string>();
    for (const p of plates) candidates.add(p).add(normalisePlate(p));
    const rows = await db.prisma.vehicle.findMany({
      where: { campusId, plate: { in: [...candidates] } },
      select: { id: true, plate: true, watchlist: true },
    });
    for (const r of rows) out.set(key(campusId, normalisePlate(r.plate)), { id: r.id, watchlist: r.watchlist });
  }
  return out;
}

export function vehicleOf(found: ReadonlyMap<string, SubjectRef>, campusId: string, plate: string): SubjectRef | null {
  return found.get(key(campusId, normalisePlate(plate))) ?? null;
}

export async function lookupPersonsByFaceId(db: Db, wanted: ReadonlyMap<string, ReadonlySet<string>>): Promise<Map<string, SubjectRef>> {
  const out = new Map<string, SubjectRef>();
  for (const [campusId, faceIds] of wanted) {
    if (faceIds.size === 0) continue;
    const rows = await db.prisma.person.findMany({
      where: { campusId, faceId: { in: [...faceIds] } },
      select: { id: true, faceId: true, watchlist: true, name: true },
    });
    for (const r of rows) if (r.faceId) out.set(key(campusId, r.faceId), { id: r.id, watchlist: r.watchlist, name: r.name });
  }
  return out;
}

export function personOf(found: ReadonlyMap<string, SubjectRef>, campusId: string, faceId: string): SubjectRef | null {
  return found.get(key(campusId, faceId)) ?? null;
}
