import type { Server as IoServer, Socket } from "socket.io";
import { z } from "zod";
import type { CampusEvent } from "../../contracts/event";
import type { EventLog } from "../../events/log";

// Live events over Socket.IO (STYLE "Realtime"): a client subscribes with the last seq it saw;
// the gateway registers the client for live events first, then backfills from the log, so no
// event falls between the two; the client dedupes by seq. Ack shape: { data } | { error }.

export const ZEventsSubscribe = z.object({ afterSeq: z.number().int().min(0), campusId: z.string().optional() });
const BACKFILL_PAGE = 1000;

type Ack = (reply: { data: { lastSeq: number } } | { error: string }) => void;

export function createEventsRealtime(io: IoServer, deps: { events: EventLog }): () => void {
  const room = (campusId?: string) => (campusId ? `campus:${campusId}` : "campus:*");

  io.on("connection", (socket: Socket) => {
    socket.on("events:subscribe", async (raw: unknown, ack?: Ack) => {
      const parsed = ZEventsSubscribe.safeParse(raw);
      if (!parsed.success) return ack?.({ error: "events:subscribe expects { afterSeq: number, campusId?: string }" });
      const { afterSeq, campusId } = parsed.data;
      await socket.join(room(campusId));
      let cursor = afterSeq;
      for (;;) {
        const page = await deps.events.since(cursor, { campusId, limit: BACKFILL_PAGE });
        if (page.length) socket.emit("events:batch", page);
        cursor = page.at(-1)?.seq ?? cursor;
        if (page.length < BACKFILL_PAGE) break;
      }
      ack?.({ data: { lastSeq: cursor } });
    });
  });

  return deps.events.subscribe((stored: readonly CampusEvent[]) => {
    io.to(room()).emit("events:batch", stored);
    const byCampus = new Map<string, CampusEvent[]>();
    for (const e of stored) byCampus.set(e.campusId, [...(byCampus.get(e.campusId) ?? []), e]);
    for (const [campusId, list] of byCampus) io.to(room(campusId)).emit("events:batch", list);
  });
}
