import type { Metrics } from "../../observability/metrics";

// Counters exposed at /metrics. Refusal reasons: topic, json, schema, family, unknown_device,
// campus_mismatch, oversized.

export function createMqttMetrics(m: Metrics) {
  return {
    messages: m.counter("campustwin_mqtt_messages_total", "MQTT publishes received on device topics, by family"),
    events: m.counter("campustwin_mqtt_events_total", "Canonical events committed from MQTT messages, by kind"),
    duplicates: m.counter("campustwin_mqtt_duplicates_total", "MQTT redeliveries recognised as already stored"),
    refused: m.counter("campustwin_mqtt_refused_total", "MQTT messages dead-lettered, by reason"),
    commitErrors: m.counter("campustwin_mqtt_commit_errors_total", "MQTT messages not acknowledged because the commit failed"),
    authFailures: m.counter("campustwin_mqtt_auth_failures_total", "MQTT CONNECTs refused by device authentication"),
    publishDenied: m.counter("campustwin_mqtt_publish_denied_total", "Publishes refused because the client may not use the topic"),
    clients: m.gauge("campustwin_mqtt_clients", "Clients connected to the embedded broker"),
  };
}

export type MqttMetrics = ReturnType<typeof createMqttMetrics>;
