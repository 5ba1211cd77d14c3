import type { Metrics } from "../../observability/metrics";

// Counters exposed at /metrics. Reasons are the handler's refusal reasons (format, crc,
// length, oversized, truncated, garbage, unknown_account, no_key_for_account, decrypt_failed,
// missing_timestamp, stale_timestamp, payload, unsupported_token, unexpected_token, …).

export function createDc09Metrics(m: Metrics) {
  return {
    frames: m.counter("campustwin_dc09_frames_total", "DC-09 frames that passed framing, CRC, length and account checks, by id token"),
    replies: m.counter("campustwin_dc09_replies_total", "DC-09 answers sent, by answer (ACK, NAK, DUH)"),
    refused: m.counter("campustwin_dc09_refused_total", "DC-09 input refused and dead-lettered, by reason"),
    events: m.counter("campustwin_dc09_events_total", "Canonical events committed from DC-09 messages"),
    duplicates: m.counter("campustwin_dc09_duplicates_total", "DC-09 retransmissions recognised as already stored"),
    commitErrors: m.counter("campustwin_dc09_commit_errors_total", "DC-09 messages NAKed because the event log commit failed"),
    clockDrift: m.counter("campustwin_dc09_clock_drift_total", "Panels whose clock drifted beyond 20 s (R-5.5)"),
    offline: m.counter("campustwin_dc09_offline_total", "Accounts that went silent past their supervision interval"),
    connections: m.gauge("campustwin_dc09_tcp_connections", "Open DC-09 TCP connections"),
    accountsOffline: m.gauge("campustwin_dc09_accounts_offline", "DC-09 accounts currently offline"),
  };
}

export type Dc09Metrics = ReturnType<typeof createDc09Metrics>;
