import type { Logger } from "../observability/logger";
import type { Db } from "../store/db";
import type { NotificationAdapter, NotificationMessage, Notifier } from "./types";

// Durable notification outbox. `enqueue` writes one row per (message, adapter) before any
// delivery is tried, so a restart resumes what was pending; `drain` delivers due rows and on a
// retryable failure pushes nextAttemptAt back exponentially (base · 2^(attempts−1), capped).

export interface OutboxOptions {
  db: Db;
  adapters: readonly NotificationAdapter[];
  logger: Logger;
  now?: () => Date;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  maxAttempts?: number;
  /** Period of the background drain; default 1 s. */
  pollMs?: number;
  schedule?: (fn: () => void, periodMs: number) => () => void;
}

export interface Outbox extends Notifier {
  /** Delivers every due row once; resolves with how many were delivered. */
  drain(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

export function createOutbox(o: OutboxOptions): Outbox {
  const now = o.now ?? (() => new Date());
  const base = o.baseBackoffMs ?? 1000, cap = o.maxBackoffMs ?? 300_000, maxAttempts = o.maxAttempts ?? 12;
  const byName = new Map(o.adapters.map((a) => [a.name, a]));
  let draining: Promise<number> | null = null;
  let cancel: (() => void) | null = null;

  async function drainOnce(): Promise<number> {
    const due = await o.db.prisma.notificationOutbox.findMany({
      where: { status: "pending", nextAttemptAt: { lte: now() } }, orderBy: { createdAt: "asc" }, take: 100,
    });
    let delivered = 0;
    for (const row of due) {
      const adapter = byName.get(row.adapter);
      if (!adapter) continue; // configured away; kept pending for when it returns
      const result = await adapter.deliver(JSON.parse(row.payloadJson) as NotificationMessage);
      const attempts = row.attempts + 1;
      if (result.ok) {
        delivered++;
        await o.db.prisma.notificationOutbox.update({ where: { id: row.id }, data: { status: "sent", attempts, sentAt: now(), lastError: null } });
        continue;
      }
      const failed = !result.retry || attempts >= maxAttempts;
      const delayMs = Math.min(cap, base * 2 ** (attempts - 1));
      await o.db.prisma.notificationOutbox.update({
        where: { id: row.id },
        data: { status: failed ? "failed" : "pending", attempts, lastError: result.error, nextAttemptAt: new Date(now().getTime() + delayMs) },
      });
      o.logger.warn("notification delivery failed", { adapter: row.adapter, messageId: row.messageId, attempts, error: result.error, final: failed });
    }
    return delivered;
  }

  const drain = (): Promise<number> => {
    draining ??= drainOnce().finally(() => { draining = null; });
    return draining;
  };

  return {
    async enqueue(message) {
      const createdAt = now();
      for (const a of o.adapters) {
        if (!a.recipients.includes(message.recipient)) continue;
        const exists = await o.db.prisma.notificationOutbox.findUnique({ where: { messageId_adapter: { messageId: message.id, adapter: a.name } } });
        if (exists) continue; // the same message again (replay after restart): already queued
        await o.db.prisma.notificationOutbox.create({
          data: {
            id: `${a.name}|${message.id}`, adapter: a.name, messageId: message.id, campusId: message.campusId, recipient: message.recipient,
            payloadJson: JSON.stringify(message), nextAttemptAt: createdAt, createdAt,
          },
        });
      }
      if (cancel) void drain().catch((err: unknown) => o.logger.error("outbox drain failed", { err: String(err) }));
    },
    drain,
    start() {
      const schedule = o.schedule ?? ((fn, ms) => { const t = setInterval(fn, ms); t.unref(); return () => clearInterval(t); });
      cancel = schedule(() => { void drain().catch((err: unknown) => o.logger.error("outbox drain failed", { err: String(err) })); }, o.pollMs ?? 1000);
    },
    async stop() {
      cancel?.();
      cancel = null;
      await draining;
    },
  };
}
