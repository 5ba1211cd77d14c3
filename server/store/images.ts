import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";

// Content-addressed picture store: `<root>/<sha256[0:2]>/<sha256>.<ext>`, one file per distinct
// image, so a re-posted capture costs nothing and an event refers to its pictures by hash.
// Each picture has a sidecar `<sha256>.json` recording its retention class: requires
// pictures to be kept at least 180 days, so `retainUntil` is the earliest a sweeper may delete it.

export type ImageFormat = "jpeg" | "png" | "bmp";

const EXT: Record<ImageFormat, string> = { jpeg: "jpg", png: "png", bmp: "bmp" };
const MIME: Record<ImageFormat, string> = { jpeg: "image/jpeg", png: "image/png", bmp: "image/bmp" };

export const PICTURE_RETENTION_CLASS = "pictures_180d";
export const PICTURE_RETENTION_DAYS = 180;

export interface ImageRef {
  sha256: string;
  /** Relative to the store root, '/'-separated: `ab/ab12….jpg`. */
  path: string;
  format: ImageFormat;
  mime: string;
  bytes: number;
  width: number | null;
  height: number | null;
}

export interface ImageMeta extends ImageRef {
  retentionClass: string;
  storedAt: string;
  retainUntil: string;
}

export interface ImageStore {
  root: string;
  /** Stores the bytes (once per content) and returns the reference an event keeps. */
  put(bytes: Uint8Array): Promise<ImageRef>;
  read(sha256: string): Promise<{ meta: ImageMeta; bytes: Buffer } | null>;
}

export class NotAnImageError extends Error {
  override name = "NotAnImageError";
}

/** Identifies JPEG, PNG or BMP by magic bytes; null for anything else. */
export function detectImageFormat(b: Uint8Array): ImageFormat | null {
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "jpeg";
  if (b.length >= 24 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return "png";
  if (b.length >= 26 && b[0] === 0x42 && b[1] === 0x4d) return "bmp";
  return null;
}

/** Pixel size from the header (PNG IHDR, BMP info header, JPEG SOFn); null when not found. */
export function imageSize(b: Uint8Array, format: ImageFormat): { width: number; height: number } | null {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  if (format === "png") return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
  if (format === "bmp") return { width: Math.abs(buf.readInt32LE(18)), height: Math.abs(buf.readInt32LE(22)) };
  let i = 2;
  while (i + 9 < buf.length) {
    if (buf[i] !== 0xff) return null;
    const marker = buf[i + 1]!;
    const len = buf.readUInt16BE(i + 2);
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
    }
    i += 2 + len;
  }
  return null;
}

export function createImageStore(opts: { root: string; now?: () => Date; retentionDays?: number }): ImageStore {
  const now = opts.now ?? (() => new Date());
  const retentionDays = opts.retentionDays ?? PICTURE_RETENTION_DAYS;
  if (retentionDays < PICTURE_RETENTION_DAYS) throw new Error(`Invariant: picture retention ${retentionDays} d is below R-5.4's ${PICTURE_RETENTION_DAYS} d`);
  const root = opts.root;
  const fileOf = (sha: string, ext: string) => join(root, sha.slice(0, 2), `${sha}.${ext}`);

  async function writeOnce(target: string, data: Uint8Array | string): Promise<void> {
    if (await exists(target)) return;
    // Write-then-rename: a reader never sees a half-written picture, and two writers of the
    // same content both end with the same complete file.
    const tmp = `${target}.${randomBytes(6).toString("hex")}.tmp`;
    await writeFile(tmp, data);
    await rename(tmp, target);
  }

  return {
    root,
    async put(bytes) {
      const format = detectImageFormat(bytes);
      if (!format) throw new NotAnImageError(`Not a JPEG, PNG or BMP image (${bytes.length} bytes)`);
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      const size = imageSize(bytes, format);
      const ref: ImageRef = {
        sha256,
        path: `${sha256.slice(0, 2)}/${sha256}.${EXT[format]}`,
        format,
        mime: MIME[format],
        bytes: bytes.length,
        width: size?.width ?? null,
        height: size?.height ?? null,
      };
      await mkdir(join(root, sha256.slice(0, 2)), { recursive: true });
      await writeOnce(fileOf(sha256, EXT[format]), bytes);
      const storedAt = now();
      const meta: ImageMeta = {
        ...ref,
        retentionClass: PICTURE_RETENTION_CLASS,
        storedAt: storedAt.toISOString(),
        retainUntil: new Date(storedAt.getTime() + retentionDays * 86_400_000).toISOString(),
      };
      await writeOnce(fileOf(sha256, "json"), JSON.stringify(meta));
      return ref;
    },
    async read(sha256) {
      if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
      try {
        const meta = JSON.parse(await readFile(fileOf(sha256, "json"), "utf8")) as ImageMeta;
        return { meta, bytes: await readFile(join(root, meta.path)) };
      } catch {
        return null;
      }
    },
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
