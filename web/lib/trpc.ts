import { createTRPCClient, httpBatchLink } from "@trpc/client";
import type { AppRouter } from "../../server/api/root";

// The browser's tRPC client. Same origin: server/main.ts serves the pages and /api/trpc on one port.
export const TRPC_URL = "/api/trpc";

export type TrpcClient = ReturnType<typeof createTRPCClient<AppRouter>>;

let client: TrpcClient | null = null;

export function trpc(): TrpcClient {
  client ??= createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: TRPC_URL })] });
  return client;
}
