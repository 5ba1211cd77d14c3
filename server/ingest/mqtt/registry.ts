import type { Db } from "../../store/db";
import { mqttFamilyOfKind, type MqttFamily } from "../../contracts/mqtt";
import { parseJsonObject } from "../../store/json";

// MQTT device id (topic segment) → campus device, from the device registry (`Device` table,
// `externalId` of devices whose kind speaks MQTT: access_door, density_camera, …). Loaded at
// start, reloaded when an unknown id publishes (rate-limited so a flood cannot hammer the DB).

export interface MqttDeviceRef {
  id: string;
  externalId: string;
  campusId: string;
  kind: string;
  family: MqttFamily;
  xM: number;
  yM: number;
  floor: number;
  /** Configured zone (density cameras), from `attrs.zoneId`. */
  zoneId: string | null;
  /** Counted area (density cameras), from `attrs.areaM2`. */
  areaM2: number | null;
  /** Alarm thresholds (electrical-fire monitors), from attrs. */
  residualAlarmMa: number | null;
  temperatureAlarmC: number | null;
}

export interface MqttDeviceRegistry {
  lookup(externalId: string): MqttDeviceRef | null;
  size(): number;
  reload(): Promise<void>;
  /** Reloads unless one ran within `minReloadIntervalMs`. */
  reloadSoon(): Promise<void>;
}

const MQTT_KINDS = ["access_door", "density_camera", "patrol_checkpoint", "smoke_sensor", "electric_fire_sensor"];

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

export function createMqttDeviceRegistry(db: Db, opts: { minReloadIntervalMs?: number } = {}): MqttDeviceRegistry {
  const minIntervalMs = opts.minReloadIntervalMs ?? 5_000;
  let byExternalId = new Map<string, MqttDeviceRef>();
  let lastReloadMs = -Infinity;
  let inflight: Promise<void> | null = null;

  async function load(): Promise<void> {
    const rows = await db.prisma.device.findMany({
      where: { kind: { in: MQTT_KINDS } },
      select: { id: true, externalId: true, campusId: true, kind: true, xM: true, yM: true, floor: true, attrsJson: true },
    });
    const next = new Map<string, MqttDeviceRef>();
    for (const r of rows) {
      const family = mqttFamilyOfKind(r.kind);
      if (!family) continue;
      const attrs = parseJsonObject(r.attrsJson);
      next.set(r.externalId, {
        id: r.id, externalId: r.externalId, campusId: r.campusId, kind: r.kind, family, xM: r.xM, yM: r.yM, floor: r.floor,
        zoneId: typeof attrs.zoneId === "string" ? attrs.zoneId : null,
        areaM2: num(attrs.areaM2),
        residualAlarmMa: num(attrs.residualAlarmMa),
        temperatureAlarmC: num(attrs.temperatureAlarmC),
      });
    }
    byExternalId = next;
    lastReloadMs = Date.now();
  }

  const reload = (): Promise<void> => {
    inflight ??= load().finally(() => (inflight = null));
    return inflight;
  };

  return {
    lookup: (externalId) => byExternalId.get(externalId) ?? null,
    size: () => byExternalId.size,
    reload,
    reloadSoon: () => (inflight ?? (Date.now() - lastReloadMs < minIntervalMs ? Promise.resolve() : reload())),
  };
}
