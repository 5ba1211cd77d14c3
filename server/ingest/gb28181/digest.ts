import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { splitCommaList } from "./sip-message";

// HTTP Digest for SIP REGISTER (RFC 3261 §22.4, RFC 2617 §3.2, RFC 7616): MD5 with qop=auth,
// the scheme GB/T 28181-2016 §9.1.2 prescribes for device registration. The platform issues
// nonces it remembers (with their expiry and the highest nonce-count seen) so a nonce cannot
// be used after it expires and a captured Authorization cannot be replayed with an old nc.

export const md5Hex = (s: string): string => createHash("md5").update(s, "utf8").digest("hex");

export type DigestParams = Record<string, string>;

/** `Digest a="b", c=d` → { a: "b", c: "d" } (names lower-cased), or null if not Digest. */
export function parseDigestHeader(value: string): DigestParams | null {
  const m = /^\s*Digest\s+(.*)$/is.exec(value);
  if (!m) return null;
  const out: DigestParams = {};
  for (const part of splitCommaList(m[1]!)) {
    const eq = part.indexOf("=");
    if (eq <= 0) return null;
    const raw = part.slice(eq + 1).trim();
    out[part.slice(0, eq).trim().toLowerCase()] = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, "$1") : raw;
  }
  return out;
}

/** RFC 2617 §3.2.2.1: request-digest, with or without qop. */
export function digestResponse(p: {
  username: string; realm: string; password: string; method: string; uri: string;
  nonce: string; qop?: string; nc?: string; cnonce?: string;
}): string {
  const ha1 = md5Hex(`${p.username}:${p.realm}:${p.password}`);
  const ha2 = md5Hex(`${p.method}:${p.uri}`);
  return p.qop
    ? md5Hex(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`)
    : md5Hex(`${ha1}:${p.nonce}:${ha2}`);
}

export type DigestVerdict =
  | { ok: true; username: string }
  /** 400: the credentials cannot be read. */
  | { ok: false; status: 400; reason: string }
  /** 401 again with a fresh nonce (stale=true when the nonce merely expired). */
  | { ok: false; status: 401; reason: string; stale: boolean }
  /** 403: well-formed credentials that do not match. */
  | { ok: false; status: 403; reason: string };

export interface DigestAuthority {
  challenge(stale?: boolean): string;
  verify(authorization: string, method: string, expectedUser: string | null): DigestVerdict;
}

interface NonceState {
  expiresAtMs: number;
  lastNc: number;
}

export function createDigestAuthority(opts: {
  realm: string;
  passwordFor(username: string): string | null;
  nonceTtlMs: number;
  nowMs: () => number;
}): DigestAuthority {
  const nonces = new Map<string, NonceState>();
  const opaque = randomBytes(8).toString("hex");

  function sweep(now: number): void {
    for (const [n, s] of nonces) if (s.expiresAtMs <= now) nonces.delete(n);
  }

  return {
    challenge(stale = false) {
      const now = opts.nowMs();
      if (nonces.size > 10_000) sweep(now);
      const nonce = randomBytes(16).toString("hex");
      nonces.set(nonce, { expiresAtMs: now + opts.nonceTtlMs, lastNc: 0 });
      return `Digest realm="${opts.realm}", nonce="${nonce}", opaque="${opaque}", algorithm=MD5, qop="auth"${stale ? ", stale=true" : ""}`;
    },

    verify(authorization, method, expectedUser) {
      const p = parseDigestHeader(authorization);
      if (!p) return { ok: false, status: 400, reason: "bad_authorization: not a Digest credential" };
      const { username, realm, nonce, uri, response } = p;
      if (!username || !realm || !nonce || !uri || !response) {
        return { ok: false, status: 400, reason: "bad_authorization: missing username, realm, nonce, uri or response" };
      }
      if (p.algorithm && p.algorithm.toUpperCase() !== "MD5") return { ok: false, status: 403, reason: `bad_authorization: algorithm ${p.algorithm}` };
      if (realm !== opts.realm) return { ok: false, status: 403, reason: `wrong_digest: realm "${realm}"` };
      if (expectedUser !== null && username !== expectedUser) return { ok: false, status: 403, reason: `wrong_digest: username ${username} is not the From user ${expectedUser}` };
      if (p.opaque !== undefined && p.opaque !== opaque) return { ok: false, status: 401, reason: "stale_nonce: opaque from another server", stale: true };
      const state = nonces.get(nonce);
      const now = opts.nowMs();
      if (!state || state.expiresAtMs <= now) {
        nonces.delete(nonce);
        return { ok: false, status: 401, reason: "stale_nonce: unknown or expired nonce", stale: true };
      }
      let nc = 0;
      if (p.qop !== undefined) {
        if (p.qop !== "auth") return { ok: false, status: 400, reason: `bad_authorization: qop ${p.qop}` };
        if (!p.nc || !/^[0-9a-fA-F]{8}$/.test(p.nc) || !p.cnonce) return { ok: false, status: 400, reason: "bad_authorization: qop=auth needs nc (8 hex) and cnonce" };
        nc = parseInt(p.nc, 16);
        // RFC 2617 §3.2.2: a repeated or decreasing nonce-count is a replay.
        if (nc <= state.lastNc) return { ok: false, status: 401, reason: "stale_nonce: nonce-count replayed", stale: true };
      }
      const password = opts.passwordFor(username);
      if (password === null) return { ok: false, status: 403, reason: `wrong_digest: no password for ${username}` };
      const expected = digestResponse({ username, realm, password, method, uri, nonce, qop: p.qop, nc: p.nc, cnonce: p.cnonce });
      const given = Buffer.from(response.toLowerCase().padEnd(32, "0").slice(0, 32));
      if (response.length !== 32 || !timingSafeEqual(given, Buffer.from(expected))) {
        return { ok: false, status: 403, reason: `wrong_digest: response for ${username} does not match` };
      }
      // Without qop (RFC 2069 compatibility) there is no nc to detect replays: single-use nonce.
      if (p.qop !== undefined) state.lastNc = nc;
      else nonces.delete(nonce);
      return { ok: true, username };
    },
  };
}
