import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// DC-09 §5.5.1.9 encryption: AES-128/192/256 in CBC mode with an all-zero IV, no PKCS#7.
// The plaintext is `<pad>|<data>]…<timestamp>`: pseudo-random pad characters at the front,
// ended by `|`, sized so the whole is a multiple of the 16-byte block. Ciphertext is sent
// as hex. Keys are per account, configured as 32/48/64 hex digits.

const ZERO_IV = Buffer.alloc(16);
/** Pad characters: printable, and never one of the delimiters `|`, `[`, `]`. */
const PAD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export class Dc09KeyError extends Error {
  override name = "Dc09KeyError";
}

export function parseKeyHex(hex: string, account: string): Buffer {
  if (!/^[0-9A-Fa-f]+$/.test(hex) || ![32, 48, 64].includes(hex.length)) {
    throw new Dc09KeyError(`Key for account ${account} must be 32, 48 or 64 hex digits (AES-128/192/256)`);
  }
  return Buffer.from(hex, "hex");
}

function cipherName(key: Buffer): string {
  return `aes-${key.length * 8}-cbc`;
}

/** Encrypts `content` (what follows the `[`), returning uppercase hex. */
export function encryptContent(content: string, key: Buffer): string {
  const padLen = 16 - ((content.length + 1) % 16); // 1..16 pad characters
  const rnd = randomBytes(padLen);
  let pad = "";
  for (let i = 0; i < padLen; i++) pad += PAD_ALPHABET[rnd[i]! % PAD_ALPHABET.length];
  const plain = Buffer.from(`${pad}|${content}`, "latin1");
  const c = createCipheriv(cipherName(key), key, ZERO_IV);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(plain), c.final()]).toString("hex").toUpperCase();
}

/** Decrypts hex ciphertext and strips the pad; null when it cannot be the output of this key. */
export function decryptContent(hex: string, key: Buffer): string | null {
  if (hex.length === 0 || hex.length % 32 !== 0 || !/^[0-9A-Fa-f]+$/.test(hex)) return null;
  const d = createDecipheriv(cipherName(key), key, ZERO_IV);
  d.setAutoPadding(false);
  const plain = Buffer.concat([d.update(Buffer.from(hex, "hex")), d.final()]).toString("latin1");
  const bar = plain.indexOf("|");
  if (bar >= 0) return plain.slice(bar + 1);
  // Some panels in the field omit the `|`: the pad then runs up to the data's `#` or `]`.
  const start = plain.search(/[#\]]/);
  return start < 0 ? null : plain.slice(start);
}
