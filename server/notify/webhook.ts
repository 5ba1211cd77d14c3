import { MESSAGE_ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signBody } from "./sign";
import type { DeliveryResult, NotificationAdapter, NotificationMessage, NotifyRecipient } from "./types";

// HTTP webhook adapter: one signed POST per attempt; the outbox retries with backoff.
// 2xx = delivered; 408, 429, 5xx and network errors = try again; other statuses = permanent.

export interface WebhookAdapterOptions {
  name: string;
  url: string;
  secret: string;
  recipients: readonly NotifyRecipient[];
  timeoutMs?: number;
  now?: () => Date;
}

export function createWebhookAdapter(o: WebhookAdapterOptions): NotificationAdapter {
  const now = o.now ?? (() => new Date());
  const timeoutMs = o.timeoutMs ?? 5000;
  return {
    name: o.name,
    recipients: o.recipients,
    async deliver(message: NotificationMessage): Promise<DeliveryResult> {
      const body = JSON.stringify(message);
      const ts = Math.floor(now().getTime() / 1000);
      try {
        const res = await fetch(o.url, {
          method: "POST",
          body,
          headers: {
            "content-type": "application/json",
            [TIMESTAMP_HEADER]: String(ts),
            [SIGNATURE_HEADER]: signBody(o.secret, ts, body),
            [MESSAGE_ID_HEADER]: message.id,
          },
          signal: AbortSignal.timeout(timeoutMs),
        });
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) return { ok: true };
        const retry = res.status === 408 || res.status === 429 || res.status >= 500;
        return { ok: false, retry, error: `HTTP ${res.status}` };
      } catch (err) {
        return { ok: false, retry: true, error: err instanceof Error ? err.message : String(err) };
      }
    },
  };
}
