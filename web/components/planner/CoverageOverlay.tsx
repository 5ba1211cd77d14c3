import { type ThreeEvent, useThree } from "@react-three/fiber";
import { useEffect, useRef } from "react";
import { BufferGeometry, DataTexture, Float32BufferAttribute, NearestFilter, PlaneGeometry, RGBAFormat } from "three";
import type { CoverageCamera } from "../../../server/contracts/coverage";
import { RANK_SOLID } from "../../../server/coverage/session";
import { useDisposable } from "../scene/use-disposable";
import type { CoverageState } from "./coverage-client";
import { BLIND_SPOT_COLOUR, rankPalette } from "./dori-colours";

// The planner's layers in the campus scene: the DORI class raster as one DataTexture on a
// ground-hugging plane, blind-spot outlines, the edited cameras as dots, and a drag handle on
// the selected camera. Frames: campus ENU → three (x = east, y = up, z = −north).

const OVERLAY_Y_M = 0.12, OUTLINE_Y_M = 0.2, PICK_RADIUS_M = 8;
const PALETTE = rankPalette();

export type CameraMark = "unchanged" | "added" | "updated";

export interface OverlayProps {
  state: CoverageState;
  cameras: readonly CoverageCamera[];
  marks: ReadonlyMap<string, CameraMark>;
  selectedId: string | null;
  onSelect: (id: string | null) => void;
  onDrag: (eastM: number, northM: number) => void;
}

function useRankTexture(state: CoverageState): DataTexture {
  const { width, height } = state.grid;
  const texture = useDisposable(() => {
    const t = new DataTexture(new Uint8Array(width * height * 4), width, height, RGBAFormat);
    t.magFilter = NearestFilter;
    t.minFilter = NearestFilter;
    return t;
  }, [width, height]);
  useEffect(() => {
    const data = texture.image.data as Uint8Array;
    const ranks = state.ranks;
    for (let i = 0, o = 0; i < ranks.length; i++, o += 4) {
      const r = ranks[i]!;
      if (r === RANK_SOLID || r === 0) { data[o + 3] = 0; continue; }
      const p = r * 4;
      data[o] = PALETTE[p]!; data[o + 1] = PALETTE[p + 1]!; data[o + 2] = PALETTE[p + 2]!; data[o + 3] = PALETTE[p + 3]!;
    }
    texture.needsUpdate = true;
  }, [state.ranks, texture]);
  return texture;
}

function outlineGeometry(state: CoverageState): BufferGeometry {
  const pos: number[] = [];
  for (const z of state.zones) {
    for (const ring of z.blindSpots) {
      for (let i = 0; i < ring.length; i++) {
        const a = ring[i]!, b = ring[(i + 1) % ring.length]!;
        pos.push(a[0], OUTLINE_Y_M, -a[1], b[0], OUTLINE_Y_M, -b[1]);
      }
    }
  }
  const g = new BufferGeometry();
  g.setAttribute("position", new Float32BufferAttribute(pos, 3));
  return g;
}

export function CoverageOverlay({ state, cameras, marks, selectedId, onSelect, onDrag }: OverlayProps) {
  const { originE, originN, cellSizeM, width, height } = state.grid;
  const wM = width * cellSizeM, hM = height * cellSizeM;
  const texture = useRankTexture(state);
  const plane = useDisposable(() => new PlaneGeometry(wM, hM).rotateX(-Math.PI / 2), [wM, hM]);
  const outlines = useDisposable(() => outlineGeometry(state), [state.zones]);
  const invalidate = useThree((s) => s.invalidate);
  const controls = useThree((s) => s.controls) as { enabled: boolean } | null;
  const dragging = useRef(false);
  useEffect(() => invalidate(), [state, cameras, selectedId, invalidate]);

  const selected = cameras.find((c) => c.id === selectedId) ?? null;
  const dots = useDisposable(() => {
    const g = new BufferGeometry();
    const pos: number[] = [], col: number[] = [];
    for (const c of cameras) {
      pos.push(c.position[0], c.position[2] + 0.6, -c.position[1]);
      const m = c.id === selectedId ? [1, 0.9, 0.2] : marks.get(c.id) === "added" ? [0.25, 0.6, 1] : marks.get(c.id) === "updated" ? [0.75, 0.45, 1] : [0.85, 0.9, 0.95];
      col.push(...m);
    }
    g.setAttribute("position", new Float32BufferAttribute(pos, 3));
    g.setAttribute("color", new Float32BufferAttribute(col, 3));
    return g;
  }, [cameras, marks, selectedId]);

  const pick = (ev: ThreeEvent<MouseEvent>): void => {
    if (dragging.current) return;
    const e = ev.point.x, n = -ev.point.z;
    let best: CoverageCamera | null = null, bestD = PICK_RADIUS_M;
    for (const c of cameras) {
      const d = Math.hypot(c.position[0] - e, c.position[1] - n);
      if (d < bestD) { bestD = d; best = c; }
    }
    onSelect(best?.id ?? null);
  };
  const move = (ev: ThreeEvent<PointerEvent>): void => {
    if (!dragging.current) return;
    ev.stopPropagation();
    onDrag(ev.point.x, -ev.point.z);
  };
  const endDrag = (): void => {
    dragging.current = false;
    if (controls) controls.enabled = true;
  };

  return (
    <group name="planner:coverage">
      <mesh geometry={plane} position={[originE + wM / 2, OVERLAY_Y_M, -(originN + hM / 2)]} renderOrder={2}
        onClick={pick} onPointerMove={move} onPointerUp={endDrag} onPointerLeave={endDrag}>
        <meshBasicMaterial map={texture} transparent depthWrite={false} />
      </mesh>
      <lineSegments geometry={outlines} renderOrder={3}>
        <lineBasicMaterial color={BLIND_SPOT_COLOUR} depthWrite={false} />
      </lineSegments>
      <points geometry={dots} renderOrder={6}>
        <pointsMaterial size={9} sizeAttenuation={false} vertexColors depthTest={false} />
      </points>
      {selected && (
        <mesh position={[selected.position[0], selected.position[2] + 1.5, -selected.position[1]]} renderOrder={7}
          onPointerDown={(ev) => {
            ev.stopPropagation();
            dragging.current = true;
            if (controls) controls.enabled = false;
          }}>
          <sphereGeometry args={[1.6, 20, 14]} />
          <meshBasicMaterial color="#2f8cff" depthTest={false} transparent opacity={0.9} />
        </mesh>
      )}
    </group>
  );
}
