import type { CampusEvent } from "../contracts/event";
import type { EventLog } from "../events/log";
import { subjectKeyOf } from "../fusion/rules/types";
import type { Logger } from "../observability/logger";
import type { Db } from "../store/db";
import type { DensitySample } from "./aggregate";
import { createHistorySql, type HistorySql, type SightingRow, type SnapshotRow } from "./sql";
import { applyReplayEvent, emptyReplayState, parseReplayState, pruneReplayState, serializeReplayState, type ReplayState } from "./state";

// Follows the event log and keeps two projections for history (DESIGN "Playback is a query over
// the log plus periodic snapshots"): a StateSnapshot of each campus's replay state every
// `snapshotEveryEvents` events (or `snapshotEveryMs` of log time), so a seek replays a bounded
// number of events; one Sighting row per event naming a person or vehicle, so a
// trajectory is an indexed range read rather than a scan of event JSON; and hourly aggregates
// (DensityHour per zone, SightingHour per place) so a day's heatmap reads hours, not events.
// Each page commits with the HistoryCursor in one transaction. On restart the indexer reloads
// each campus's last snapshot at or before the cursor and replays the events between it and the
// cursor into the replay state only, so the state, the snapshot schedule and every count end up
// as a straight run's would.

/** Event kinds that place a subject somewhere (face, plate, card swipe, guard check-in). */
export const SIGHTING_KINDS: ReadonlySet<string> = new Set([
  "face.capture", "face.watchlist_hit", "lpr.read", "vehicle.watchlist_hit", "access.granted", "access.denied", "patrol.checkin",
]);

export interface HistoryIndexerOptions {
  db: Db;
  events: EventLog;
  logger?: Logger;
  /** Default 5000 events per campus. */
  snapshotEveryEvents?: number;
  /** Default 30 min of log time, so quiet nights still get snapshots. */
  snapshotEveryMs?: number;
  /** Page size when catching up; default 20 000. */
  pageSize?: number;
  /**
   * Also reads the log every this many ms (default 2000; 0 = never): events other server nodes
   * or tools appended to the shared database reach this node's history without its subscribe.
   */
  pollMs?: number;
}

export interface HistoryIndexer {
  /** Catches up with the log, then follows it. */
  start(): Promise<void>;
  /** Processes everything committed so far (without following); returns the events read. */
  catchUp(): Promise<number>;
  /** Resolves when every event committed so far is indexed. */
  idle(): Promise<void>;
  indexedSeq(): number;
  stop(): Promise<void>;
}

interface CampusTrack { state: ReplayState; sinceSnapshot: number; lastSnapshotAtMs: number; cards: Map<string, string> | null }

