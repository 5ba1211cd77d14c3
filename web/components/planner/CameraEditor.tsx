import type { CameraChange, CoverageCamera } from "../../../server/contracts/coverage";
import { LENS_PRESETS, lensOptics } from "../../../server/coverage/lenses";
import type { Messages } from "../../lib/i18n";
import styles from "./planner.module.css";

// What-if controls for the selected camera: yaw, pitch, mount height, lens preset, remove.
// Every input change is one edit; the worker recomputes only this camera's footprint.

function lensIdOf(cam: CoverageCamera): string {
  const o = cam.optics;
  return LENS_PRESETS.find((l) => Math.abs(l.hfovDeg - o.hfovDeg) < 0.5 && l.resolutionW === o.resolutionW)?.id ?? "";
}

export function CameraEditor({ t, camera, onEdit }: { t: Messages; camera: CoverageCamera | null; onEdit: (c: CameraChange) => void }) {
  const p = t.planner;
  if (!camera) return <p className={styles.hint}>{p.noSelection}</p>;
  const o = camera.optics;
  const update = (next: Partial<CoverageCamera["optics"]>, position?: CoverageCamera["position"]): void =>
    onEdit({ op: "update", camera: { ...camera, position: position ?? camera.position, optics: { ...o, ...next } } });
  const yaw = ((o.yawDeg % 360) + 360) % 360;
  return (
    <div className={styles.editor} data-testid="camera-editor" data-camera-id={camera.id}>
      <div className={styles.editorHead}>
        <strong title={camera.id}>{camera.name || camera.id}</strong>
        <span className={styles.dim}>{p.east} {camera.position[0].toFixed(1)} · {p.north} {camera.position[1].toFixed(1)} m</span>
      </div>
      <label className={styles.field}>
        <span>{p.yaw}</span>
        <input type="range" min={0} max={359} step={1} value={Math.round(yaw)} data-testid="yaw"
          onChange={(e) => update({ yawDeg: Number(e.target.value) })} />
        <output>{Math.round(yaw)}°</output>
      </label>
      <label className={styles.field}>
        <span>{p.pitch}</span>
        <input type="range" min={-80} max={0} step={1} value={Math.round(o.pitchDeg)} data-testid="pitch"
          onChange={(e) => update({ pitchDeg: Number(e.target.value) })} />
        <output>{Math.round(o.pitchDeg)}°</output>
      </label>
      <label className={styles.field}>
        <span>{p.height}</span>
        <input type="range" min={2} max={20} step={0.5} value={camera.position[2]} data-testid="height"
          onChange={(e) => update({}, [camera.position[0], camera.position[1], Number(e.target.value)])} />
        <output>{camera.position[2].toFixed(1)} m</output>
      </label>
      <label className={styles.field}>
        <span>{p.lens}</span>
        <select value={lensIdOf(camera)} data-testid="lens" onChange={(e) => {
          const lens = LENS_PRESETS.find((l) => l.id === e.target.value);
          if (lens) onEdit({ op: "update", camera: { ...camera, model: lens.model, optics: { ...o, ...lensOptics(lens) } } });
        }}>
          {lensIdOf(camera) === "" && <option value="">{o.resolutionW}×{o.resolutionH} · {o.hfovDeg.toFixed(0)}°</option>}
          {LENS_PRESETS.map((l) => <option key={l.id} value={l.id}>{l.label} · {l.hfovDeg}°</option>)}
        </select>
      </label>
      <div className={styles.row}>
        <span className={styles.hint}>{p.dragHint}</span>
        <button type="button" className={styles.danger} onClick={() => onEdit({ op: "remove", cameraId: camera.id })} data-testid="remove-camera">{p.remove}</button>
      </div>
    </div>
  );
}
