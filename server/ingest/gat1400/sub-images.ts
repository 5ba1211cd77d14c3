import type { SubImageInfo } from "../../contracts/gat1400";
import { detectImageFormat, type ImageFormat, type ImageRef, type ImageStore } from "../../store/images";

// SubImageList → pictures in the content-addressed store. Decoding and the magic-byte check
// happen before anything is written, so an object with one bad picture stores nothing and is
// refused on its own (its neighbours in the batch are unaffected).

export interface DecodedImage {
  info: SubImageInfo;
  bytes: Buffer;
  format: ImageFormat;
}

/** What an event keeps of a picture: the reference, never the bytes. */
export interface EventImage {
  sha256: string;
  path: string;
  format: ImageFormat;
  bytes: number;
  width: number | null;
  height: number | null;
  /** GA/T 1400.3 ImageType code (01 vehicle, 02 plate, 11 face, 14 scene, …). */
  type: string | null;
  retentionClass: string;
}

export class BadImageError extends Error {
  override name = "BadImageError";
}

const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}\s*$/;

/** Decodes every inline picture of one object; throws BadImageError naming the first bad one. */
export function decodeSubImages(list: readonly SubImageInfo[] | undefined): DecodedImage[] {
  const out: DecodedImage[] = [];
  for (const [i, info] of (list ?? []).entries()) {
    if (info.Data === undefined || info.Data === "") continue; // a StoragePath-only reference: nothing inline
    // Tolerate a data-URL prefix, which some vendors add.
    const text = info.Data.replace(/^data:[^,]*;base64,/, "");
    if (!BASE64.test(text)) throw new BadImageError(`SubImageInfoObject[${i}].Data is not base64`);
    const bytes = Buffer.from(text, "base64");
    const format = detectImageFormat(bytes);
    if (!format) throw new BadImageError(`SubImageInfoObject[${i}].Data is not a JPEG, PNG or BMP image`);
    out.push({ info, bytes, format });
  }
  return out;
}

export async function storeImages(store: ImageStore, images: readonly DecodedImage[], retentionClass: string): Promise<EventImage[]> {
  const refs: ImageRef[] = await Promise.all(images.map((img) => store.put(img.bytes)));
  return refs.map((r, i) => ({
    sha256: r.sha256,
    path: r.path,
    format: r.format,
    bytes: r.bytes,
    width: r.width ?? images[i]!.info.Width ?? null,
    height: r.height ?? images[i]!.info.Height ?? null,
    type: images[i]!.info.Type ?? null,
    retentionClass,
  }));
}
