import type { SubjectLookup, SubjectResult } from "../../contracts/api";
import type { Db } from "../../store/db";
import { queryEvents } from "./events";

// Person and vehicle lookup by id, card number, face id or plate, with recent sightings
// (events naming the subject). The router audits every call with its purpose.

export async function lookupSubjects(db: Db, q: SubjectLookup): Promise<SubjectResult> {
  const subjects: SubjectResult["subjects"] = [];
  if (q.by === "plate" || q.by === "id") {
    const vehicles = await db.prisma.vehicle.findMany({ where: { campusId: q.campusId, ...(q.by === "plate" ? { plate: q.value } : { id: q.value }) }, take: 20 });
    for (const v of vehicles) subjects.push({ type: "vehicle", id: v.id, campusId: v.campusId, plate: v.plate, plateColor: v.plateColor, ownerId: v.ownerId, kind: v.kind, watchlist: v.watchlist });
  }
  if (q.by !== "plate") {
    const key = q.by === "card" ? { cardNo: q.value } : q.by === "face" ? { faceId: q.value } : { id: q.value };
    const people = await db.prisma.person.findMany({ where: { campusId: q.campusId, ...key }, take: 20 });
    for (const p of people) subjects.push({ type: "person", id: p.id, campusId: p.campusId, name: p.name, role: p.role, dept: p.dept, cardNo: p.cardNo, faceId: p.faceId, watchlist: p.watchlist });
  }
  // Sightings name a person by ref (id, card or face id, depending on the device) and a vehicle by plate.
  const refs = new Set<string>([q.value]);
  for (const s of subjects) {
    if (s.type === "vehicle") refs.add(s.plate);
    else for (const r of [s.id, s.cardNo, s.faceId]) if (r) refs.add(r);
  }
  const sightings = [];
  if (q.sightings > 0) {
    for (const ref of refs) sightings.push(...(await queryEvents(db, { campusId: q.campusId, subject: ref, limit: q.sightings })).items);
  }
  const unique = [...new Map(sightings.map((e) => [e.seq, e])).values()].sort((a, b) => b.seq - a.seq).slice(0, q.sightings);
  return { subjects, sightings: unique };
}
