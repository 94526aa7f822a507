package io.autoservice.console.view;

import io.autoservice.common.wire.WireMapper;
import io.autoservice.proto.v1.Alert;
import io.autoservice.proto.v1.AlertState;
import io.autoservice.proto.v1.ListAlertsRequest;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One alert as the console shows it (the wire's {@code Alert}).
 *
 * @param state {@code open}, {@code acked} or {@code resolved}
 */
public record AlertRow(
    long id,
    String rule,
    String agentId,
    String hostname,
    String subject,
    String severity,
    String message,
    String runId,
    String state,
    Instant raisedAt,
    Instant ackedAt,
    String ackedBy,
    String ackNote,
    Instant resolvedAt) {

  /**
   * Which alerts to list.
   *
   * @param states {@code open}, {@code acked}, {@code resolved}; empty: open and acked
   * @param limit at most this many (0: the controller's default, 100; at most 500)
   */
  public record Query(List<String> states, String agentId, String rule, Instant since, int limit) {
    public ListAlertsRequest toProto() {
      ListAlertsRequest.Builder b = ListAlertsRequest.newBuilder().setLimit(Math.max(0, limit));
      for (String s : states) {
        b.addStates(
            switch (s) {
              case "open" -> AlertState.ALERT_STATE_OPEN;
              case "acked" -> AlertState.ALERT_STATE_ACKED;
              case "resolved" -> AlertState.ALERT_STATE_RESOLVED;
              default -> throw new IllegalArgumentException("state: " + s);
            });
      }
      if (agentId != null) {
        b.setAgentId(agentId);
      }
      if (rule != null) {
        b.setRule(rule);
      }
      if (since != null) {
        b.setSince(WireMapper.toProto(since));
      }
      return b.build();
    }
  }

  /** A page of alerts and how many are open on the whole fleet. */
  public record Page(List<AlertRow> alerts, int openCount) {}

  public static AlertRow from(Alert a) {
    return new AlertRow(
        a.getId(),
        a.getRule(),
        a.getAgentId(),
        a.getHostname(),
        a.getSubject(),
        a.getSeverity(),
        a.getMessage(),
        a.getRunId(),
        switch (a.getState()) {
          case ALERT_STATE_OPEN -> "open";
          case ALERT_STATE_ACKED -> "acked";
          case ALERT_STATE_RESOLVED -> "resolved";
          default -> a.getState().name().toLowerCase(Locale.ROOT);
        },
        a.hasRaisedAt() ? WireMapper.fromProto(a.getRaisedAt()) : null,
        a.hasAckedAt() ? WireMapper.fromProto(a.getAckedAt()) : null,
        a.getAckedBy(),
        a.getAckNote(),
        a.hasResolvedAt() ? WireMapper.fromProto(a.getResolvedAt()) : null);
  }
}
