import type { Ingest, IngestDeps, RunningIngest } from "../types";
import { remoteText, type DeviceSession, type Gb28181Metrics, type PlatformContext } from "./context";
import { setOnline, supervise } from "./presence";
import { createDeviceRegistry } from "./device-registry";
import { createDigestAuthority } from "./digest";
import { ALLOW, dispatchSip } from "./dispatch";
import { resolveOptions, type Gb28181Options, type ResolvedGb28181Options } from "./options";
import { createOutgoing } from "./outgoing";
import { createServerTransactions } from "./server-transactions";
import { createQueries, type Queries } from "./queries";
import { buildResponse, type ResponseExtras } from "./sip-response";
import { startSipTransport, type SipRemote, type SipTransport } from "./transport";

// The GB/T 28181 platform (SIP server side, R-3): devices register with digest auth, keep
// alive, answer Catalog queries that build the video-device registry, and report alarms.
// A device silent for `keepaliveTimeoutCount` keepalive intervals, or whose registration
// expires, goes offline (§9.3.1: "3 consecutive missed keepalives").

export interface DeviceSnapshot {
  gbId: string;
  registered: boolean;
  online: boolean;
  transport: "udp" | "tcp";
  address: string;
  port: number;
  expiresAt: Date;
  lastSeenAt: Date;
  status: Record<string, string> | null;
  info: Record<string, string> | null;
}

export interface RunningGb28181 extends RunningIngest {
  device(gbId: string): DeviceSnapshot | null;
  devices(): DeviceSnapshot[];
  queryCatalog: Queries["catalog"];
  queryDeviceStatus: Queries["deviceStatus"];
  queryDeviceInfo: Queries["deviceInfo"];
}

export interface Gb28181Ingest extends Ingest {
  start(): Promise<RunningGb28181>;
}

function createMetrics(deps: IngestDeps): Gb28181Metrics {
  const m = deps.metrics;
  return {
    requests: m.counter("campustwin_gb28181_requests_total", "SIP requests received, by method and transport"),
    responses: m.counter("campustwin_gb28181_responses_total", "SIP responses sent, by status"),
    refused: m.counter("campustwin_gb28181_refused_total", "SIP input refused or dead-lettered, by reason"),
    alarms: m.counter("campustwin_gb28181_alarms_total", "Alarm notifications stored, by event kind"),
    catalogChannels: m.counter("campustwin_gb28181_catalog_channels_total", "Catalog channels written to the device registry"),
    online: m.gauge("campustwin_gb28181_devices_online", "Devices currently online"),
    registered: m.gauge("campustwin_gb28181_devices_registered", "Devices currently registered"),
  };
}

const snapshot = (s: DeviceSession): DeviceSnapshot => ({
  gbId: s.gbId, registered: s.registered, online: s.online, transport: s.remote.transport, address: s.remote.address,
  port: s.remote.port, expiresAt: new Date(s.expiresAtMs), lastSeenAt: new Date(s.lastSeenMs), status: s.status, info: s.info,
});

export function createGb28181Ingest(deps: IngestDeps, options: Gb28181Options): Gb28181Ingest {
  const opts = resolveOptions(options);
  return {
    async start() {
      let transport: SipTransport | null = null;
      const chains = new Map<string, Promise<unknown>>();
      const inFlight = new Set<Promise<void>>();
      const log = deps.logger.child({ ingest: "gb28181" });
      const getTransport = () => {
        if (!transport) throw new Error("Invariant: GB/T 28181 transport used before it started");
        return transport;
      };
      const writes = new Set<Promise<void>>();
      const ctx = buildContext(deps, opts, getTransport, chains, () => queries, writes);
      const queries = createQueries(ctx);

      const onMessage = (bytes: Buffer, remote: SipRemote) => {
        const work = dispatchSip(ctx, bytes, remote, queries).catch((err: unknown) => {
          // Last line of defence: dispatchSip answers handler failures with 500 itself.
          log.error("gb28181 handler failed", { error: err instanceof Error ? err.stack : String(err) });
          ctx.refuse(null, null, remote, `internal_error: ${err instanceof Error ? err.message : String(err)}`, bytes);
        });
        inFlight.add(work);
        void work.finally(() => inFlight.delete(work));
      };
      transport = await startSipTransport(opts.host, opts.port, {
        onMessage,
        onStreamError: (reason, bytes, remote) => ctx.refuse(null, null, remote, reason, bytes),
      });
      const supervision = setInterval(() => supervise(ctx), Math.max(50, Math.min(5000, (opts.keepaliveIntervalS * 1000) / 4)));
      log.info("gb28181 platform listening", { host: opts.host, port: transport.port, platformId: opts.platformId });

      return {
        ports: { sip: transport.port, udp: transport.port, tcp: transport.port },
        device: (gbId) => { const s = ctx.sessions.get(gbId); return s ? snapshot(s) : null; },
        devices: () => [...ctx.sessions.values()].map(snapshot),
        queryCatalog: (gbId) => queries.catalog(gbId),
        queryDeviceStatus: (gbId) => queries.deviceStatus(gbId),
        queryDeviceInfo: (gbId) => queries.deviceInfo(gbId),
        async stop() {
          clearInterval(supervision);
          await getTransport().stop();
          await Promise.allSettled([...inFlight, ...chains.values()]);
          await Promise.allSettled([...writes]);
          ctx.outgoing.stop();
          queries.stop();
        },
      };
    },
  };
}

