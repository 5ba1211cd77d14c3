import { TRPCError } from "@trpc/server";
import { ZEventsQuery, ZImageRequest, type EventsPage, type ImageResult } from "../../contracts/api";
import { queryEvents, ZoneNotFoundError } from "../queries/events";
import { auditAccess, createTRPCRouter, procedureFor } from "../trpc";

export const eventsRouter = createTRPCRouter({
  /** Newest first; pass the returned nextCursor to get the next (older) page. */
  list: procedureFor("events.read").input(ZEventsQuery).query(async ({ ctx, input }): Promise<EventsPage> => {
    try {
      return await queryEvents(ctx.db, input);
    } catch (err) {
      if (err instanceof ZoneNotFoundError) throw new TRPCError({ code: "NOT_FOUND", message: err.message, cause: err });
      throw err;
    }
  }),

  /** A captured picture (face, plate) by content hash.: audited with the purpose before it is sent. */
  image: procedureFor("records.read").input(ZImageRequest).query(async ({ ctx, input }): Promise<ImageResult> => {
    const store = ctx.services.images;
    // The picture must belong to an event of this campus: scope is checked through the event.
    const owner = await ctx.db.prisma.event.findFirst({ where: { campusId: input.campusId, dataJson: { contains: input.sha256 } }, select: { seq: true } });
    const found = store && owner ? await store.read(input.sha256) : null;
    if (!found) throw new TRPCError({ code: "NOT_FOUND", message: "No such picture on this campus" });
    await auditAccess(ctx, "records.image", `${input.campusId}/${input.sha256}`, input.purpose, { seq: owner!.seq });
    return { sha256: input.sha256, mime: found.meta.mime, bytes: found.meta.bytes, base64: found.bytes.toString("base64") };
  }),
});
