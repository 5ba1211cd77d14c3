import type { Db } from "../store/db";
import type { Metrics } from "./metrics";

// Refused input is answered the protocol's way by the listener, then kept here with the
// reason and the raw bytes (R: "bad input ... loses nothing"), and counted per protocol.

export interface DeadLetters {
  record(entry: { protocol: string; remote?: string | null; reason: string; raw: Uint8Array | string }): Promise<void>;
}

export function createDeadLetters(db: Db, metrics: Metrics): DeadLetters {
  const refused = metrics.counter("campustwin_ingest_refused_total", "Input refused by an ingest listener, by protocol and reason");
  return {
    async record({ protocol, remote = null, reason, raw }) {
      refused.inc({ protocol, reason: reason.split(":")[0]!.slice(0, 40) });
      const bytes = typeof raw === "string" ? Buffer.from(raw, "utf8") : Buffer.from(raw);
      await db.prisma.deadLetter.create({ data: { protocol, remote, reason, rawBase64: bytes.toString("base64") } });
    },
  };
}
