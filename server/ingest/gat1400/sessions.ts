import type { CameraRef } from "./directory";

// Registered GA/T 1400 devices and their liveness (GA/T 1400.4 §6.1.3 keepalive). A device
// that sends nothing for `timeoutMs` goes offline but stays registered, so its next request
// (keepalive or upload) brings it back online; UnRegister forgets it.

export interface Session {
  camera: CameraRef;
  registeredAtMs: number;
  lastSeenMs: number;
  online: boolean;
}

export interface Sessions {
  /** Registers (or re-registers) a device; `cameOnline` when it was not online before. */
  register(camera: CameraRef): { session: Session; cameOnline: boolean };
  /** Records traffic from a registered device; null when it is not registered. */
  touch(deviceId: string): { session: Session; cameOnline: boolean } | null;
  unregister(deviceId: string): Session | null;
  /** Marks silent sessions offline and returns them (the caller emits `device.offline`). */
  sweep(): Session[];
  onlineCount(): number;
}

export function createSessions(opts: { timeoutMs: number; now?: () => number }): Sessions {
  const now = opts.now ?? Date.now;
  const byId = new Map<string, Session>();

  return {
    register(camera) {
      const t = now();
      const prev = byId.get(camera.externalId);
      const session: Session = { camera, registeredAtMs: t, lastSeenMs: t, online: true };
      byId.set(camera.externalId, session);
      return { session, cameOnline: !prev?.online };
    },
    touch(deviceId) {
      const s = byId.get(deviceId);
      if (!s) return null;
      s.lastSeenMs = now();
      const cameOnline = !s.online;
      s.online = true;
      return { session: s, cameOnline };
    },
    unregister(deviceId) {
      const s = byId.get(deviceId) ?? null;
      byId.delete(deviceId);
      return s;
    },
    sweep() {
      const t = now();
      const gone: Session[] = [];
      for (const s of byId.values()) {
        if (s.online && t - s.lastSeenMs > opts.timeoutMs) {
          s.online = false;
          gone.push(s);
        }
      }
      return gone;
    },
    onlineCount() {
      let n = 0;
      for (const s of byId.values()) if (s.online) n++;
      return n;
    },
  };
}
