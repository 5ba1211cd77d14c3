import type { ServerResponse } from "node:http";
import type { Db } from "../store/db";

// GET /healthz: 200 when the database answers, 503 otherwise. Load balancers and the
// start-up script poll it; the body says which part is unwell.

export async function writeHealth(res: ServerResponse, deps: { db: Db; startedAt: Date; ports: Record<string, number> }): Promise<void> {
  let database = "ok";
  try {
    await deps.db.prisma.campus.count();
  } catch (err) {
    database = `error: ${(err as Error).message.split("\n")[0]}`;
  }
  const ok = database === "ok";
  res.writeHead(ok ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify({
    status: ok ? "ok" : "degraded",
    database,
    provider: deps.db.provider,
    uptimeS: Math.round((Date.now() - deps.startedAt.getTime()) / 1000),
    ports: deps.ports,
  }));
}
