// JSON columns read back into plain objects: a stored attribute/data column that is not a JSON
// object (null, an array, garbage written by an old version) reads as {}, never throws.

export function parseJsonObject(json: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
