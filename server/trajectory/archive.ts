import type { ArchiveIdentity, ArchiveRecord, TrajectoryQuery } from "../contracts/trajectory";
import type { Db } from "../store/db";
import { subjectTypeOf } from "./route";
import { trajectoryOf } from "./sightings";

// One person's or vehicle's archive page (人车档案, R-4.2): identity as far as the caller may
// see, sightings and trajectory, related incidents, and the picture hashes (each picture is then
// fetched with events.image, which asks for and audits a purpose: ).

export async function archiveOf(db: Db, q: TrajectoryQuery, opts: { fullIdentity: boolean }): Promise<ArchiveRecord> {
  const trajectory = await trajectoryOf(db, q);
  const identity = await identityOf(db, q.campusId, q.subjectKey, opts.fullIdentity);
  const seqs = trajectory.sightings.map((s) => s.seq);
  const links = seqs.length ? await db.prisma.incidentEvent.findMany({ where: { seq: { in: seqs } }, select: { incidentId: true } }) : [];
  const incidentIds = [...new Set(links.map((l) => l.incidentId))];
  const incidents = incidentIds.length
    ? await db.prisma.incident.findMany({ where: { id: { in: incidentIds }, campusId: q.campusId }, select: { id: true, kind: true, title: true, state: true, openedAt: true, severity: true }, orderBy: { openedAt: "asc" } })
    : [];
  const events = seqs.length ? await db.prisma.event.findMany({ where: { seq: { in: seqs }, dataJson: { contains: "sha256" } }, select: { seq: true, occurredAt: true, dataJson: true } }) : [];
  const images = events.flatMap((e) => {
    const imgs = (JSON.parse(e.dataJson) as { images?: Array<{ sha256?: unknown }> }).images ?? [];
    return imgs.filter((i) => typeof i.sha256 === "string").map((i) => ({ seq: e.seq, sha256: i.sha256 as string, at: e.occurredAt }));
  });
  return { subjectKey: q.subjectKey, identity, trajectory, incidents, images: opts.fullIdentity ? images : [] };
}

async function identityOf(db: Db, campusId: string, subjectKey: string, full: boolean): Promise<ArchiveIdentity> {
  const type = subjectTypeOf(subjectKey);
  const ref = subjectKey.slice(subjectKey.indexOf(":") + 1);
  const none = { id: null, role: null, dept: null, cardNo: null, plate: null, watchlist: false };
  if (type === "vehicle") {
    const v = await db.prisma.vehicle.findFirst({ where: { campusId, plate: ref } });
    // A plate is what the camera saw in public; the owner link is personal data.
    return { ...none, type, id: full ? v?.id ?? null : null, label: ref, plate: ref, role: full ? v?.kind ?? null : null, watchlist: v?.watchlist ?? false, full };
  }
  const p = await db.prisma.person.findFirst({ where: { campusId, id: ref } });
  if (!p) return { ...none, type, label: full ? ref : mask(ref), full };
  if (!full) return { ...none, type, label: mask(p.name), role: p.role, watchlist: p.watchlist, full };
  return { type, id: p.id, label: p.name, role: p.role, dept: p.dept, cardNo: p.cardNo, plate: null, watchlist: p.watchlist, full };
}

/** "张三丰" → "张**": enough to tell records apart on screen, not to identify. */
function mask(s: string): string {
  return s.length <= 1 ? "*" : s[0] + "*".repeat(Math.min(s.length - 1, 6));
}
