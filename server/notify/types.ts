import type { Incident } from "../contracts/incident";

// Outbound notification adapters (REQUIREMENTS ). An adapter delivers one message to one
// recipient class (principal, local police, …); the outbox (server/notify/outbox.ts) makes
// delivery durable and retries, so an adapter only has to try once and say how it went.

export const NOTIFY_RECIPIENTS = ["duty_room", "principal", "police", "maintainer"] as const;
export type NotifyRecipient = (typeof NOTIFY_RECIPIENTS)[number];

export interface NotificationMessage {
  /** Stable id: the receiver can dedupe retries with it. */
  id: string;
  campusId: string;
  recipient: NotifyRecipient;
  /** e.g. "incident.opened", "fault.escalated". */
  topic: string;
  severity: number;
  title: string;
  incident: Incident | null;
  data: Record<string, unknown>;
  createdAt: string;
}

export type DeliveryResult =
  | { ok: true }
  /** `retry: false` for permanent refusals (4xx other than 408/429): no further attempts. */
  | { ok: false; retry: boolean; error: string };

export interface NotificationAdapter {
  /** Unique name, stored in the outbox row ("webhook:police", "sms:principal"). */
  readonly name: string;
  /** Which recipients this adapter serves. */
  readonly recipients: readonly NotifyRecipient[];
  deliver(message: NotificationMessage): Promise<DeliveryResult>;
}

/** What fusion calls; the outbox implements it. */
export interface Notifier {
  /** Durably queues the message for every adapter serving its recipient; resolves after commit. */
  enqueue(message: NotificationMessage): Promise<void>;
}
