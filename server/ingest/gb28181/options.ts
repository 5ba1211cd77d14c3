// Options of the GB/T 28181 platform (server/main.ts fills them from env; tests pass port 0).

export interface Gb28181Options {
  host: string;
  /** UDP and TCP listen on this one port; 0 picks a free one (RunningIngest.ports.sip). */
  port: number;
  /** The platform's 20-digit SIP id (GB/T 28181-2016 Annex D), e.g. 34020000002000000001. */
  platformId: string;
  /** Digest realm, by convention the platform's 10-digit domain (first 10 digits of the id). */
  realm: string;
  /** Password for any device without its own entry in `passwords`. */
  password: string;
  /** Per-device passwords by 20-digit device id. */
  passwords?: Readonly<Record<string, string>>;
  /** Expected keepalive interval; a device silent for `keepaliveTimeoutCount` of them goes offline. */
  keepaliveIntervalS?: number;
  keepaliveTimeoutCount?: number;
  /** Registrations asking for more are granted this (the 200 carries the granted Expires). */
  maxRegisterExpiresS?: number;
  nonceTtlS?: number;
  /** Time zone of GB local date-times (Date header, AlarmTime). */
  timeZone?: string;
  /** How long a paged Catalog answer may take to arrive in full. */
  catalogTimeoutS?: number;
  /** RFC 3261 T1 for retransmitting the platform's own requests over UDP; Timer F = 64·T1. */
  t1Ms?: number;
  /** Host written into the platform's own Via/From (defaults to `host`). */
  advertisedHost?: string;
}

export type ResolvedGb28181Options = Required<Omit<Gb28181Options, "passwords" | "advertisedHost">> & {
  passwords: Readonly<Record<string, string>>;
  advertisedHost: string;
};

export function resolveOptions(o: Gb28181Options): ResolvedGb28181Options {
  if (!/^\d{20}$/.test(o.platformId)) throw new Error(`GB/T 28181 platformId must be 20 digits, got "${o.platformId}"`);
  return {
    host: o.host, port: o.port, platformId: o.platformId, realm: o.realm, password: o.password,
    keepaliveIntervalS: o.keepaliveIntervalS ?? 60, keepaliveTimeoutCount: o.keepaliveTimeoutCount ?? 3,
    maxRegisterExpiresS: o.maxRegisterExpiresS ?? 3600, nonceTtlS: o.nonceTtlS ?? 300,
    timeZone: o.timeZone ?? "Asia/Shanghai", catalogTimeoutS: o.catalogTimeoutS ?? 30, t1Ms: o.t1Ms ?? 500,
    passwords: o.passwords ?? {},
    advertisedHost: o.advertisedHost ?? (o.host === "0.0.0.0" || o.host === "::" ? "127.0.0.1" : o.host),
  };
}
