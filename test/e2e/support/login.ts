import assert from "node:assert/strict";
import type { Browser, BrowserContext } from "playwright-core";

// Logging in for end-to-end suites. The server under test gets its first admin from
// E2E_ADMIN (env ADMIN_USERNAME / ADMIN_PASSWORD); against an external server
// (E2E_BASE_URL) set E2E_USERNAME / E2E_PASSWORD.

export const E2E_ADMIN = {
  username: process.env.E2E_USERNAME ?? "e2e-admin",
  password: process.env.E2E_PASSWORD ?? "e2e-admin-password",
};

/** Env for startServer() so the admin exists. */
export const E2E_SERVER_ENV = { ADMIN_USERNAME: E2E_ADMIN.username, ADMIN_PASSWORD: E2E_ADMIN.password };

/** The session cookie ("ct_session=…") from auth.login over HTTP, for API calls from the test. */
export async function apiLogin(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/trpc/auth.login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(E2E_ADMIN) });
  assert.equal(res.status, 200, `login answered ${res.status}`);
  return (res.headers.get("set-cookie") ?? "").split(";")[0]!;
}

/** A browser context logged in through the login page, as a person would. */
export async function loggedInContext(browser: Browser, baseUrl: string, viewport = { width: 1600, height: 900 }): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login?next=/command`);
  await page.fill('input[name="username"]', E2E_ADMIN.username);
  await page.fill('input[name="password"]', E2E_ADMIN.password);
  await Promise.all([page.waitForURL((url) => url.pathname === "/command"), page.getByTestId("login-submit").click()]);
  await page.close();
  return context;
}
