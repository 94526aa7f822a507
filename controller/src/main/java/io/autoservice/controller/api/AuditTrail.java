package io.autoservice.controller.api;

import io.autoservice.common.json.Json;
import io.autoservice.common.plan.Plan;
import io.autoservice.controller.auth.AuditLog;
import io.autoservice.controller.auth.Caller;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.store.StoreException;
import io.autoservice.proto.v1.DispatchRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the console service writes to the audit log after a dispatch or a cancel succeeded. The work
 * is already done and persisted when the entry is written, so a failed append cannot undo it: it is
 * logged as an error with the whole entry (the log is then the only record) and the call still
 * succeeds, because failing it would invite the technician to dispatch twice.
 */
final class AuditTrail {
  private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

  private final AuditLog audit;

  AuditTrail(AuditLog audit) {
    this.audit = audit;
  }

  /** The plan's fingerprint: SHA-256 of its canonical JSON, exactly as stored with each run. */
  static String planSha256(Plan plan) {
    return AuditLog.sha256Hex(Json.compact(plan.toJson()));
  }

  void dispatched(Caller who, DispatchRequest req, Plan plan, List<RunRecord> runs) {
    String detail =
        runs.size()
            + (runs.size() == 1 ? " run: " : " runs: ")
            + runs.stream()
                .map(r -> r.runId() + " on " + r.hostname() + " (" + r.agentId() + ")")
                .collect(Collectors.joining(", "))
            + "; tasks: "
            + plan.tasks().stream().map(t -> t.type()).collect(Collectors.joining(", "))
            + (req.getForce() ? "; forced" : "");
    append(who, AuditLog.DISPATCH, target(req), detail, planSha256(plan));
  }

  void cancelled(Caller who, RunRecord run, String reason) {
    append(
        who,
        AuditLog.CANCEL,
        run.runId(),
        "run on "
            + run.hostname()
            + " ("
            + run.agentId()
            + "), now "
            + run.state().name().toLowerCase(Locale.ROOT)
            + (reason == null || reason.isBlank() ? "" : "; reason: " + reason),
        null);
  }

  void append(Caller who, String action, String target, String detail, String planSha256) {
    try {
      audit.append(who, action, target, detail, planSha256);
    } catch (StoreException e) {
      log.error(
          "audit append failed, entry lost from the database: actor={} from={} action={}"
              + " target={} detail={} plan_sha256={}: {}",
          who.name(),
          who.remoteAddr(),
          action,
          target,
          detail,
          planSha256,
          e.getMessage());
    }
  }

  private static String target(DispatchRequest req) {
    return switch (req.getTargetCase()) {
      case AGENT_IDS -> "agents " + String.join(", ", req.getAgentIds().getIdsList());
      case LABELS -> "labels " + labels(req.getLabels().getLabelsMap());
      case ALL -> "all agents";
      default -> "none";
    };
  }

  private static String labels(Map<String, String> labels) {
    return new TreeMap<>(labels)
        .entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(","));
  }
}
