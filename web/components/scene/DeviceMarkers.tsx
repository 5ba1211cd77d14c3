import { useEffect, useLayoutEffect, useMemo, useRef } from "react";
import {
  AdditiveBlending, BufferGeometry, CanvasTexture, Color, Float32BufferAttribute, type InstancedMesh, Matrix4, PointsMaterial,
} from "three";
import { DEVICE_KINDS, type Device, type DeviceKind, type DeviceStatus } from "../../../server/contracts/campus";
import { composeMarkerMatrix, createMarkerGeometries, KIND_MARKER } from "./marker-shapes";
import { DEVICE_COLOURS } from "./palette";
import { useDisposable } from "./use-disposable";

// Every device as an instance: one InstancedMesh per device kind (STYLE: instancing for every
// repeated object), coloured by kind and dimmed or reddened by status. A screen-space dot per
// device (one Points draw call) keeps devices visible from the overview, where metre-sized
// solids shrink below a pixel.

const OFFLINE_COLOUR = new Color("#4a5361");
const ALARM_COLOUR = new Color("#ff2d3d");
const DOT_SIZE_PX = 5;
const scratchMatrix = new Matrix4();
const scratchColour = new Color();

function statusColour(kind: DeviceKind, status: DeviceStatus, out: Color): Color {
  if (status === "offline" || status === "fault") return out.copy(OFFLINE_COLOUR);
  if (status === "alarm") return out.copy(ALARM_COLOUR);
  return out.set(DEVICE_COLOURS[kind]);
}

export function DeviceMarkers({ devices }: { devices: readonly Device[] }) {
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
        return <KindMarkers key={kind} kind={kind} devices={list} geometry={geometries[KIND_MARKER[kind].shape]} />;
      })}
      <DeviceDots devices={devices} />
    </group>
  );
}

function KindMarkers({ kind, devices, geometry }: { kind: DeviceKind; devices: readonly Device[]; geometry: BufferGeometry }) {
  const ref = useRef<InstancedMesh>(null);
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
  }, [devices, kind]);
  return (
    <instancedMesh key={devices.length} ref={ref} args={[geometry, undefined, devices.length]} name={`devices:${kind}`}>
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
