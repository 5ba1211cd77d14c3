import type { Db } from "../../store/db";

// GA/T 1400 DeviceID → the campus Device row (`Device.externalId`), which gives the camera's
// campus, position and password. Cached, because every batch asks; an unknown id triggers a
// reload (at most once per `minReloadIntervalMs`, so a flood of unknown ids cannot hammer the DB).

export interface CameraRef {
  /** Device.id (the campus-model id events carry). */
  id: string;
  externalId: string;
  campusId: string;
  kind: string;
  name: string;
  xM: number;
  yM: number;
  floor: number;
  /** Digest password from `attrs.gat1400Password`, when the device row sets one. */
  password: string | null;
}

export interface CameraDirectory {
  find(externalId: string): Promise<CameraRef | null>;
  reload(): Promise<void>;
}

export function createCameraDirectory(db: Db, opts: { minReloadIntervalMs?: number; now?: () => number } = {}): CameraDirectory {
  const minReloadIntervalMs = opts.minReloadIntervalMs ?? 5_000;
  const now = opts.now ?? Date.now;
  let byExternalId = new Map<string, CameraRef>();
  let lastReloadMs = -Infinity;
  let inflight: Promise<void> | null = null;

  async function load(): Promise<void> {
    const rows = await db.prisma.device.findMany({
      where: { OR: [{ protocol: "gat1400" }, { kind: { in: ["lpr_camera", "face_camera"] } }] },
      select: { id: true, externalId: true, campusId: true, kind: true, name: true, xM: true, yM: true, floor: true, attrsJson: true },
    });
    const next = new Map<string, CameraRef>();
    for (const r of rows) {
      next.set(r.externalId, {
        id: r.id, externalId: r.externalId, campusId: r.campusId, kind: r.kind, name: r.name,
        xM: r.xM, yM: r.yM, floor: r.floor, password: passwordOf(r.attrsJson),
      });
    }
    byExternalId = next;
    lastReloadMs = now();
  }

  const reload = (): Promise<void> => {
    inflight ??= load().finally(() => (inflight = null));
    return inflight;
  };

  return {
    reload,
    async find(externalId) {
      const hit = byExternalId.get(externalId);
      if (hit) return hit;
      if (now() - lastReloadMs >= minReloadIntervalMs || inflight) await reload();
      return byExternalId.get(externalId) ?? null;
    },
  };
}

function passwordOf(attrsJson: string): string | null {
  try {
    const attrs: unknown = JSON.parse(attrsJson);
    if (attrs && typeof attrs === "object" && "gat1400Password" in attrs && typeof attrs.gat1400Password === "string") {
      return attrs.gat1400Password;
    }
  } catch {
    // a malformed attrs column only loses the per-device password; the default applies
  }
  return null;
}