function buildContext(
  deps: IngestDeps, opts: ResolvedGb28181Options, getTransport: () => SipTransport,
  chains: Map<string, Promise<unknown>>, queries: () => Queries, writes: Set<Promise<void>>,
): PlatformContext {
  const now = deps.now ?? (() => new Date());
  const metrics = createMetrics(deps);
  const log = deps.logger.child({ ingest: "gb28181" });
  const ctx: PlatformContext = {
    deps, opts, metrics, sessions: new Map(),
    nowMs: () => now().getTime(),
    registry: createDeviceRegistry(deps.db, now),
    digest: createDigestAuthority({
      realm: opts.realm, nonceTtlMs: opts.nonceTtlS * 1000, nowMs: () => now().getTime(),
      passwordFor: (user) => opts.passwords[user] ?? opts.password,
    }),
    transactions: createServerTransactions(64 * opts.t1Ms, () => now().getTime()),
    send: (remote, bytes) => getTransport().send(remote, bytes),
    outgoing: createOutgoing(getTransport, {
      platformId: opts.platformId, realm: opts.realm, host: opts.advertisedHost, port: () => getTransport().port, t1Ms: opts.t1Ms,
    }),
    respond(req, status, remote, extras?: ResponseExtras) {
      const bytes = buildResponse(req, status, remote, extras);
      if (!bytes) return;
      if (status >= 200) ctx.transactions.complete(req, remote, bytes);
      metrics.responses.inc({ status: String(status) });
      getTransport().send(remote, bytes);
    },
    refuse(req, status, remote, reason, raw) {
      metrics.refused.inc({ reason: reason.split(":")[0]!.slice(0, 40) });
      log.warn("gb28181 refused", { reason, remote: remoteText(remote) });
      if (req && status !== null) {
        const headers: Array<[string, string]> = status === 405 || status === 501 || status === 488 ? [["Allow", ALLOW]]
          : status === 415 ? [["Accept", "Application/MANSCDP+xml"]] : [];
        ctx.respond(req, status, remote, { headers, reason: undefined });
      }
      const write = deps.deadLetters.record({ protocol: "gb28181", remote: remoteText(remote), reason, raw })
        .catch((err: unknown) => log.error("gb28181 dead-letter write failed", { error: String(err) }));
      writes.add(write); // stop() waits for these so nothing touches the database after it
      void write.finally(() => writes.delete(write));
    },
    setOnline: (session, online, reason) => setOnline(ctx, session, online, reason),
    afterRegister(session) {
      queries().catalog(session.gbId).catch((err: unknown) => log.warn("gb28181 catalog query failed", { gbId: session.gbId, error: String(err) }));
      queries().deviceInfo(session.gbId).catch((err: unknown) => log.debug("gb28181 device info query failed", { gbId: session.gbId, error: String(err) }));
    },
    serial(gbId, fn) {
      const prev = chains.get(gbId) ?? Promise.resolve();
      const next = prev.catch(() => undefined).then(fn);
      chains.set(gbId, next);
      void next.finally(() => { if (chains.get(gbId) === next) chains.delete(gbId); }).catch(() => undefined);
      return next;
    },
  };
  return ctx;
}
