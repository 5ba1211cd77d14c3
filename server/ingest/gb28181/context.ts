import type { Counter, Gauge } from "../../observability/metrics";
import type { IngestDeps } from "../types";
import type { DeviceRegistry } from "./device-registry";
import type { DigestAuthority } from "./digest";
import type { ResolvedGb28181Options } from "./options";
import type { Outgoing } from "./outgoing";
import type { ServerTransactions } from "./server-transactions";
import type { ResponseExtras } from "./sip-response";
import type { SipMessage } from "./sip-message";
import type { SipRemote } from "./transport";

// What the request handlers share: dependencies, options, the live device sessions and the
// ways to answer or refuse. Built once per running platform in platform.ts.

export interface DeviceSession {
  gbId: string;
  remote: SipRemote;
  registered: boolean;
  online: boolean;
  expiresAtMs: number;
  lastSeenMs: number;
  /** Last DeviceStatus and DeviceInfo answers (flat MANSCDP fields). */
  status: Record<string, string> | null;
  info: Record<string, string> | null;
}

export interface Gb28181Metrics {
  requests: Counter;
  responses: Counter;
  refused: Counter;
  alarms: Counter;
  catalogChannels: Counter;
  online: Gauge;
  registered: Gauge;
}

export interface PlatformContext {
  deps: IngestDeps;
  opts: ResolvedGb28181Options;
  registry: DeviceRegistry;
  digest: DigestAuthority;
  outgoing: Outgoing;
  transactions: ServerTransactions;
  /** Sends bytes as they are (a stored response to a retransmitted request). */
  send(remote: SipRemote, bytes: Buffer): void;
  sessions: Map<string, DeviceSession>;
  metrics: Gb28181Metrics;
  nowMs(): number;
  respond(req: SipMessage, status: number, remote: SipRemote, extras?: ResponseExtras): void;
  /** Answers (when `status` is given and a response can be formed), counts and dead-letters. */
  refuse(req: SipMessage | null, status: number | null, remote: SipRemote, reason: string, raw: Buffer): void;
  /** Marks a device online/offline, writes the event and the Device rows; resolves after commit. */
  setOnline(session: DeviceSession, online: boolean, reason: string): Promise<void>;
  /** Sends Catalog (and DeviceInfo) queries after a new registration. */
  afterRegister(session: DeviceSession): void;
  /** Runs `fn` after earlier work for the same device, so a device's messages apply in order. */
  serial<T>(gbId: string, fn: () => Promise<T>): Promise<T>;
}

export const remoteText = (r: SipRemote): string => `${r.transport}:${r.address}:${r.port}`;