export function createHistoryIndexer(o: HistoryIndexerOptions): HistoryIndexer {
  const everyEvents = o.snapshotEveryEvents ?? 5000;
  const everyMs = o.snapshotEveryMs ?? 30 * 60_000;
  const pageSize = o.pageSize ?? 20_000;
  const sql: HistorySql = createHistorySql(o.db, o.events);
  const campuses = new Map<string, CampusTrack>();
  /** Highest seq read and applied to the replay state. */
  let indexed = 0;
  /** Highest seq whose projections and aggregates are committed (HistoryCursor). */
  let committed = 0;
  let loaded = false;
  let chain: Promise<void> = Promise.resolve();
  let unsubscribe: (() => void) | null = null;
  let poll: ReturnType<typeof setInterval> | null = null;

  async function load(): Promise<void> {
    if (loaded) return;
    loaded = true;
    committed = (await sql.cursor()) ?? 0;
    const ids = (await o.db.prisma.campus.findMany({ select: { id: true } })).map((c) => c.id);
    let from = committed;
    for (const campusId of ids) {
      const snap = await o.db.prisma.stateSnapshot.findFirst({ where: { campusId, seq: { lte: committed } }, orderBy: { seq: "desc" } });
      // A campus's first event is always snapshotted (lastSnapshotAtMs starts at 0), so no
      // snapshot at or before the cursor means no committed events: it starts empty.
      if (!snap) continue;
      const state = parseReplayState(snap.stateJson);
      campuses.set(campusId, { state, sinceSnapshot: 0, lastSnapshotAtMs: state.atMs, cards: null });
      from = Math.min(from, state.seq);
    }
    indexed = from;
  }

  async function cardsOf(t: CampusTrack, campusId: string): Promise<Map<string, string>> {
    if (!t.cards) {
      const people = await o.db.prisma.person.findMany({ where: { campusId, cardNo: { not: null } }, select: { id: true, cardNo: true } });
      t.cards = new Map(people.map((p) => [p.cardNo!, p.id]));
    }
    return t.cards;
  }

  function track(campusId: string): CampusTrack {
    let t = campuses.get(campusId);
    if (!t) campuses.set(campusId, (t = { state: emptyReplayState(campusId), sinceSnapshot: 0, lastSnapshotAtMs: 0, cards: null }));
    return t;
  }

  async function process(batch: readonly CampusEvent[]): Promise<void> {
    const sightings: SightingRow[] = [];
    const densitySamples: DensitySample[] = [];
    const snapshots: SnapshotRow[] = [];
    for (const e of batch) {
      if (e.seq <= indexed) continue;
      const t = track(e.campusId);
      // At or before the cursor (a restart's replay) only the state moves: the snapshots,
      // sightings and counts of those events are already committed.
      const fresh = e.seq > committed;
      if (e.seq > t.state.seq) {
        applyReplayEvent(t.state, e);
        t.sinceSnapshot++;
        if (fresh && (t.sinceSnapshot >= everyEvents || t.state.atMs - t.lastSnapshotAtMs >= everyMs)) {
          pruneReplayState(t.state, t.state.atMs);
          snapshots.push({ campusId: e.campusId, seq: e.seq, at: e.receivedAt, stateJson: serializeReplayState(t.state) });
          t.sinceSnapshot = 0;
          t.lastSnapshotAtMs = t.state.atMs;
        }
      }
      if (!fresh) continue;
      const s = await sightingOf(e, t);
      if (s) sightings.push(s);
      const d = densitySampleOf(e);
      if (d) densitySamples.push(d);
    }
    const last = batch.at(-1)?.seq ?? 0;
    // The commit may find the cursor moved on by another node's indexer; it drops what that
    // covered and returns the cursor, which this node then skips too.
    if (last > committed) committed = await sql.commit({ sightings, densitySamples, snapshots, throughSeq: last });
    indexed = Math.max(indexed, last);
  }

  async function sightingOf(e: CampusEvent, t: CampusTrack): Promise<SightingRow | null> {
    if (!SIGHTING_KINDS.has(e.kind)) return null;
    let key = subjectKeyOf(e);
    if (!key) return null;
    // An access swipe names a card when the controller did not know the person (card → person).
    if (key.startsWith("person:card:")) {
      const person = (await cardsOf(t, e.campusId)).get(key.slice("person:card:".length));
      if (person) key = `person:${person}`;
    }
    return {
      seq: e.seq, campusId: e.campusId, subjectKey: key, at: e.occurredAt, kind: e.kind, deviceId: e.deviceId,
      xM: e.location?.xM ?? null, yM: e.location?.yM ?? null, drill: typeof e.data.drill === "string" ? e.data.drill : null,
    };
  }

  async function catchUp(): Promise<number> {
    await load();
    let read = 0;
    for (;;) {
      const page = await sql.readEvents(indexed, pageSize);
      await process(page);
      read += page.length;
      if (page.length < pageSize) return read;
    }
  }

  function enqueue(batch: readonly CampusEvent[]): void {
    chain = chain.then(() => process(batch)).catch((err: unknown) => {
      o.logger?.error("history: indexing failed", { err: err instanceof Error ? err.message : String(err), fromSeq: batch[0]?.seq });
    });
  }

  return {
    async start() {
      let buffer: CampusEvent[] | null = [];
      unsubscribe = o.events.subscribe((b) => (buffer ? buffer.push(...b) : enqueue(b)));
      await catchUp();
      const pending = buffer.filter((e) => e.seq > indexed);
      buffer = null;
      if (pending.length) enqueue(pending);
      const pollMs = o.pollMs ?? 2000;
      if (pollMs > 0) {
        poll = setInterval(() => {
          chain = chain.then(async () => void (await catchUp())).catch((err: unknown) => {
            o.logger?.error("history: catching up failed", { err: err instanceof Error ? err.message : String(err) });
          });
        }, pollMs);
        poll.unref();
      }
      o.logger?.info("history indexer started", { indexedSeq: indexed, campuses: campuses.size });
    },
    catchUp,
    async idle() {
      await o.events.flush();
      for (;;) {
        const c = chain;
        await c;
        if (c === chain) return;
      }
    },
    indexedSeq: () => indexed,
    async stop() {
      if (poll) clearInterval(poll);
      poll = null;
      unsubscribe?.();
      unsubscribe = null;
      await chain;
      await sql.close();
    },
  };
}

/** A density sample's zone and value, or null when the event carries none. */
function densitySampleOf(e: CampusEvent): DensitySample | null {
  const zoneId = e.data.zoneId, perM2 = e.data.perM2;
  if (e.kind !== "density.sample" || typeof zoneId !== "string" || typeof perM2 !== "number") return null;
  return { seq: e.seq, campusId: e.campusId, zoneId, at: e.occurredAt, perM2 };
}
