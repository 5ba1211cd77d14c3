import type { DoriClass } from "../../../server/contracts/coverage";

// Overlay colours per DORI class (cool → warm as pixel density rises), shared by the 3D overlay
// and the legend. Uncovered ground stays transparent; blind spots in required zones are outlined.

export const DORI_COLOURS: Record<Exclude<DoriClass, "none">, string> = {
  detect: "#3d6fe0",
  observe: "#17b3c7",
  recognise: "#8fd23a",
  identify: "#ffb020",
};

export const BLIND_SPOT_COLOUR = "#ff3b4e";
export const OVERLAY_ALPHA = 150;

/** RGBA for rank 0..4 (index = rank); rank 0 and solid cells are fully transparent. */
export function rankPalette(): Uint8Array {
  const out = new Uint8Array(5 * 4);
  (["detect", "observe", "recognise", "identify"] as const).forEach((cls, k) => {
    const hex = DORI_COLOURS[cls];
    out.set([parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16), OVERLAY_ALPHA], (k + 1) * 4);
  });
  return out;
}
