import { useFrame } from "@react-three/fiber";
import { useLayoutEffect, useMemo, useRef } from "react";
import { BoxGeometry, Color, type InstancedMesh, Matrix4, MeshBasicMaterial, Quaternion, Vector3 } from "three";
import type { Device } from "../../../server/contracts/campus";
import type { FenceDisplay, LiveStore } from "../../lib/live-store";
import { segmentPlacements } from "../../lib/scene-geometry";
import { WALL_HEIGHT_M } from "./PerimeterWall";
import { useDisposable } from "./use-disposable";

// Tension-fence zones along the top of the wall: one instanced bar per straight piece of
// each fence_segment's polyline, coloured by the zone's live state — normal (green), alarm (red,
// pulsing), fault (amber), disarmed (grey). One draw call; pieces are clickable (instanceId →
// device). Colours change only when the live state does; pulsing touches only alarm pieces.

export const FENCE_COLOURS: Record<FenceDisplay, string> = { normal: "#5dff7a", alarm: "#ff2d3d", fault: "#ffb020", disarmed: "#5a6473" };
const COLOURS = Object.fromEntries(Object.entries(FENCE_COLOURS).map(([k, v]) => [k, new Color(v)])) as Record<FenceDisplay, Color>;
const FENCE_ABOVE_WALL_M = 0.35;
const BAR_HEIGHT_M = 0.5;
const BAR_WIDTH_M = 0.6;
const PULSE_HZ = 1.6;
const UP = new Vector3(0, 1, 0);
const scratchMatrix = new Matrix4();
const scratchQuat = new Quaternion();
const scratchPos = new Vector3();
const scratchScale = new Vector3();
const scratchColour = new Color();

interface Piece { deviceId: string }

export function fenceStateOf(d: Device, live: ReadonlyMap<string, FenceDisplay>): FenceDisplay {
  const s = live.get(d.id);
  if (s) return s;
  if (d.status === "alarm") return "alarm";
  if (d.status === "fault" || d.status === "offline") return "fault";
  if (d.status === "disarmed") return "disarmed";
  return "normal";
}

export function FenceSegments({ devices, live, onPick, visible = true }: {
  devices: readonly Device[];
  live: LiveStore;
  onPick?: (deviceId: string) => void;
  visible?: boolean;
}) {
  const fences = useMemo(() => devices.filter((d) => d.kind === "fence_segment" && d.polyline && d.polyline.length >= 2), [devices]);
  const pieces = useMemo(() => {
    const out: { piece: Piece; device: Device; place: ReturnType<typeof segmentPlacements>[number] }[] = [];
    for (const d of fences) for (const place of segmentPlacements([d.polyline!])) out.push({ piece: { deviceId: d.id }, device: d, place });
    return out;
  }, [fences]);
  const geometry = useDisposable(() => new BoxGeometry(1, 1, 1).translate(0, 0.5, 0), []);
  const material = useDisposable(() => new MeshBasicMaterial({ toneMapped: false }), []);
  const ref = useRef<InstancedMesh>(null);
  const seenVersion = useRef(-1);
  const alarmPieces = useRef<number[]>([]);

  useLayoutEffect(() => {
    const mesh = ref.current;
    if (!mesh) return;
    pieces.forEach(({ place }, i) => {
      scratchQuat.setFromAxisAngle(UP, place.angleRad);
      scratchPos.set(place.midE, WALL_HEIGHT_M + FENCE_ABOVE_WALL_M, -place.midN);
      scratchScale.set(place.lengthM, BAR_HEIGHT_M, BAR_WIDTH_M);
      mesh.setMatrixAt(i, scratchMatrix.compose(scratchPos, scratchQuat, scratchScale));
      mesh.setColorAt(i, COLOURS.normal);
    });
    mesh.instanceMatrix.needsUpdate = true;
    mesh.computeBoundingSphere();
    seenVersion.current = -1;
  }, [pieces]);

  useFrame(({ clock }) => {
    const mesh = ref.current;
    if (!mesh) return;
    const s = live.getState();
    if (s.stateVersion !== seenVersion.current) {
      seenVersion.current = s.stateVersion;
      alarmPieces.current.length = 0;
      pieces.forEach(({ device }, i) => {
        const state = fenceStateOf(device, s.fences);
        if (state === "alarm") alarmPieces.current.push(i);
        mesh.setColorAt(i, COLOURS[state]);
      });
      if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
    }
    if (alarmPieces.current.length === 0) return;
    // Alarm pulse: red ↔ white-hot, 1.6 Hz; only alarm pieces are touched.
    const k = 0.5 + 0.5 * Math.sin(clock.elapsedTime * PULSE_HZ * 2 * Math.PI);
    scratchColour.copy(COLOURS.alarm).lerp(WHITE_HOT, k * 0.6);
    for (const i of alarmPieces.current) mesh.setColorAt(i, scratchColour);
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
  });

  if (pieces.length === 0) return null;
  return (
    <instancedMesh
      key={pieces.length}
      ref={ref}
      args={[geometry, material, pieces.length]}
      name="layer:fences"
      visible={visible}
      onClick={(e) => {
        if (e.instanceId === undefined || !onPick) return;
        e.stopPropagation();
        onPick(pieces[e.instanceId]!.piece.deviceId);
      }}
    />
  );
}

const WHITE_HOT = new Color("#ffd0d0");
