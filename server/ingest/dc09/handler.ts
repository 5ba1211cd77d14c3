import type { NewCampusEvent } from "../../contracts/event";
import type { IngestDeps } from "../types";
import { decryptContent } from "./crypto";
import { createDedup } from "./dedup";
import { buildEvents, driftEvent, linkEvent } from "./events";
import { Dc09FrameError, parseContent, parseEnvelope, type Content, type Envelope } from "./frame";
import { createDc09Metrics } from "./metrics";
import { Dc09PayloadError, parseCid, parseSia, type Payload } from "./payload";
import type { AccountEntry, DeviceRegistry } from "./registry";
import { ackFrame, duhFrame, nakFrame } from "./replies";
import type { Supervisor } from "./supervision";

// One frame in, one answer out. The order of checks follows DC-09 §5.5: framing, CRC and
// length (→ NAK); account and key (→ DUH); decryption and timestamp window (→ NAK);
// payload (→ DUH); then the events are committed and only then is the ACK returned.
// Every refusal is dead-lettered with its reason and the raw bytes before the answer goes out.

/** DC-09 §5.5.1.10: an encrypted message's timestamp may lead receiver time by 20 s and lag it by 40 s. */
export const TIMESTAMP_AHEAD_LIMIT_MS = 20_000;
export const TIMESTAMP_BEHIND_LIMIT_MS = 40_000;
/** device clocks within 20 s of standard time. */
export const CLOCK_DRIFT_LIMIT_MS = 20_000;

export interface HandlerConfig {
  keys: ReadonlyMap<string, Buffer>;
  registry: DeviceRegistry;
  supervisor: Supervisor;
  dedupWindowMs: number;
}

export type Answer = "ACK" | "NAK" | "DUH";

interface Accepted {
  env: Envelope;
  entry: AccountEntry;
  content: Content;
  key: Buffer | null;
}

class Refusal extends Error {
  constructor(readonly answer: "NAK" | "DUH", readonly reason: string, readonly env: Envelope | null) {
    super(reason);
  }
}

