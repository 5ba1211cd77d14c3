import { initTRPC } from "@trpc/server";
import type { Db } from "../store/db";

// tRPC setup shared by every router. Routers stay thin (STYLE: cal.com): they validate input
// with the zod contracts, call a domain module, and translate domain errors to TRPCError.

/** What every procedure can reach. Built per request by `createTrpcHandler` (server/api/http.ts). */
export interface TrpcContext {
  db: Db;
}

const t = initTRPC.context<TrpcContext>().create({
  // Internals stay in the log; only allow-listed messages reach a browser (STYLE: Errors).
  errorFormatter({ shape, error }) {
    const exposed = error.code !== "INTERNAL_SERVER_ERROR";
    return { ...shape, message: exposed ? shape.message : "Internal server error", data: { ...shape.data, stack: undefined } };
  },
});

export const createTRPCRouter = t.router;
export const publicProcedure = t.procedure;
export const createCallerFactory = t.createCallerFactory;
