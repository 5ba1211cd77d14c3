import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import type { CampusEvent } from "../../contracts/event";
import {
  ZHistoryWindow, ZReplayEventsInput, ZReplayLink, ZReplayLinkInput, ZSeekInput,
  type Heatmap, type HistoricalState, type ReplayLink, type Timeline,
} from "../../contracts/history";
import { fromEventRow } from "../../events/rows";
import { heatmap } from "../../history/heatmap";
import { seek } from "../../history/seek";
import { timeline } from "../../history/timeline";
import { assertInScope, createTRPCRouter, procedureFor } from "../trpc";

// history.*: /replay, the campus as it was (server/history/). Seek and play forward, the
// timeline of a window, a day's heatmap, and replay links shared within the campus scope.

const MAX_WINDOW_MS = 31 * 86_400_000;

export const historyRouter = createTRPCRouter({
  seek: procedureFor("history.read").input(ZSeekInput).query(({ ctx, input }): Promise<HistoricalState> => seek(ctx.db, input.campusId, input.at)),

  timeline: procedureFor("history.read").input(ZHistoryWindow).query(({ ctx, input }): Promise<Timeline> => {
    if (input.to.getTime() - input.from.getTime() > MAX_WINDOW_MS) throw new TRPCError({ code: "BAD_REQUEST", message: "A timeline window is at most 31 days" });
    return timeline(ctx.db, input.campusId, input.from, input.to);
  }),

  /** Events after `afterSeq` up to an instant: what the player applies while it plays. */
  events: procedureFor("history.read").input(ZReplayEventsInput).query(async ({ ctx, input }): Promise<CampusEvent[]> => {
    const rows = await ctx.db.prisma.event.findMany({
      where: { campusId: input.campusId, seq: { gt: input.afterSeq }, receivedAt: { lte: input.to } }, orderBy: { seq: "asc" }, take: input.limit,
    });
    return rows.map(fromEventRow);
  }),

  heatmap: procedureFor("history.read").input(ZHistoryWindow).query(({ ctx, input }): Promise<Heatmap> => {
    if (input.to.getTime() - input.from.getTime() > MAX_WINDOW_MS) throw new TRPCError({ code: "BAD_REQUEST", message: "A heatmap window is at most 31 days" });
    return heatmap(ctx.db, input.campusId, input.from, input.to);
  }),

  share: procedureFor("history.share").input(ZReplayLinkInput).mutation(async ({ ctx, input }): Promise<ReplayLink> => {
    const link: ReplayLink = { ...input, id: randomUUID().replace(/-/g, "").slice(0, 16), createdBy: ctx.user.id, createdAt: new Date() };
    await ctx.db.prisma.replayLink.create({ data: { id: link.id, campusId: link.campusId, createdBy: link.createdBy, createdAt: link.createdAt, paramsJson: JSON.stringify(input) } });
    return link;
  }),

  /** A shared replay: only for users whose scope includes its campus. */
  link: procedureFor("history.read").input(z.object({ id: z.string().min(1).max(64) })).query(async ({ ctx, input }): Promise<ReplayLink> => {
    const row = await ctx.db.prisma.replayLink.findUnique({ where: { id: input.id } });
    if (!row) throw new TRPCError({ code: "NOT_FOUND", message: "No such replay link" });
    assertInScope(ctx.user, row.campusId);
    return ZReplayLink.parse({ ...(JSON.parse(row.paramsJson) as object), id: row.id, createdBy: row.createdBy, createdAt: row.createdAt });
  }),
});
