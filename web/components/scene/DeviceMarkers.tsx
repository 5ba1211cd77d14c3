import { useFrame } from "@react-three/fiber";
import { useEffect, useLayoutEffect, useMemo, useRef } from "react";
import {
  AdditiveBlending, BufferGeometry, CanvasTexture, Color, Float32BufferAttribute, type InstancedMesh, Matrix4, PointsMaterial,
} from "three";
import { DEVICE_KINDS, type Device, type DeviceKind, type DeviceStatus } from "../../../server/contracts/campus";
import type { DoorDisplay, LiveState, LiveStore } from "../../lib/live-store";
import { composeMarkerMatrix, createMarkerGeometries, KIND_MARKER } from "./marker-shapes";
import { DEVICE_COLOURS } from "./palette";
import { useDisposable } from "./use-disposable";

// Every device as an instance: one InstancedMesh per device kind (STYLE: instancing for every
// repeated object), coloured by kind and dimmed or reddened by status. A screen-space dot per
// device (one Points draw call) keeps devices visible from the overview, where metre-sized
// solids shrink below a pixel. With a live store the colours follow live state (door open,
// forced, held open; device offline; alarm) and are rewritten only when that state changes.

const OFFLINE_COLOUR = new Color("#4a5361");
const ALARM_COLOUR = new Color("#ff2d3d");
const DOT_SIZE_PX = 5;
const scratchMatrix = new Matrix4();
const scratchColour = new Color();

export const DOOR_COLOURS: Record<DoorDisplay, string> = { closed: "#ffe066", open: "#4fb3ff", forced: "#ff2d3d", held_open: "#ff8a1f" };

function statusColour(kind: DeviceKind, status: DeviceStatus, out: Color): Color {
  if (status === "offline" || status === "fault") return out.copy(OFFLINE_COLOUR);
  if (status === "alarm") return out.copy(ALARM_COLOUR);
  return out.set(DEVICE_COLOURS[kind]);
}

function liveColour(d: Device, s: LiveState, out: Color): Color {
  if (s.alarmDevices.has(d.id)) return out.copy(ALARM_COLOUR);
  const door = d.kind === "access_door" || d.kind === "gate" ? s.doors.get(d.id) : undefined;
  const status = s.deviceStatus.get(d.id) ?? d.status;
  if (door && status !== "offline" && status !== "fault") return out.set(DOOR_COLOURS[door]);
  return statusColour(d.kind, status, out);
}

interface LiveProps {
  live?: LiveStore;
  onPick?: (deviceId: string) => void;
  /** Kinds to hide (a toggled-off layer). */
  hiddenKinds?: ReadonlySet<DeviceKind>;
}

export function DeviceMarkers({ devices, live, onPick, hiddenKinds }: { devices: readonly Device[] } & LiveProps) {
  const geometries = useMemo(createMarkerGeometries, []);
  useEffect(() => () => Object.values(geometries).forEach((g) => g.dispose()), [geometries]);
  const byKind = useMemo(() => {
    const m = new Map<DeviceKind, Device[]>();
    for (const d of devices) {
      const list = m.get(d.kind);
      if (list) list.push(d);
      else m.set(d.kind, [d]);
    }
    return m;
  }, [devices]);
  return (
    <group>
      {DEVICE_KINDS.map((kind) => {
        const list = byKind.get(kind);
        if (!list) return null;
        return (
          <KindMarkers key={kind} kind={kind} devices={list} geometry={geometries[KIND_MARKER[kind].shape]}
            live={live} onPick={onPick} visible={!hiddenKinds?.has(kind)} />
        );
      })}
      <DeviceDots devices={devices} />
    </group>
  );
}

function KindMarkers({ kind, devices, geometry, live, onPick, visible }: { kind: DeviceKind; devices: readonly Device[]; geometry: BufferGeometry; visible: boolean } & LiveProps) {
  const ref = useRef<InstancedMesh>(null);
  const seenVersion = useRef(-1);
  const isView = KIND_MARKER[kind].shape === "view";
  useLayoutEffect(() => {
    const mesh = ref.current;
    if (!mesh) return;
    devices.forEach((d, i) => {
      mesh.setMatrixAt(i, composeMarkerMatrix(d, scratchMatrix));
      mesh.setColorAt(i, statusColour(kind, d.status, scratchColour));
    });
    mesh.instanceMatrix.needsUpdate = true;
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
    mesh.computeBoundingSphere();
    seenVersion.current = -1;
  }, [devices, kind]);
  useFrame(() => {
    const mesh = ref.current;
    if (!mesh || !live) return;
    const s = live.getState();
    if (s.stateVersion === seenVersion.current) return;
    seenVersion.current = s.stateVersion;
    devices.forEach((d, i) => mesh.setColorAt(i, liveColour(d, s, scratchColour)));
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
  });
  return (
    <instancedMesh
      key={devices.length}
      ref={ref}
      args={[geometry, undefined, devices.length]}
      name={`devices:${kind}`}
      visible={visible}
      onClick={onPick && ((e) => {
        if (e.instanceId === undefined) return;
        e.stopPropagation();
        onPick(devices[e.instanceId]!.id);
      })}
    >
      <meshBasicMaterial transparent={isView} opacity={isView ? 0.55 : 1} depthWrite={!isView} />
    </instancedMesh>
  );
}

function dotTexture(): CanvasTexture {
  const c = document.createElement("canvas");
  c.width = c.height = 32;
  const g = c.getContext("2d");
  if (g) {
    const grad = g.createRadialGradient(16, 16, 0, 16, 16, 16);
    grad.addColorStop(0, "rgba(255,255,255,1)");
    grad.addColorStop(0.45, "rgba(255,255,255,0.9)");
    grad.addColorStop(1, "rgba(255,255,255,0)");
    g.fillStyle = grad;
    g.fillRect(0, 0, 32, 32);
  }
  return new CanvasTexture(c);
}

function DeviceDots({ devices }: { devices: readonly Device[] }) {
  const texture = useDisposable(dotTexture, []);
  const material = useDisposable(
    () => new PointsMaterial({
      size: DOT_SIZE_PX, sizeAttenuation: false, vertexColors: true, map: texture, transparent: true,
      depthWrite: false, blending: AdditiveBlending,
    }),
    [texture],
  );
  const geometry = useDisposable(() => {
    const pos = new Float32Array(devices.length * 3);
    const col = new Float32Array(devices.length * 3);
    devices.forEach((d, i) => {
      pos.set([d.position[0], Math.max(d.position[2], 0) + 0.5, -d.position[1]], i * 3);
      const c = statusColour(d.kind, d.status, scratchColour);
      col.set([c.r, c.g, c.b], i * 3);
    });
    const g = new BufferGeometry();
    g.setAttribute("position", new Float32BufferAttribute(pos, 3));
    g.setAttribute("color", new Float32BufferAttribute(col, 3));
    return g;
  }, [devices]);
  return <points geometry={geometry} material={material} renderOrder={5} name="devices:dots" />;
}
