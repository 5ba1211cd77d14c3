import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { PrismaClient as PgPrismaClient } from "./generated-pg/client";

export type Provider = "sqlite" | "postgresql";

/** One Prisma client per process (STYLE: one client). SQLite by default, PostgreSQL by URL. */
export interface Db {
  prisma: PrismaClient;
  provider: Provider;
  url: string;
  close(): Promise<void>;
}

export function providerOf(url: string): Provider {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error(`Unsupported DATABASE_URL "${redactUrl(url)}": use file:<path> or postgres://…`);
}

export function sqlitePath(url: string): string {
  return url.slice("file:".length);
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

/** The provider of each client createDb made: raw SQL (placeholders, types) depends on it. */
const clientProviders = new WeakMap<object, Provider>();

export function providerOfClient(prisma: PrismaClient): Provider {
  const provider = clientProviders.get(prisma);
  if (!provider) throw new Error("Invariant: Prisma client was not created by createDb");
  return provider;
}

export function createDb(url: string): Db {
  const provider = providerOf(url);
  if (provider === "sqlite") {
    const path = sqlitePath(url);
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    // WAL is set persistently by the migrator; busy timeout lets the CLI and server share the file.
    const adapter = new PrismaBetterSqlite3({ url: path, timeout: 10_000 });
    const prisma = new PrismaClient({ adapter });
    clientProviders.set(prisma, provider);
    return { prisma, provider, url, close: () => prisma.$disconnect() };
  }
  const adapter = new PrismaPg({ connectionString: url, max: 10 });
  // The PostgreSQL client is generated from the same schema with only the provider swapped
  // (scripts/prisma-generate.mjs), so its model API is the SQLite client's; TypeScript cannot
  // see that the two generated classes are the same shape, hence the one cast.
  const prisma = new PgPrismaClient({ adapter }) as unknown as PrismaClient;
  clientProviders.set(prisma, provider);
  return { prisma, provider, url, close: () => prisma.$disconnect() };
}
