// Link supervision (DC-09 §5.5.3 / SIA DC-09 "supervision of the communication path"): each
// account must be heard from — any message, NULL link tests included — at least once per
// supervision interval. A silent account goes offline once; its next message brings it back.
// Accounts are supervised from the moment the receiver starts or first hears them.

export interface Supervisor {
  /** Records traffic; true when the account was offline (the caller emits `device.online`). */
  touch(account: string, atMs: number): boolean;
  /** Starts supervising an account not heard yet (from the registry), as if heard at `atMs`. */
  watch(account: string, atMs: number): void;
  /** Accounts silent past their interval at `nowMs`, now marked offline (each reported once). */
  sweep(nowMs: number): Array<{ account: string; lastSeenMs: number; intervalMs: number }>;
  offlineCount(): number;
}

export function createSupervisor(intervalFor: (account: string) => number): Supervisor {
  const lastSeen = new Map<string, number>();
  const offline = new Set<string>();
  return {
    touch(account, atMs) {
      lastSeen.set(account, atMs);
      return offline.delete(account);
    },
    watch(account, atMs) {
      if (!lastSeen.has(account)) lastSeen.set(account, atMs);
    },
    sweep(nowMs) {
      const out: Array<{ account: string; lastSeenMs: number; intervalMs: number }> = [];
      for (const [account, seenMs] of lastSeen) {
        if (offline.has(account)) continue;
        const intervalMs = intervalFor(account);
        if (nowMs - seenMs > intervalMs) {
          offline.add(account);
          out.push({ account, lastSeenMs: seenMs, intervalMs });
        }
      }
      return out;
    },
    offlineCount: () => offline.size,
  };
}
