package io.autoservice.console.view;

import io.autoservice.common.plan.Plan;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.proto.v1.CreateScheduleRequest;
import io.autoservice.proto.v1.DeliveryState;
import io.autoservice.proto.v1.MaintenanceWindow;
import io.autoservice.proto.v1.Schedule;
import io.autoservice.proto.v1.ScheduleDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Schedules, their per-PC deliveries and maintenance windows, as the console shows them. */
public final class ScheduleRows {
  private ScheduleRows() {}

  /** A schedule. {@code next} is null when paused. */
  public record ScheduleRow(
      String name,
      boolean enabled,
      String recurrence,
      String target,
      Instant next,
      Instant last,
      Duration catchUp,
      Duration jitter,
      Duration deadline,
      String createdBy,
      int tasks) {
    static ScheduleRow from(Schedule s) {
      String recurrence =
          s.getCron().isEmpty()
              ? "every " + s.getEvery()
              : "cron \"" + s.getCron() + "\" " + s.getTimeZone();
      String target =
          s.getAgentIdsCount() > 0
              ? "agents " + String.join(",", s.getAgentIdsList())
              : s.getLabelsCount() > 0 ? "labels " + labels(s.getLabelsMap()) : "all";
      return new ScheduleRow(
          s.getName(),
          s.getEnabled(),
          recurrence,
          target,
          s.hasNextOccurrence() ? WireMapper.fromProto(s.getNextOccurrence()) : null,
          s.hasLastOccurrence() ? WireMapper.fromProto(s.getLastOccurrence()) : null,
          Duration.ofSeconds(s.getCatchUpSeconds()),
          Duration.ofSeconds(s.getJitterSeconds()),
          Duration.ofSeconds(s.getDeliveryDeadlineSeconds()),
          s.getCreatedBy(),
          s.getPlan().getTasksCount());
    }

    public static ScheduleRow of(Schedule s) {
      return from(s);
    }
  }

  /** One PC's part of one occurrence. */
  public record DeliveryRow(
      Instant occurrence,
      String agentId,
      String hostname,
      String state,
      String runId,
      String reason,
      Instant startAt,
      String kind) {
    /** Deliveries, then one row per occurrence that reached no PC (state "none", the note why). */
    public static List<DeliveryRow> all(io.autoservice.proto.v1.ListScheduleOccurrencesResponse r) {
      List<DeliveryRow> out = new java.util.ArrayList<>();
      r.getDeliveriesList().forEach(d -> out.add(from(d)));
      for (var e : r.getEmptyList()) {
        Instant t = WireMapper.fromProto(e.getOccurrence());
        out.add(new DeliveryRow(t, "", "", "none", "", e.getNote(), t, ""));
      }
      return out;
    }

    public static DeliveryRow from(ScheduleDelivery d) {
      return new DeliveryRow(
          WireMapper.fromProto(d.getOccurrence()),
          d.getAgentId(),
          d.getHostname(),
          d.getState() == DeliveryState.DELIVERY_STATE_DISPATCHED
              ? "dispatched"
              : d.getState() == DeliveryState.DELIVERY_STATE_MISSED ? "missed" : "waiting",
          d.getRunId(),
          d.getReason(),
          WireMapper.fromProto(d.getStartAt()),
          d.getKind());
    }
  }

  /** A label's maintenance window. */
  public record WindowRow(
      String label, String days, String from, String to, String zone, String updatedBy) {
    public static WindowRow from(MaintenanceWindow w) {
      return new WindowRow(
          w.getLabelKey() + "=" + w.getLabelValue(),
          String.join(",", w.getDaysList()),
          w.getFrom(),
          w.getTo(),
          w.getTimeZone(),
          w.getUpdatedBy());
    }
  }

  /** What {@code schedules create} asks for; null durations leave the controller's defaults. */
  public record NewSchedule(
      String name,
      Plan plan,
      DispatchTarget target,
      String cron,
      String timeZone,
      String every,
      Duration deadline,
      Duration catchUp,
      Duration jitter,
      boolean force,
      boolean paused) {
    public CreateScheduleRequest request() {
      Schedule.Builder s =
          Schedule.newBuilder()
              .setName(name)
              .setPlan(WireMapper.toProto(plan))
              .setCron(cron == null ? "" : cron)
              .setTimeZone(timeZone == null ? "" : timeZone)
              .setEvery(every == null ? "" : every)
              .setForce(force);
      if (target instanceof DispatchTarget.Agents a) {
        s.addAllAgentIds(a.ids());
      } else if (target instanceof DispatchTarget.Labels l) {
        s.putAllLabels(l.labels());
      } else {
        s.setAll(true);
      }
      if (deadline != null) {
        s.setDeliveryDeadlineSeconds(deadline.toSeconds());
      }
      if (catchUp != null) {
        s.setCatchUpSeconds(catchUp.toSeconds());
      }
      if (jitter != null) {
        s.setJitterSeconds(jitter.toSeconds());
      }
      return CreateScheduleRequest.newBuilder().setSchedule(s).setPaused(paused).build();
    }
  }

  static String labels(Map<String, String> labels) {
    StringBuilder b = new StringBuilder();
    new TreeMap<>(labels)
        .forEach((k, v) -> b.append(b.length() == 0 ? "" : ",").append(k).append('=').append(v));
    return b.toString();
  }

  /** A list of rows from a list of protos. */
  public static <P, R> List<R> map(List<P> in, java.util.function.Function<P, R> f) {
    return in.stream().map(f).toList();
  }
}
