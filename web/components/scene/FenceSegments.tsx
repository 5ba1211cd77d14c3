import { BufferGeometry, Color, Float32BufferAttribute } from "three";
import type { Device } from "../../../server/contracts/campus";
import { DEVICE_COLOURS } from "./palette";
import { WALL_HEIGHT_M } from "./PerimeterWall";
import { useDisposable } from "./use-disposable";

// Tension-fence zones drawn along the top of the wall from each fence_segment's polyline,
// one line layer for all of them. Issue 6 colours them by live state (normal, alarm, fault, disarmed).

const FENCE_ABOVE_WALL_M = 0.25;
const NORMAL = new Color(DEVICE_COLOURS.fence_segment);
const DOWN = new Color("#4a5361");
const ALARM = new Color("#ff2d3d");

export function FenceSegments({ devices }: { devices: readonly Device[] }) {
  const geometry = useDisposable(() => {
    const pos: number[] = [];
    const col: number[] = [];
    const y = WALL_HEIGHT_M + FENCE_ABOVE_WALL_M;
    for (const d of devices) {
      if (d.kind !== "fence_segment" || !d.polyline) continue;
      const c = d.status === "alarm" ? ALARM : d.status === "online" || d.status === "armed" ? NORMAL : DOWN;
      for (let i = 0; i + 1 < d.polyline.length; i++) {
        const [e1, n1] = d.polyline[i]!;
        const [e2, n2] = d.polyline[i + 1]!;
        pos.push(e1, y, -n1, e2, y, -n2);
        col.push(c.r, c.g, c.b, c.r, c.g, c.b);
      }
    }
    const g = new BufferGeometry();
    g.setAttribute("position", new Float32BufferAttribute(pos, 3));
    g.setAttribute("color", new Float32BufferAttribute(col, 3));
    return g;
  }, [devices]);
  return (
    <lineSegments geometry={geometry} name="fence-segments">
      <lineBasicMaterial vertexColors transparent opacity={0.9} />
    </lineSegments>
  );
}
