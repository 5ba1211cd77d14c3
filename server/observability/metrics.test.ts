import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createMetrics } from "./metrics";

describe("metrics: Prometheus text exposition", () => {
  it("counts per label set, whatever the key order, and escapes label values", () => {
    const m = createMetrics();
    const c = m.counter("campustwin_test_total", "Test counter.");
    c.inc();
    c.inc(undefined, 2);
    c.inc({ reason: 'bad "quote"\nline\\' });
    c.inc({ b: "2", a: "1" });
    c.inc({ a: "1", b: "2" }, 4);
    assert.equal(c.get(), 3);
    assert.equal(c.get({}), 3);
    assert.equal(c.get({ a: "1", b: "2" }), 5);
    const text = m.render();
    assert.match(text, /^campustwin_test_total 3$/m);
    assert.match(text, /^campustwin_test_total\{reason="bad \\"quote\\"\\nline\\\\"\} 1$/m);
    assert.match(text, /^campustwin_test_total\{a="1",b="2"\} 5$/m);
  });
});
