import assert from "node:assert/strict";

// tRPC over plain HTTP for end-to-end suites: what a test sets up or reads through the API
// while the browser shows it. `cookie` is the session from apiLogin (support/login.ts).

export async function trpcQuery<T>(baseUrl: string, cookie: string, path: string, input?: unknown): Promise<T> {
  const qs = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const res = await fetch(`${baseUrl}/api/trpc/${path}${qs}`, { headers: { cookie } });
  assert.equal(res.status, 200, `${path} answered ${res.status}`);
  return ((await res.json()) as { result: { data: T } }).result.data;
}

export async function trpcMutation<T>(baseUrl: string, cookie: string, path: string, input: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}/api/trpc/${path}`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify(input) });
  assert.equal(res.status, 200, `${path} answered ${res.status}: ${await res.clone().text()}`);
  return ((await res.json()) as { result: { data: T } }).result.data;
}
