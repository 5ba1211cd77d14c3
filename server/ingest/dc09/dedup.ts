import { hash } from "node:crypto";
import { timeOrderedId } from "../../events/ids";
import type { Content, Envelope } from "./frame";

// Retransmissions are stored once (DC-09 §5.5.2: a panel without an ACK resends the same
// message with the same sequence number). The event id is derived from what a retransmission
// repeats — account, seq, token and the clear content — so the event log's unique id turns the
// copy into a reported duplicate, across restarts too. A message with a timestamp is pinned by
// that timestamp; one without is pinned to a receiver-time window, remembered in memory so a
// retransmission that straddles a window boundary still maps to the first id. The id leads
// with that timestamp or window (server/events/ids.ts) so the log's id index grows at its end.

/** Bounded memory for untimestamped messages; oldest entries go first. */
const MAX_REMEMBERED = 100_000;

export function createDedup(windowMs: number) {
  const recent = new Map<string, { id: string; atMs: number }>();

  function digest(env: Envelope, content: Content): string {
    const text = `${env.account}|${env.seq}|${env.token}|${content.data}|${content.extended.join("][")}|${content.timestamp?.getTime() ?? ""}`;
    return hash("sha1", text, "hex").slice(0, 24);
  }

  return {
    idFor(env: Envelope, content: Content, receivedMs: number): string {
      const h = digest(env, content);
      if (content.timestamp) return timeOrderedId("dc09", content.timestamp.getTime(), h);
      const seen = recent.get(h);
      if (seen && receivedMs - seen.atMs <= windowMs) return seen.id;
      const id = timeOrderedId("dc09", Math.floor(receivedMs / windowMs) * windowMs, h);
      recent.delete(h);
      recent.set(h, { id, atMs: receivedMs });
      if (recent.size > MAX_REMEMBERED) recent.delete(recent.keys().next().value!);
      return id;
    },
  };
}
