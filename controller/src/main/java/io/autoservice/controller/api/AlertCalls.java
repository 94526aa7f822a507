package io.autoservice.controller.api;

import io.autoservice.common.wire.WireMapper;
import io.autoservice.controller.auth.Caller;
import io.autoservice.controller.limits.WireLimits;
import io.autoservice.controller.model.Alert;
import io.autoservice.controller.model.AlertFilter;
import io.autoservice.controller.model.Refusal;
import io.autoservice.controller.store.AlertStore;
import io.autoservice.proto.v1.AcknowledgeAlertRequest;
import io.autoservice.proto.v1.AcknowledgeAlertResponse;
import io.autoservice.proto.v1.AlertState;
import io.autoservice.proto.v1.ListAlertsRequest;
import io.autoservice.proto.v1.ListAlertsResponse;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * ListAlerts and AcknowledgeAlert: the alerts the rules raised, as a technician pages through them
 * and acknowledges them (who, when, a note; audited).
 */
final class AlertCalls {
  static final String ACK = "alert_ack";
  static final int MAX_NOTE = 500;
  private static final int MAX_ID_TEXT = 200;

  private final AlertStore store;
  private final AuditTrail trail;
  private final Clock clock;

  AlertCalls(AlertStore store, AuditTrail trail, Clock clock) {
    this.store = store;
    this.trail = trail;
    this.clock = clock;
  }

  ListAlertsResponse list(ListAlertsRequest req) throws Refusal {
    Set<Alert.State> states = EnumSet.noneOf(Alert.State.class);
    for (AlertState s : req.getStatesList()) {
      switch (s) {
        case ALERT_STATE_OPEN -> states.add(Alert.State.OPEN);
        case ALERT_STATE_ACKED -> states.add(Alert.State.ACKED);
        case ALERT_STATE_RESOLVED -> states.add(Alert.State.RESOLVED);
        default -> throw Refusal.invalid("states: unknown state " + s.getNumber());
      }
    }
    if (states.isEmpty()) {
      states = EnumSet.of(Alert.State.OPEN, Alert.State.ACKED);
    }
    AlertFilter f =
        new AlertFilter(
            states,
            text("agent_id", req.getAgentId()),
            text("rule", req.getRule()),
            req.hasSince() ? WireLimits.instant("since", req.getSince()) : null,
            req.getBeforeId(),
            (int) Math.min(req.getLimit(), AlertFilter.MAX_LIMIT));
    List<Alert> page = store.list(f);
    ListAlertsResponse.Builder b = ListAlertsResponse.newBuilder().setOpenCount(store.openCount());
    page.forEach(a -> b.addAlerts(wire(a)));
    if (page.size() == f.limit()) {
      b.setNextBeforeId(page.get(page.size() - 1).id());
    }
    return b.build();
  }

  AcknowledgeAlertResponse acknowledge(AcknowledgeAlertRequest req) throws Refusal {
    if (req.getId() <= 0) {
      throw Refusal.invalid("id: expected an alert id but got " + req.getId());
    }
    String note = req.getNote().strip();
    if (note.length() > MAX_NOTE) {
      throw Refusal.invalid("note: at most " + MAX_NOTE + " characters, got " + note.length());
    }
    Caller who = Caller.current();
    Alert before =
        store.find(req.getId()).orElseThrow(() -> Refusal.notFound("no alert " + req.getId()));
    if (before.state() == Alert.State.RESOLVED) {
      throw Refusal.failedPrecondition(
          "alert "
              + before.id()
              + " resolved at "
              + before.resolvedAt()
              + "; nothing to acknowledge");
    }
    Alert after =
        store
            .acknowledge(before.id(), who.name(), note.isEmpty() ? null : note, clock.instant())
            .orElseThrow(() -> Refusal.notFound("no alert " + req.getId()));
    if (before.state() == Alert.State.OPEN) {
      trail.append(
          who,
          ACK,
          "alert " + after.id(),
          after.rule()
              + " on "
              + (after.hostname() == null ? "" : after.hostname() + " ")
              + "("
              + after.agentId()
              + ")"
              + (note.isEmpty() ? "" : "; note: " + note),
          null);
    }
    return AcknowledgeAlertResponse.newBuilder().setAlert(wire(after)).build();
  }

  private static String text(String key, String v) throws Refusal {
    if (v.isEmpty()) {
      return null;
    }
    if (v.length() > MAX_ID_TEXT) {
      throw Refusal.invalid(key + ": at most " + MAX_ID_TEXT + " characters, got " + v.length());
    }
    return v;
  }

  static io.autoservice.proto.v1.Alert wire(Alert a) {
    io.autoservice.proto.v1.Alert.Builder b =
        io.autoservice.proto.v1.Alert.newBuilder()
            .setId(a.id())
            .setRule(a.rule())
            .setAgentId(a.agentId())
            .setHostname(nz(a.hostname()))
            .setSubject(nz(a.subject()))
            .setSeverity(nz(a.severity()))
            .setMessage(nz(a.message()))
            .setRunId(nz(a.runId()))
            .setState(
                switch (a.state()) {
                  case OPEN -> AlertState.ALERT_STATE_OPEN;
                  case ACKED -> AlertState.ALERT_STATE_ACKED;
                  case RESOLVED -> AlertState.ALERT_STATE_RESOLVED;
                })
            .setAckedBy(nz(a.ackedBy()))
            .setAckNote(nz(a.ackNote()));
    if (a.raisedAt() != null) {
      b.setRaisedAt(WireMapper.toProto(a.raisedAt()));
    }
    if (a.ackedAt() != null) {
      b.setAckedAt(WireMapper.toProto(a.ackedAt()));
    }
    if (a.resolvedAt() != null) {
      b.setResolvedAt(WireMapper.toProto(a.resolvedAt()));
    }
    return b.build();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
