import pg from "pg";

/**
 * A pg.Pool for our own raw-SQL paths (event log appender, history indexer). A pooled connection
 * that drops while idle (a PostgreSQL restart, an administrator's termination) is discarded by
 * the pool and the next query opens a new one; the pool reports it as an "error" event, which
 * without a listener is an uncaught exception that would end the server.
 */
export function createPgPool(connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString, max });
  pool.on("error", () => undefined);
  return pool;
}
