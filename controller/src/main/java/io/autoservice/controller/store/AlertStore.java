package io.autoservice.controller.store;

import io.autoservice.controller.model.Alert;
import io.autoservice.controller.model.AlertDelivery;
import io.autoservice.controller.model.AlertFilter;
import io.autoservice.controller.model.AlertFinding;
import io.autoservice.controller.model.AlertScope;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Alerts, the runs the rules have evaluated, and the notifications still to send. An alert is open
 * at most once per (rule, agent, subject): the schema enforces it, so two replicas evaluating the
 * same condition raise it once.
 */
public interface AlertStore {

  /** What one evaluation changed; {@link #ALREADY} when its run had been evaluated before. */
  record Applied(boolean evaluated, List<Alert> raised, List<Alert> resolved) {
    public static final Applied ALREADY = new Applied(false, List.of(), List.of());
  }

  /**
   * In one transaction: marks {@code runId} evaluated (unless null: a fleet evaluation), raises
   * each finding not open already, resolves what the scopes looked at and did not find again, and
   * queues a notification on each of {@code channels} for every alert raised (and resolved, when
   * {@code notifyResolved}). Does nothing when the run was evaluated before.
   */
  Applied apply(
      String runId,
      Instant now,
      List<AlertFinding> findings,
      List<AlertScope> scopes,
      List<String> channels,
      boolean notifyResolved);

  /** Alerts matching the filter, newest first; a row that does not read is skipped. */
  List<Alert> list(AlertFilter filter);

  Optional<Alert> find(long id);

  /** Open alerts, all PCs (what the web console's nav shows). */
  int openCount();

  /**
   * Acknowledges an open alert; an alert acknowledged or resolved before is returned unchanged.
   * Empty when there is no such alert.
   */
  Optional<Alert> acknowledge(long id, String by, String note, Instant at);

  /** Finished runs since a time that no evaluation has marked, oldest first (ids only). */
  List<String> unevaluated(Instant since, int limit);

  /** Forgets the marks older than {@code before} (runs beyond the catch-up window). */
  int pruneEvaluated(Instant before);

  /**
   * Deletes up to {@code limit} alerts resolved before {@code before}, with their notification rows
   * (open and acknowledged alerts stay, however old); how many alerts.
   */
  int pruneResolved(Instant before, int limit);

  /** Pending notifications of a channel due at {@code now}, oldest first. */
  List<AlertDelivery> due(String channel, Instant now, int limit);

  /**
   * Takes a due notification for this sender until {@code leaseUntil}: false when another sender
   * (another replica) took it first.
   */
  boolean claim(AlertDelivery d, Instant leaseUntil);

  void delivered(long deliveryId);

  /** A failed try: again at {@code nextAt}, or never (state failed) when {@code nextAt} is null. */
  void failedAttempt(long deliveryId, int attempts, Instant nextAt, String error);

  /** The delivery states of an alert's notifications, {@code channel/event=state(attempts)}. */
  List<String> deliveryStates(long alertId);
}
