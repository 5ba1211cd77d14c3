import { SESSION_COOKIE } from "../contracts/auth";

// Cookie header parsing and the session cookie (RFC 6265). httpOnly so page scripts never see
// the token; SameSite=Strict so no other site can make the browser send it (CSRF, and
// cross-site WebSocket hijacking of the Socket.IO handshake).

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1");
    try {
      if (!out.has(name)) out.set(name, decodeURIComponent(raw));
    } catch {
      // a malformed escape is ignored, like browsers do
    }
  }
  return out;
}

export function sessionTokenFrom(header: string | undefined): string | null {
  return parseCookies(header).get(SESSION_COOKIE) ?? null;
}

export function sessionCookie(token: string, opts: { maxAgeS: number; secure: boolean }): string {
  const attrs = [`${SESSION_COOKIE}=${token}`, "Path=/", "HttpOnly", "SameSite=Strict", `Max-Age=${opts.maxAgeS}`];
  if (opts.secure) attrs.push("Secure");
  return attrs.join("; ");
}

export function clearedSessionCookie(opts: { secure: boolean }): string {
  return sessionCookie("", { maxAgeS: 0, secure: opts.secure });
}
