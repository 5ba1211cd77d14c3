// A small catalogue of fixed lenses the planner offers (resolution and focal presets). Ranges are
// where the lens still detects (25 px/m, IEC 62676-4) along its axis, capped at 120 m.

export interface LensPreset {
  id: string;
  label: string;
  model: string;
  hfovDeg: number;
  resolutionW: number;
  resolutionH: number;
}

export const LENS_PRESETS: readonly LensPreset[] = [
  { id: "2mp-2.8", label: "2 MP 2.8 mm", model: "IPC-2MP-F28", hfovDeg: 103, resolutionW: 1920, resolutionH: 1080 },
  { id: "4mp-4", label: "4 MP 4 mm", model: "IPC-4MP-F40", hfovDeg: 84, resolutionW: 2560, resolutionH: 1440 },
  { id: "4mp-6", label: "4 MP 6 mm", model: "IPC-4MP-F60", hfovDeg: 54, resolutionW: 2560, resolutionH: 1440 },
  { id: "4mp-12", label: "4 MP 12 mm", model: "IPC-4MP-F120", hfovDeg: 28, resolutionW: 2560, resolutionH: 1440 },
  { id: "8mp-8", label: "8 MP 8 mm", model: "IPC-8MP-F80", hfovDeg: 45, resolutionW: 3840, resolutionH: 2160 },
];

export function lensOptics(lens: LensPreset): { hfovDeg: number; vfovDeg: number; resolutionW: number; resolutionH: number; rangeM: number } {
  const t = Math.tan((lens.hfovDeg * Math.PI) / 360);
  const vfovDeg = (2 * Math.atan((t * lens.resolutionH) / lens.resolutionW) * 180) / Math.PI;
  const rangeM = Math.min(120, lens.resolutionW / (2 * 25 * t));
  return { hfovDeg: lens.hfovDeg, vfovDeg, resolutionW: lens.resolutionW, resolutionH: lens.resolutionH, rangeM };
}
