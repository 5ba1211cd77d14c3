import type { Env } from "../env";
import type { EventLog } from "../events/log";
import { createOutbox, type Outbox } from "../notify/outbox";
import { NOTIFY_RECIPIENTS, type NotifyRecipient } from "../notify/types";
import { createWebhookAdapter } from "../notify/webhook";
import type { Logger } from "../observability/logger";
import type { Metrics } from "../observability/metrics";
import type { Db } from "../store/db";
import { createFusion } from "./fusion";
import type { Fusion } from "./types";

// Starts fusion and its notification outbox from configuration (server/app.ts calls this after
// the campus exists and before the listeners start, so no device event precedes fusion).
// NOTIFY_WEBHOOKS: `recipient=url,…` with recipients duty_room | principal | police | maintainer.

export interface RunningFusion {
  fusion: Fusion;
  stop(): Promise<void>;
}

export function parseWebhooks(spec: string | undefined): { recipient: NotifyRecipient; url: string }[] {
  if (!spec) return [];
  return spec.split(",").map((pair) => {
    const eq = pair.indexOf("=");
    const recipient = pair.slice(0, eq) as NotifyRecipient;
    if (eq < 0 || !NOTIFY_RECIPIENTS.includes(recipient)) throw new Error(`NOTIFY_WEBHOOKS: "${pair}" is not recipient=url (recipients: ${NOTIFY_RECIPIENTS.join(", ")})`);
    return { recipient, url: pair.slice(eq + 1) };
  });
}

export async function startFusion(env: Env, deps: { db: Db; events: EventLog; logger: Logger; metrics: Metrics }): Promise<RunningFusion> {
  // loadEnv refuses NOTIFY_WEBHOOKS without NOTIFY_SECRET, so the secret is there when used.
  const adapters = parseWebhooks(env.NOTIFY_WEBHOOKS).map(({ recipient, url }) =>
    createWebhookAdapter({ name: `webhook-${recipient}`, url, secret: env.NOTIFY_SECRET!, recipients: [recipient] }));
  const outbox: Outbox = createOutbox({ db: deps.db, logger: deps.logger.child({ component: "notify" }), adapters });
  outbox.start();
  const fusion = createFusion({
    db: deps.db, events: deps.events, metrics: deps.metrics, notifier: outbox,
    logger: deps.logger.child({ component: "fusion" }),
    config: { notifyMinSeverity: env.NOTIFY_MIN_SEVERITY },
  });
  await fusion.start();
  return {
    fusion,
    async stop() {
      await fusion.stop(); // still writes events and tables while stopping
      await outbox.stop();
    },
  };
}
