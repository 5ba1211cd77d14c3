import type { AgentAt, HistoricalState } from "../contracts/history";
import { fromEventRow } from "../events/rows";
import type { Db } from "../store/db";
import { applyReplayEvent, emptyReplayState, parseReplayState, pruneReplayState, type ReplayState } from "./state";

// Seek: the replay state of a campus at any instant (/replay playhead). Starts from the nearest
// snapshot at or before the instant and replays the log from there, never past the next
// snapshot, so the work is bounded by the snapshot interval however long the history is.

/** People and vehicles are drawn where they were last seen within this horizon. */
export const AGENT_HORIZON_MS = 10 * 60_000;
const MAX_AGENTS = 5000;

export async function stateAt(db: Db, campusId: string, at: Date): Promise<{ state: ReplayState; replayed: number }> {
  const snap = await db.prisma.stateSnapshot.findFirst({ where: { campusId, at: { lte: at } }, orderBy: { at: "desc" } });
  const state = snap ? parseReplayState(snap.stateJson) : emptyReplayState(campusId);
  const next = await db.prisma.stateSnapshot.findFirst({ where: { campusId, seq: { gt: state.seq } }, orderBy: { seq: "asc" }, select: { seq: true } });
  const rows = await db.prisma.event.findMany({
    where: { campusId, seq: { gt: state.seq, ...(next ? { lte: next.seq } : {}) }, receivedAt: { lte: at } },
    orderBy: { seq: "asc" },
  });
  for (const row of rows) applyReplayEvent(state, fromEventRow(row));
  pruneReplayState(state, at.getTime());
  return { state, replayed: rows.length };
}

export async function agentsAt(db: Db, campusId: string, at: Date): Promise<AgentAt[]> {
  const rows = await db.prisma.sighting.findMany({
    where: { campusId, at: { gt: new Date(at.getTime() - AGENT_HORIZON_MS), lte: at }, xM: { not: null } },
    orderBy: { at: "desc" }, take: MAX_AGENTS,
    select: { subjectKey: true, at: true, xM: true, yM: true },
  });
  const seen = new Map<string, AgentAt>();
  for (const r of rows) {
    if (seen.has(r.subjectKey) || r.xM === null || r.yM === null) continue;
    const type = r.subjectKey.startsWith("vehicle:") ? "vehicle" : r.subjectKey.startsWith("person:") ? "person" : "unknown";
    seen.set(r.subjectKey, { subjectKey: r.subjectKey, type, xM: r.xM, yM: r.yM, atMs: r.at.getTime() });
  }
  return [...seen.values()];
}

export async function seek(db: Db, campusId: string, at: Date): Promise<HistoricalState> {
  const [{ state, replayed }, agents] = await Promise.all([stateAt(db, campusId, at), agentsAt(db, campusId, at)]);
  return {
    campusId, atMs: at.getTime(), seq: state.seq, devices: state.devices, doors: state.doors, fences: state.fences,
    densities: state.densities, alarms: state.alarms, incidents: Object.values(state.incidents), agents,
    drills: Object.keys(state.drills), replayedEvents: replayed,
  };
}
