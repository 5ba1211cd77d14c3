import type { IncomingMessage, ServerResponse } from "node:http";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { sessionTokenFrom } from "../auth/cookies";
import type { ApiServices, TrpcContext } from "./context";
import { appRouter } from "./root";

/** URL prefix of every tRPC procedure (`/api/trpc/campus.get?input=…`). */
export const TRPC_BASE_PATH = "/api/trpc";

export interface TrpcHandlerDeps {
  services: ApiServices;
  /** Called for errors that are not the caller's fault (INTERNAL_SERVER_ERROR), to be logged. */
  onInternalError?: (err: Error, path: string | undefined) => void;
}

/** The client's address as the socket saw it (no proxy headers are trusted). */
export function clientOf(req: IncomingMessage): TrpcContext["client"] {
  const ua = req.headers["user-agent"];
  return { ip: req.socket.remoteAddress ?? null, userAgent: typeof ua === "string" ? ua : null };
}

/**
 * A Node request listener for `/api/trpc/*`, meant to be mounted by the one HTTP server
 * (server/app.ts) next to Next.js and Socket.IO. The caller routes by prefix; this handler
 * strips TRPC_BASE_PATH itself. The session comes from the httpOnly cookie, once per request.
 */
export function createTrpcHandler(deps: TrpcHandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const { services } = deps;
  return createHTTPHandler({
    router: appRouter,
    basePath: TRPC_BASE_PATH,
    createContext: async ({ req, res }): Promise<TrpcContext> => ({
      db: services.db,
      services,
      session: await services.auth.resolve(sessionTokenFrom(req.headers.cookie)),
      client: clientOf(req),
      setCookie: (value) => void res.appendHeader("Set-Cookie", value),
    }),
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") deps.onInternalError?.(error.cause ?? error, path);
    },
  });
}

/** True when a request path belongs to the tRPC handler. */
export function isTrpcPath(pathname: string): boolean {
  return pathname === TRPC_BASE_PATH || pathname.startsWith(`${TRPC_BASE_PATH}/`);
}
