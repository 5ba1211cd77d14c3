// A small Prometheus text-format registry (exposition format 0.0.4) for /metrics.
// Counters only go up; gauges are set. Labels are a flat string map.

type Labels = Record<string, string>;

export interface Counter {
  inc(labels?: Labels, by?: number): void;
  get(labels?: Labels): number;
}
export interface Gauge {
  set(value: number, labels?: Labels): void;
  get(labels?: Labels): number;
}

export interface Metrics {
  counter(name: string, help: string): Counter;
  gauge(name: string, help: string): Gauge;
  /** Prometheus text exposition of every metric. */
  render(): string;
}

interface Family {
  type: "counter" | "gauge";
  help: string;
  values: Map<string, number>;
}

const NEEDS_ESCAPE = /[\\"\n]/;
const escapeValue = (v: string) => (NEEDS_ESCAPE.test(v) ? v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n") : v);

// Called on every counted message, so the common shapes (no labels, one label) skip the sort.
const labelKey = (labels?: Labels): string => {
  if (!labels) return "";
  const keys = Object.keys(labels);
  if (keys.length === 1) return `${keys[0]}="${escapeValue(labels[keys[0]!]!)}"`;
  return keys
    .sort()
    .map((k) => `${k}="${escapeValue(labels[k]!)}"`)
    .join(",");
};

export function createMetrics(): Metrics {
  const families = new Map<string, Family>();
  const family = (name: string, type: Family["type"], help: string): Family => {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) throw new Error(`Invariant: bad metric name ${name}`);
    let f = families.get(name);
    if (!f) families.set(name, (f = { type, help, values: new Map() }));
    if (f.type !== type) throw new Error(`Invariant: metric ${name} registered as ${f.type}`);
    return f;
  };
  return {
    counter(name, help) {
      const f = family(name, "counter", help);
      return {
        inc: (labels, by = 1) => {
          const k = labelKey(labels);
          f.values.set(k, (f.values.get(k) ?? 0) + by);
        },
        get: (labels) => f.values.get(labelKey(labels)) ?? 0,
      };
    },
    gauge(name, help) {
      const f = family(name, "gauge", help);
      return {
        set: (value, labels) => void f.values.set(labelKey(labels), value),
        get: (labels) => f.values.get(labelKey(labels)) ?? 0,
      };
    },
    render() {
      const out: string[] = [];
      for (const [name, f] of families) {
        out.push(`# HELP ${name} ${f.help}`, `# TYPE ${name} ${f.type}`);
        for (const [k, v] of f.values) out.push(`${name}${k ? `{${k}}` : ""} ${v}`);
      }
      return out.join("\n") + "\n";
    },
  };
}
