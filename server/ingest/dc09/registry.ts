import type { Db } from "../../store/db";
import { parseJsonObject } from "../../store/json";

// Account and zone → device, from the device registry (the `Device` table). Panels, fence
// hosts and panic buttons carry `attrs.account` (hex string); detectors and fence segments
// carry `attrs.zone` and belong to an account through `parentId` (their panel) or their own
// `attrs.account`. Loaded at start, refreshed periodically and when an unknown account calls.

export interface DeviceRef {
  id: string;
  campusId: string;
  kind: string;
  xM: number;
  yM: number;
  floor: number;
  /** Supervision interval from `attrs.supervisionS`, when the device sets one. */
  supervisionMs: number | null;
}

export interface AccountEntry {
  device: DeviceRef;
  zones: Map<number, DeviceRef>;
}

export interface DeviceRegistry {
  lookup(account: string): AccountEntry | null;
  accounts(): string[];
  reload(): Promise<void>;
  /** Reloads unless one ran within `minIntervalMs`: for unknown accounts, bounded under floods. */
  reloadSoon(): Promise<void>;
}

const KINDS_WITH_ACCOUNT = ["alarm_panel", "fence_host", "panic_button"];
const KINDS_WITH_ZONE = ["intrusion_detector", "fence_segment", "panic_button", "smoke_sensor"];

export function createDeviceRegistry(db: Db, opts: { minReloadIntervalMs?: number; now?: () => number } = {}): DeviceRegistry {
  const minIntervalMs = opts.minReloadIntervalMs ?? 5_000;
  const now = opts.now ?? Date.now;
  let byAccount = new Map<string, AccountEntry>();
  let lastReloadMs = -Infinity;
  let inflight: Promise<void> | null = null;

  async function load(): Promise<void> {
    const rows = await db.prisma.device.findMany({
      where: { kind: { in: [...new Set([...KINDS_WITH_ACCOUNT, ...KINDS_WITH_ZONE])] } },
      select: { id: true, campusId: true, kind: true, xM: true, yM: true, floor: true, parentId: true, attrsJson: true },
    });
    const next = new Map<string, AccountEntry>();
    const byId = new Map<string, AccountEntry>();
    const zoned: Array<{ ref: DeviceRef; zone: number; account: string | null; parentId: string | null }> = [];
    for (const row of rows) {
      const attrs = parseJsonObject(row.attrsJson);
      const supervisionS = typeof attrs.supervisionS === "number" ? attrs.supervisionS : null;
      const ref: DeviceRef = {
        id: row.id, campusId: row.campusId, kind: row.kind, xM: row.xM, yM: row.yM, floor: row.floor,
        supervisionMs: supervisionS === null ? null : supervisionS * 1000,
      };
      const account = typeof attrs.account === "string" ? attrs.account.toUpperCase() : null;
      if (account && KINDS_WITH_ACCOUNT.includes(row.kind)) {
        const entry: AccountEntry = { device: ref, zones: new Map() };
        next.set(account, entry);
        byId.set(row.id, entry);
      }
      const zone = attrs.zone === undefined ? null : Number(attrs.zone);
      if (zone !== null && Number.isInteger(zone)) zoned.push({ ref, zone, account, parentId: row.parentId });
    }
    for (const z of zoned) {
      const owner = (z.parentId ? byId.get(z.parentId) : undefined) ?? (z.account ? next.get(z.account) : undefined);
      owner?.zones.set(z.zone, z.ref);
    }
    byAccount = next;
    lastReloadMs = now();
  }

  const reload = (): Promise<void> => {
    inflight ??= load().finally(() => (inflight = null));
    return inflight;
  };

  return {
    lookup: (account) => byAccount.get(account) ?? null,
    accounts: () => [...byAccount.keys()],
    reload,
    reloadSoon: () => (now() - lastReloadMs < minIntervalMs ? (inflight ?? Promise.resolve()) : reload()),
  };
}
