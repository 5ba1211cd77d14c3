import type { IncomingMessage, ServerResponse } from "node:http";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import type { Db } from "../store/db";
import { appRouter } from "./root";
import type { TrpcContext } from "./trpc";

/** URL prefix of every tRPC procedure (`/api/trpc/campus.get?input=…`). */
export const TRPC_BASE_PATH = "/api/trpc";

export interface TrpcHandlerDeps {
  db: Db;
  /** Called for errors that are not the caller's fault (INTERNAL_SERVER_ERROR), to be logged. */
  onInternalError?: (err: Error, path: string | undefined) => void;
}

/**
 * A Node request listener for `/api/trpc/*`, meant to be mounted by the one HTTP server
 * (server/main.ts) next to Next.js and Socket.IO. The caller routes by prefix; this handler
 * strips TRPC_BASE_PATH itself.
 */
export function createTrpcHandler(deps: TrpcHandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const context: TrpcContext = { db: deps.db };
  return createHTTPHandler({
    router: appRouter,
    basePath: TRPC_BASE_PATH,
    createContext: () => context,
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") deps.onInternalError?.(error, path);
    },
  });
}

/** True when a request path belongs to the tRPC handler. */
export function isTrpcPath(pathname: string): boolean {
  return pathname === TRPC_BASE_PATH || pathname.startsWith(`${TRPC_BASE_PATH}/`);
}
