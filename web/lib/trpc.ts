import { createTRPCClient, httpBatchLink, TRPCClientError, type TRPCLink } from "@trpc/client";
import { observable } from "@trpc/server/observable";
import type { AppRouter } from "../../server/api/root";

// The browser's tRPC client. Same origin: server/app.ts serves the pages and /api/trpc on one
// port, and the httpOnly session cookie rides along. Any UNAUTHORIZED answer (no session, or
// it expired) sends the browser to /login, which comes back here afterwards.
export const TRPC_URL = "/api/trpc";

export type TrpcClient = ReturnType<typeof createTRPCClient<AppRouter>>;

/** Where the login page sends the user back to: only same-site paths (no open redirect). */
export function safeNextPath(next: string | null | undefined): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login") ? next : "/command";
}

function goToLogin(): void {
  if (typeof window === "undefined" || window.location.pathname.startsWith("/login")) return;
  const next = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`/login?next=${encodeURIComponent(next)}`);
}

const loginOnUnauthorized: TRPCLink<AppRouter> = () => ({ next, op }) =>
  observable((observer) =>
    next(op).subscribe({
      next: (value) => observer.next(value),
      error: (err) => {
        const code = err instanceof TRPCClientError ? (err.data as { code?: string } | undefined)?.code : undefined;
        if (code === "UNAUTHORIZED" && !op.path.startsWith("auth.")) goToLogin();
        observer.error(err);
      },
      complete: () => observer.complete(),
    }),
  );

let client: TrpcClient | null = null;

export function trpc(): TrpcClient {
  client ??= createTRPCClient<AppRouter>({ links: [loginOnUnauthorized, httpBatchLink({ url: TRPC_URL })] });
  return client;
}
