import type { Ingest, IngestDeps, RunningIngest } from "../types";
import { parseKeyHex } from "./crypto";
import { linkEvent } from "./events";
import { MAX_FRAME_BYTES } from "./frame";
import { createDc09Handler } from "./handler";
import { createDeviceRegistry } from "./registry";
import { createSupervisor } from "./supervision";
import { listen } from "./transport";

// The SIA DC-09 alarm receiver: TCP and UDP on one port, accounts and zones resolved through
// the device registry, events committed to the event log before each ACK. See README.md here
// for the answer policy and the event-kind map.

export interface Dc09Options {
  host: string;
  /** TCP and UDP port (DC09_PORT); 0 picks a free one, reported in `ports`. */
  port: number;
  /** AES keys per account (account hex → 32/48/64 hex digits for AES-128/192/256). */
  keys?: Record<string, string>;
  supervision?: {
    /** Silence after which an account goes offline, unless the account or device sets its own. */
    defaultIntervalMs?: number;
    perAccountMs?: Record<string, number>;
    /** How often silence is checked. */
    checkEveryMs?: number;
    /** Supervise every registered account from start (true) or only accounts heard since start. */
    watchRegistered?: boolean;
  };
  /** Retransmissions without a timestamp count as duplicates within this window. */
  dedupWindowMs?: number;
  maxFrameBytes?: number;
  /** A TCP connection silent this long is closed (panels reconnect). */
  idleTimeoutMs?: number;
  /** Device registry refresh period (new panels appear without a restart). */
  registryRefreshMs?: number;
}

export const DC09_DEFAULTS = {
  supervisionIntervalMs: 180_000,
  dedupWindowMs: 600_000,
  idleTimeoutMs: 300_000,
  registryRefreshMs: 60_000,
} as const;

export function createDc09Ingest(deps: IngestDeps, opts: Dc09Options): Ingest {
  return { start: () => startDc09(deps, opts) };
}

async function startDc09(deps: IngestDeps, opts: Dc09Options): Promise<RunningIngest> {
  const now = deps.now ?? (() => new Date());
  const keys = new Map<string, Buffer>();
  for (const [account, hex] of Object.entries(opts.keys ?? {})) keys.set(account.toUpperCase(), parseKeyHex(hex, account));
  const sup = opts.supervision ?? {};
  const defaultIntervalMs = sup.defaultIntervalMs ?? DC09_DEFAULTS.supervisionIntervalMs;
  const registry = createDeviceRegistry(deps.db, { now: () => now().getTime() });
  await registry.reload();
  const supervisor = createSupervisor(
    (account) => sup.perAccountMs?.[account] ?? registry.lookup(account)?.device.supervisionMs ?? defaultIntervalMs,
  );
  const handler = createDc09Handler(deps, {
    keys, registry, supervisor, dedupWindowMs: opts.dedupWindowMs ?? DC09_DEFAULTS.dedupWindowMs,
  });
  const watch = () => {
    if (sup.watchRegistered === false) return;
    for (const account of registry.accounts()) supervisor.watch(account, now().getTime());
  };
  watch();

  const sweep = async () => {
    const at = now();
    for (const gone of supervisor.sweep(at.getTime())) {
      const entry = registry.lookup(gone.account);
      if (!entry) continue;
      handler.metrics.offline.inc();
      const ev = linkEvent("device.offline", gone.account, entry, at, {
        lastSeenAt: new Date(gone.lastSeenMs).toISOString(), intervalS: gone.intervalMs / 1000,
      });
      await deps.events.append([ev]).catch((err) => deps.logger.error("dc09 offline event not stored", { err: String(err) }));
    }
    handler.metrics.accountsOffline.set(supervisor.offlineCount());
  };
  const checkEveryMs = sup.checkEveryMs ?? Math.min(5_000, Math.max(100, Math.floor(defaultIntervalMs / 4)));
  let sweeping: Promise<void> = Promise.resolve();
  const sweepTimer = setInterval(() => (sweeping = sweeping.then(sweep)), checkEveryMs);
  const refreshTimer = setInterval(() => {
    registry.reload().then(watch, (err) => deps.logger.warn("dc09 registry refresh failed", { err: String(err) }));
  }, opts.registryRefreshMs ?? DC09_DEFAULTS.registryRefreshMs);
  sweepTimer.unref();
  refreshTimer.unref();

  let listeners;
  try {
    listeners = await listen(handler, {
      host: opts.host, port: opts.port,
      maxFrameBytes: opts.maxFrameBytes ?? MAX_FRAME_BYTES,
      idleTimeoutMs: opts.idleTimeoutMs ?? DC09_DEFAULTS.idleTimeoutMs,
    }, deps.logger);
  } catch (err) {
    clearInterval(sweepTimer);
    clearInterval(refreshTimer);
    throw err;
  }
  deps.logger.info("dc09 receiver listening", { host: opts.host, tcp: listeners.tcpPort, udp: listeners.udpPort });
  return {
    ports: { tcp: listeners.tcpPort, udp: listeners.udpPort },
    async stop() {
      clearInterval(sweepTimer);
      clearInterval(refreshTimer);
      await listeners.close();
      await sweeping;
    },
  };
}
