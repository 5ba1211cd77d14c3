// Structured logs: one JSON object per line on stdout (stderr for warn/error).

export type LogLevel = "debug" | "info" | "warn" | "error";
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export function createLogger(
  level: LogLevel = "info",
  base: Record<string, unknown> = {},
  write: (level: LogLevel, line: string) => void = defaultWrite,
): Logger {
  const emit = (l: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[l] < ORDER[level]) return;
    write(l, JSON.stringify({ time: new Date().toISOString(), level: l, msg, ...base, ...fields }));
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    child: (fields) => createLogger(level, { ...base, ...fields }, write),
  };
}

function defaultWrite(level: LogLevel, line: string): void {
  (ORDER[level] >= ORDER.warn ? process.stderr : process.stdout).write(line + "\n");
}

/** A logger that drops everything: for tests and benchmarks. */
export const silentLogger: Logger = createLogger("error", {}, () => undefined);
