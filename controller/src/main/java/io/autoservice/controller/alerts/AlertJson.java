package io.autoservice.controller.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import io.autoservice.controller.model.Alert;
import java.time.Instant;

/** An alert as the webhook's JSON body (and the console's {@code --json}). */
final class AlertJson {
  private AlertJson() {}

  static ObjectNode of(Alert a, String event) {
    ObjectNode n = Json.object();
    n.put("event", event);
    n.put("id", a.id());
    n.put("rule", a.rule());
    n.put("state", a.state().wireName());
    n.put("severity", a.severity());
    n.put("agent_id", a.agentId());
    n.put("hostname", a.hostname());
    n.put("subject", a.subject());
    n.put("message", a.message());
    n.put("run_id", a.runId());
    n.put("raised_at", text(a.raisedAt()));
    n.put("acked_at", text(a.ackedAt()));
    n.put("acked_by", a.ackedBy());
    n.put("resolved_at", text(a.resolvedAt()));
    return n;
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }
}