export function createDc09Handler(deps: IngestDeps, cfg: HandlerConfig) {
  const now = deps.now ?? (() => new Date());
  const metrics = createDc09Metrics(deps.metrics);
  const dedup = createDedup(cfg.dedupWindowMs);
  const drifted = new Set<string>();

  async function accept(frame: Buffer): Promise<Accepted> {
    let env: Envelope;
    try {
      env = parseEnvelope(frame);
    } catch (err) {
      if (err instanceof Dc09FrameError) throw new Refusal("NAK", err.reason, null);
      throw err;
    }
    let entry = cfg.registry.lookup(env.account);
    if (!entry) {
      await cfg.registry.reloadSoon();
      entry = cfg.registry.lookup(env.account);
    }
    if (!entry) throw new Refusal("DUH", "unknown_account", env);
    if (env.token === "ACK" || env.token === "NAK" || env.token === "DUH") throw new Refusal("DUH", "unexpected_token", env);
    let key: Buffer | null = null;
    let clear = env.rest;
    if (env.encrypted) {
      key = cfg.keys.get(env.account) ?? null;
      if (!key) throw new Refusal("DUH", "no_key_for_account", env);
      const plain = decryptContent(env.rest, key);
      if (plain === null) throw new Refusal("NAK", "decrypt_failed", env);
      clear = plain;
    }
    const content = parseContent(clear);
    if (!content) throw new Refusal("NAK", env.encrypted ? "decrypt_failed" : "format", env);
    return { env, entry, content, key };
  }

  /** §5.5.1.10: encrypted messages must carry a timestamp inside the window, else NAK. */
  function checkWindow(a: Accepted, at: Date): void {
    if (!a.env.encrypted) return;
    const ts = a.content.timestamp;
    if (!ts) throw new Refusal("NAK", "missing_timestamp", a.env);
    const leadMs = ts.getTime() - at.getTime();
    if (leadMs > TIMESTAMP_AHEAD_LIMIT_MS || leadMs < -TIMESTAMP_BEHIND_LIMIT_MS) {
      throw new Refusal("NAK", "stale_timestamp", a.env);
    }
  }

  function payloadOf(a: Accepted): Payload | null {
    const { token, account } = a.env;
    if (token === "NULL") return null;
    let p: Payload;
    try {
      if (token === "ADM-CID") p = parseCid(a.content.data);
      else if (token === "SIA-DCS") p = parseSia(a.content.data);
      else throw new Refusal("DUH", "unsupported_token", a.env);
    } catch (err) {
      if (err instanceof Dc09PayloadError) throw new Refusal("DUH", "payload", a.env);
      throw err;
    }
    if (p.account !== null && p.account !== account) throw new Refusal("DUH", "account_mismatch", a.env);
    return p;
  }

  /** flag a drifting panel clock once per excursion, whatever the message. */
  function driftCheck(a: Accepted, at: Date): NewCampusEvent | null {
    const ts = a.content.timestamp;
    if (!ts) return null;
    const driftMs = ts.getTime() - at.getTime();
    if (Math.abs(driftMs) <= CLOCK_DRIFT_LIMIT_MS) {
      drifted.delete(a.env.account);
      return null;
    }
    if (drifted.has(a.env.account)) return null;
    drifted.add(a.env.account);
    metrics.clockDrift.inc();
    return driftEvent(a.env.account, a.entry, ts, driftMs);
  }

  async function refuse(r: Refusal, frame: Buffer, remote: string, at: Date): Promise<Buffer> {
    metrics.refused.inc({ reason: r.reason });
    try {
      await deps.deadLetters.record({ protocol: "dc09", remote, reason: `${r.reason}: ${r.answer}`, raw: frame });
    } catch (err) {
      deps.logger.error("dc09 dead-letter write failed", { err: String(err), reason: r.reason });
    }
    metrics.replies.inc({ answer: r.answer });
    return r.answer === "NAK" || r.env === null ? nakFrame(at) : duhFrame(r.env);
  }

  async function commit(a: Accepted, at: Date): Promise<Buffer> {
    const events: NewCampusEvent[] = [];
    // Clock drift is judged (and flagged) even when the window check then refuses the message.
    const drift = driftCheck(a, at);
    try {
      checkWindow(a, at);
    } catch (err) {
      // The NAK'd message is not stored, but the drift it revealed is.
      if (drift) void deps.events.append([drift]).catch(() => drifted.delete(a.env.account));
      throw err;
    }
    const payload = payloadOf(a);
    if (drift) events.push(drift);
    if (cfg.supervisor.touch(a.env.account, at.getTime())) events.push(linkEvent("device.online", a.env.account, a.entry, at));
    if (payload) {
      const baseId = dedup.idFor(a.env, a.content, at.getTime());
      events.push(...buildEvents(baseId, a.env, a.entry, a.content, payload.signals, at));
    }
    if (events.length > 0) {
      try {
        const res = await deps.events.append(events);
        metrics.events.inc(undefined, res.stored.length);
        if (res.duplicates.length) metrics.duplicates.inc(undefined, res.duplicates.length);
      } catch (err) {
        // Not committed → not ACKed: a NAK makes the panel retransmit (ACK only after commit).
        metrics.commitErrors.inc();
        deps.logger.error("dc09 commit failed", { err: String(err), account: a.env.account, seq: a.env.seq });
        metrics.replies.inc({ answer: "NAK" });
        return nakFrame(now());
      }
    }
    metrics.replies.inc({ answer: "ACK" });
    return ackFrame(a.env, a.key, now());
  }

  return {
    metrics,
    /** Answers one complete frame (LF…CR). Never throws for bad input. */
    async handle(frame: Buffer, remote: string): Promise<Buffer> {
      const at = now();
      try {
        const accepted = await accept(frame);
        metrics.frames.inc({ token: accepted.env.token });
        return await commit(accepted, at);
      } catch (err) {
        if (err instanceof Refusal) return refuse(err, frame, remote, at);
        deps.logger.error("dc09 handler invariant broken", { err: String(err) });
        return refuse(new Refusal("NAK", "internal_error", null), frame, remote, at);
      }
    },
    /** Bytes that are not a frame at all (garbage, truncated, oversized). */
    async refuseRaw(raw: Buffer, reason: string, remote: string): Promise<Buffer> {
      return refuse(new Refusal("NAK", reason, null), raw, remote, now());
    },
  };
}

export type Dc09Handler = ReturnType<typeof createDc09Handler>;
