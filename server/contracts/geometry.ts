import { z } from "zod";

/** A point in campus-local east-north-up metres: [east, north]. */
export const ZPointM = z.tuple([z.number().finite(), z.number().finite()]);
export type PointM = z.infer<typeof ZPointM>;

/** A ring or polyline of campus-local points. Rings are stored closed-implicitly (first ≠ last). */
export const ZLineM = z.array(ZPointM);
export type LineM = z.infer<typeof ZLineM>;

export const ZGeoOrigin = z.object({
  latDeg: z.number().min(-90).max(90),
  lonDeg: z.number().min(-180).max(180),
  altM: z.number().finite().default(0),
});
export type GeoOrigin = z.infer<typeof ZGeoOrigin>;
