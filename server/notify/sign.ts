import { createHmac, timingSafeEqual } from "node:crypto";

// Webhook body signature (R-4.4): HMAC-SHA256 over "<unix seconds>.<raw body>" with the shared
// secret, sent as `X-CampusTwin-Signature: v1=<hex>` next to `X-CampusTwin-Timestamp`. Binding
// the timestamp stops replays of an old body; receivers reject stale timestamps.

export const SIGNATURE_HEADER = "x-campustwin-signature";
export const TIMESTAMP_HEADER = "x-campustwin-timestamp";
export const MESSAGE_ID_HEADER = "x-campustwin-message-id";
export const DEFAULT_TOLERANCE_S = 300;

export function signBody(secret: string, timestampS: number, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestampS}.${body}`).digest("hex")}`;
}

export function verifySignature(secret: string, timestampHeader: string | undefined, body: string,
  signatureHeader: string | undefined, nowS: number, toleranceS = DEFAULT_TOLERANCE_S): boolean {
  if (!timestampHeader || !signatureHeader || !/^\d+$/.test(timestampHeader)) return false;
  const ts = Number(timestampHeader);
  if (Math.abs(nowS - ts) > toleranceS) return false;
  const expected = Buffer.from(signBody(secret, ts, body));
  const got = Buffer.from(signatureHeader);
  return expected.length === got.length && timingSafeEqual(expected, got);
}
