import { header, headerAll, type SipMessage } from "./sip-message";
import { remoteKey, type SipRemote } from "./transport";

// Non-INVITE server transactions (RFC 3261 §17.2.2): a retransmitted request — same top-Via
// branch, Call-ID and CSeq from the same source — is not processed again. While the first copy
// is still being handled the copy is absorbed; once answered, the stored final response is
// sent again. Without this a device retransmitting REGISTER over UDP while the first copy
// waits on the database would see its own nonce-count as a replay.

type Entry = { response: Buffer | null; expiresAtMs: number };

export interface ServerTransactions {
  /** "new" for a first copy; otherwise what to resend (null: still in progress, send nothing). */
  begin(req: SipMessage, remote: SipRemote): "new" | { resend: Buffer | null };
  /** Records the final response of a request so a retransmission gets it again. */
  complete(req: SipMessage, remote: SipRemote, response: Buffer): void;
}

export function createServerTransactions(lifetimeMs: number, nowMs: () => number): ServerTransactions {
  const entries = new Map<string, Entry>();
  let nextSweepMs = 0;
  const keyOf = (req: SipMessage, remote: SipRemote) =>
    `${headerAll(req, "Via")[0] ?? ""}|${header(req, "Call-ID") ?? ""}|${header(req, "CSeq") ?? ""}|${remoteKey(remote)}`;

  function sweep(now: number): void {
    if (now < nextSweepMs) return;
    nextSweepMs = now + 1000;
    for (const [k, e] of entries) if (e.expiresAtMs <= now) entries.delete(k);
  }

  return {
    begin(req, remote) {
      const now = nowMs();
      sweep(now);
      const key = keyOf(req, remote);
      const found = entries.get(key);
      if (found && found.expiresAtMs > now) return { resend: found.response };
      entries.set(key, { response: null, expiresAtMs: now + lifetimeMs });
      return "new";
    },
    complete(req, remote, response) {
      const e = entries.get(keyOf(req, remote));
      if (e) e.response = response;
    },
  };
}
