package io.autoservice.controller.model;

import static java.util.Objects.requireNonNull;

import io.autoservice.common.plan.Plan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A schedule as stored: a plan fired on a recurrence (a cron expression read in a time zone, or
 * "every N hours/days" from its creation) at a target resolved at each occurrence.
 *
 * @param cron a UNIX cron expression, or null when {@code every} is set
 * @param every "6h" or "2d", or null when {@code cron} is set
 * @param deadline how long each run may wait for its agent; zero: the controller's default
 * @param catchUp how long after an occurrence a PC that was offline or outside its window may still
 *     start it
 * @param jitter starts are spread over [occurrence, occurrence + jitter)
 * @param lastOccurrence the newest occurrence materialised (or the creation or resume time)
 */
public record ScheduleRecord(
    String scheduleId,
    String name,
    Plan plan,
    Target target,
    String cron,
    String timeZone,
    String every,
    Duration deadline,
    Duration catchUp,
    Duration jitter,
    boolean force,
    boolean enabled,
    String createdBy,
    Instant createdAt,
    Instant lastOccurrence) {

  public ScheduleRecord {
    requireNonNull(scheduleId, "scheduleId");
    requireNonNull(name, "name");
    requireNonNull(plan, "plan");
    requireNonNull(target, "target");
    requireNonNull(timeZone, "timeZone");
  }

  /** Who a schedule's occurrences go to: agent ids, a label selector, or every agent. */
  public record Target(Kind kind, List<String> agentIds, Map<String, String> labels) {
    public enum Kind {
      AGENTS,
      LABELS,
      ALL
    }

    public Target {
      requireNonNull(kind, "kind");
      agentIds = List.copyOf(agentIds);
      labels = Map.copyOf(labels);
    }

    public static Target agents(List<String> ids) {
      return new Target(Kind.AGENTS, ids, Map.of());
    }

    public static Target labels(Map<String, String> labels) {
      return new Target(Kind.LABELS, List.of(), labels);
    }

    public static Target all() {
      return new Target(Kind.ALL, List.of(), Map.of());
    }
  }

  public ScheduleRecord withEnabled(boolean on, Instant last) {
    return new ScheduleRecord(
        scheduleId,
        name,
        plan,
        target,
        cron,
        timeZone,
        every,
        deadline,
        catchUp,
        jitter,
        force,
        on,
        createdBy,
        createdAt,
        last);
  }
}
