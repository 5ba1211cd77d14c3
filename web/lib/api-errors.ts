import { TRPCClientError } from "@trpc/client";

// How the web tells "log in first" from other failures of a tRPC call.

export function isUnauthorized(err: unknown): boolean {
  return err instanceof TRPCClientError && (err.data as { code?: string } | undefined)?.code === "UNAUTHORIZED";
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Sends the browser to the login page, coming back here afterwards. */
export function redirectToLogin(): void {
  const next = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`/login?next=${encodeURIComponent(next)}`);
}
