import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createDigestAuth, digestResponse, parseDigestHeader } from "./digest";

// The digest nonce and nonce-count rules at the unit level (the HTTP handshake is tested in
// test/ingest/gat1400-system.test.ts).

const PASSWORD = "pw";
const answer = (challenge: string, nc: string) => {
  const f = parseDigestHeader(challenge)!;
  const p = { username: "cam-1", realm: f.get("realm")!, password: PASSWORD, method: "POST", uri: "/VIID/System/Register", nonce: f.get("nonce")!, nc, cnonce: "abc", qop: "auth" };
  return `Digest username="cam-1", realm="${p.realm}", nonce="${p.nonce}", uri="${p.uri}", qop=auth, nc=${nc}, cnonce="abc", response="${digestResponse(p)}"`;
};

describe("GA/T 1400 digest", () => {
  it("gives two devices challenged in the same millisecond different nonces, and accepts both", () => {
    const auth = createDigestAuth({ realm: "VIID", now: () => 1_790_000_000_000 });
    const a = auth.challenge().header;
    const b = auth.challenge().header;
    assert.notEqual(parseDigestHeader(a)!.get("nonce"), parseDigestHeader(b)!.get("nonce"));
    const verify = (h: string) => auth.verify("POST", "/VIID/System/Register", h, () => PASSWORD);
    assert.deepEqual(verify(answer(a, "00000001")), { ok: true, username: "cam-1" });
    assert.deepEqual(verify(answer(b, "00000001")), { ok: true, username: "cam-1" });
    assert.deepEqual(verify(answer(a, "00000001")), { ok: false, reason: "replayed_nc" });
    assert.deepEqual(verify(answer(a, "00000002")), { ok: true, username: "cam-1" });
  });

  it("refuses a nonce whose salt or signature was altered", () => {
    const auth = createDigestAuth({ realm: "VIID" });
    const nonce = parseDigestHeader(auth.challenge().header)!.get("nonce")!;
    const [ms, salt, sig] = nonce.split(".");
    const forged = `Digest realm="VIID", nonce="${ms}.${salt === "aa" ? "bb" : "aa"}.${sig}"`;
    assert.deepEqual(auth.verify("POST", "/VIID/System/Register", answer(forged, "00000001"), () => PASSWORD), { ok: false, reason: "bad_nonce" });
  });
});
