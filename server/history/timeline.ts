import type { IncidentSpan, OfflineGap, Timeline } from "../contracts/history";
import type { Db } from "../store/db";
import { dateParam, msSince, rawQuery } from "./raw";
import { stateAt } from "./seek";

// The /replay timeline of a window: event density by kind family per bucket, incidents as spans
// (open → closed), and the gaps where a device was offline.

const TARGET_BUCKETS = 240;
const MIN_BUCKET_MS = 10_000;

export async function timeline(db: Db, campusId: string, from: Date, to: Date): Promise<Timeline> {
  const spanMs = to.getTime() - from.getTime();
  const bucketMs = Math.max(MIN_BUCKET_MS, Math.ceil(spanMs / TARGET_BUCKETS / 1000) * 1000);
  const [buckets, incidents, offline] = await Promise.all([
    densityBuckets(db, campusId, from, to, bucketMs), incidentSpans(db, campusId, from, to), offlineGaps(db, campusId, from, to),
  ]);
  return { campusId, fromMs: from.getTime(), toMs: to.getTime(), bucketMs, buckets, incidents, offline };
}

async function densityBuckets(db: Db, campusId: string, from: Date, to: Date, bucketMs: number): Promise<Timeline["buckets"]> {
  const rows = await rawQuery<{ b: number; family: string; n: number }>(db, {
    sqlite: `SELECT CAST(${msSince(db, `"occurredAt"`, "?")} / ? AS INTEGER) AS b, substr("kind", 1, instr("kind", '.') - 1) AS family, COUNT(*) AS n
      FROM "Event" WHERE "campusId" = ? AND "occurredAt" >= ? AND "occurredAt" < ? GROUP BY b, family`,
    pg: `SELECT floor(${msSince(db, `"occurredAt"`, "$1")} / $2)::int AS b, split_part("kind", '.', 1) AS family, COUNT(*) AS n
      FROM "Event" WHERE "campusId" = $3 AND "occurredAt" >= $4::timestamp AND "occurredAt" < $5::timestamp GROUP BY b, family`,
  }, [dateParam(db, from), bucketMs, campusId, dateParam(db, from), dateParam(db, to)]);
  const byBucket = new Map<number, Record<string, number>>();
  for (const r of rows) {
    const counts = byBucket.get(r.b) ?? {};
    counts[r.family] = (counts[r.family] ?? 0) + r.n;
    byBucket.set(r.b, counts);
  }
  return [...byBucket.entries()].sort((a, b) => a[0] - b[0]).map(([b, counts]) => ({ startMs: from.getTime() + b * bucketMs, counts }));
}

async function incidentSpans(db: Db, campusId: string, from: Date, to: Date): Promise<IncidentSpan[]> {
  const rows = await db.prisma.incident.findMany({
    where: { campusId, openedAt: { lt: to }, OR: [{ closedAt: null }, { closedAt: { gt: from } }] },
    select: { id: true, kind: true, title: true, severity: true, openedAt: true, closedAt: true, openedSeq: true },
    orderBy: { openedAt: "asc" }, take: 2000,
  });
  const drills = await drillOfSeqs(db, rows.map((r) => r.openedSeq));
  return rows.map((r) => ({
    id: r.id, kind: r.kind, title: r.title, severity: r.severity, fromMs: r.openedAt.getTime(), toMs: r.closedAt?.getTime() ?? null,
    drill: drills.get(r.openedSeq) ?? null,
  }));
}

/** Drill id of each event seq that belongs to a drill (R: drill incidents are marked everywhere). */
export async function drillOfSeqs(db: Db, seqs: readonly number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (seqs.length === 0) return out;
  const rows = await db.prisma.event.findMany({ where: { seq: { in: [...seqs] }, dataJson: { contains: `"drill":` } }, select: { seq: true, dataJson: true } });
  for (const r of rows) {
    const drill = (JSON.parse(r.dataJson) as { drill?: unknown }).drill;
    if (typeof drill === "string") out.set(r.seq, drill);
  }
  return out;
}

async function offlineGaps(db: Db, campusId: string, from: Date, to: Date): Promise<OfflineGap[]> {
  const { state } = await stateAt(db, campusId, from);
  const open = new Map<string, number>();
  for (const [deviceId, status] of Object.entries(state.devices)) if (status === "offline") open.set(deviceId, from.getTime());
  const rows = await db.prisma.event.findMany({
    where: { campusId, kind: { in: ["device.offline", "device.online"] }, occurredAt: { gte: from, lt: to } },
    select: { kind: true, deviceId: true, occurredAt: true }, orderBy: { occurredAt: "asc" }, take: 20_000,
  });
  const gaps: OfflineGap[] = [];
  for (const r of rows) {
    if (!r.deviceId) continue;
    if (r.kind === "device.offline") {
      if (!open.has(r.deviceId)) open.set(r.deviceId, r.occurredAt.getTime());
    } else if (open.has(r.deviceId)) {
      gaps.push({ deviceId: r.deviceId, fromMs: open.get(r.deviceId)!, toMs: r.occurredAt.getTime() });
      open.delete(r.deviceId);
    }
  }
  for (const [deviceId, fromMs] of open) gaps.push({ deviceId, fromMs, toMs: null });
  return gaps.sort((a, b) => a.fromMs - b.fromMs);
}
