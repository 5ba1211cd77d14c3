// /wall?layout=tile|split|pip|sequence&size=3840x2160: what a wall controller asks for.
// Sizes are the wall's pixel size; the page scales its type and spacing from the height so the
// same layout reads from across a control room at 1080p, 4K and 7680×2160.

export const WALL_LAYOUTS = ["tile", "split", "pip", "sequence"] as const;
export type WallLayout = (typeof WALL_LAYOUTS)[number];
export const WALL_SIZES = ["1920x1080", "3840x2160", "7680x2160"] as const;

export interface WallConfig {
  layout: WallLayout;
  widthPx: number;
  heightPx: number;
  /** Type and spacing scale: 1 at 1080 px high. */
  scale: number;
  /** Seconds per view of the rotating sequence. */
  sequenceS: number;
}

export function parseWallConfig(params: Record<string, string | string[] | undefined>): WallConfig {
  const one = (k: string) => (typeof params[k] === "string" ? (params[k] as string) : undefined);
  const layout = WALL_LAYOUTS.find((l) => l === one("layout")) ?? "tile";
  const m = /^(\d{3,5})x(\d{3,5})$/.exec(one("size") ?? "");
  const widthPx = m ? Number(m[1]) : 1920;
  const heightPx = m ? Number(m[2]) : 1080;
  const seq = Number(one("interval") ?? 20);
  return { layout, widthPx, heightPx, scale: heightPx / 1080, sequenceS: Number.isFinite(seq) && seq >= 5 ? seq : 20 };
}
