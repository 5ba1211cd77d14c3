import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// HTTP Digest (RFC 2617, qop=auth) for GA/T 1400.4 §6.1.1 registration. Nonces are stateless:
// `<issuedMs>.<salt>.<hmac(secret, issuedMs.salt)>`, so the server keeps nothing per challenge (the
// random salt keeps two challenges of one millisecond apart) and a nonce
// older than `nonceTtlMs` (or forged) is answered with a fresh challenge (`stale=true` if only old).
// The highest nonce count (`nc`) seen per nonce is remembered for the nonce's lifetime, so a
// replayed request (same or lower nc, RFC 7616 §3.3/§5.4) is refused.

export interface DigestChallenge {
  header: string;
}

export type DigestCheck =
  | { ok: true; username: string }
  | { ok: false; reason: "missing" | "malformed" | "stale_nonce" | "bad_nonce" | "unknown_user" | "wrong_response" | "replayed_nc"; stale?: boolean };

export interface DigestAuth {
  realm: string;
  challenge(stale?: boolean): DigestChallenge;
  /** `requestPath`: the path the request was sent to; the digest's `uri` must name it (RFC 2617 §3.2.2.5). */
  verify(method: string, requestPath: string, header: string | undefined, passwordFor: (username: string) => string | null): DigestCheck;
}

/** Past this many live nonces, expired ones are swept before a new one is tracked. */
const MAX_TRACKED_NONCES = 10_000;

const md5 = (s: string) => createHash("md5").update(s).digest("hex");

/** Splits `Digest a="b", c=d` into a map; quoted values may contain commas. */
export function parseDigestHeader(header: string): Map<string, string> | null {
  const m = /^\s*Digest\s+(.*)$/is.exec(header);
  if (!m) return null;
  const out = new Map<string, string>();
  const re = /([a-zA-Z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*(?:,|$)/g;
  let part: RegExpExecArray | null;
  while ((part = re.exec(m[1]!)) !== null) {
    out.set(part[1]!.toLowerCase(), part[2] !== undefined ? part[2].replace(/\\(.)/g, "$1") : part[3]!);
    if (part[0].length === 0) break;
  }
  return out;
}

/** RFC 2617 §3.2.2.1 request-digest (qop=auth, or the RFC 2069 form when qop is absent). */
export function digestResponse(p: {
  username: string; realm: string; password: string; method: string; uri: string;
  nonce: string; nc?: string; cnonce?: string; qop?: string;
}): string {
  const ha1 = md5(`${p.username}:${p.realm}:${p.password}`);
  const ha2 = md5(`${p.method}:${p.uri}`);
  return p.qop ? md5(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`) : md5(`${ha1}:${p.nonce}:${ha2}`);
}

export function createDigestAuth(opts: { realm: string; nonceTtlMs?: number; now?: () => number }): DigestAuth {
  const secret = randomBytes(32);
  const opaque = randomBytes(16).toString("hex");
  const nonceTtlMs = opts.nonceTtlMs ?? 300_000;
  const now = opts.now ?? Date.now;
  const sign = (issued: string) => createHmac("sha256", secret).update(issued).digest("hex").slice(0, 32);
  const realm = opts.realm.replace(/"/g, "");
  /** nonce → highest nc accepted; entries go when their nonce is past its TTL. */
  const lastNc = new Map<string, { nc: number; issuedMs: number }>();
  const forgetExpired = () => {
    const cutoff = now() - nonceTtlMs;
    for (const [nonce, seen] of lastNc) if (seen.issuedMs < cutoff) lastNc.delete(nonce);
  };

  return {
    realm,
    challenge(stale = false) {
      const issued = `${now()}.${randomBytes(6).toString("hex")}`;
      const nonce = `${issued}.${sign(issued)}`;
      return { header: `Digest realm="${realm}", qop="auth", nonce="${nonce}", opaque="${opaque}", algorithm=MD5${stale ? ", stale=true" : ""}` };
    },
    verify(method, requestPath, header, passwordFor) {
      if (!header) return { ok: false, reason: "missing" };
      const f = parseDigestHeader(header);
      const username = f?.get("username");
      const nonce = f?.get("nonce");
      const uri = f?.get("uri");
      const response = f?.get("response");
      if (!f || !username || !nonce || !uri || !response) return { ok: false, reason: "malformed" };
      if (uri.split("?")[0]!.replace(/\/+$/, "") !== requestPath) return { ok: false, reason: "malformed" };
      const algorithm = f.get("algorithm");
      if (algorithm && algorithm.toUpperCase() !== "MD5") return { ok: false, reason: "malformed" };
      const [issuedMs = "", salt = "", sig = ""] = nonce.split(".");
      if (!/^\d+$/.test(issuedMs) || !/^[0-9a-f]+$/.test(salt) || !safeEqual(sig, sign(`${issuedMs}.${salt}`))) return { ok: false, reason: "bad_nonce" };
      if (now() - Number(issuedMs) > nonceTtlMs) return { ok: false, reason: "stale_nonce", stale: true };
      const qop = f.get("qop");
      if (qop !== undefined && qop !== "auth") return { ok: false, reason: "malformed" };
      const ncText = f.get("nc");
      if (qop && (!ncText || !/^[0-9a-fA-F]{8}$/.test(ncText) || !f.get("cnonce"))) return { ok: false, reason: "malformed" };
      const password = passwordFor(username);
      if (password === null) return { ok: false, reason: "unknown_user" };
      const expected = digestResponse({
        username, realm, password, method, uri, nonce, nc: f.get("nc"), cnonce: f.get("cnonce"), qop,
      });
      if (!safeEqual(response.toLowerCase(), expected)) return { ok: false, reason: "wrong_response" };
      if (qop && ncText) {
        const nc = parseInt(ncText, 16);
        const seen = lastNc.get(nonce);
        if (seen && nc <= seen.nc) return { ok: false, reason: "replayed_nc" };
        if (!seen && lastNc.size >= MAX_TRACKED_NONCES) forgetExpired();
        lastNc.set(nonce, { nc, issuedMs: Number(issuedMs) });
      }
      return { ok: true, username };
    },
  };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
