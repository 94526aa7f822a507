package io.autoservice.controller.api;

import io.autoservice.common.wire.WireMapper;
import io.autoservice.controller.model.DeliveryRecord;
import io.autoservice.controller.model.ScheduleRecord;
import io.autoservice.controller.model.WindowRecord;
import io.autoservice.controller.schedules.Recurrence;
import io.autoservice.controller.schedules.Windows;
import io.autoservice.proto.v1.DeliveryState;
import io.autoservice.proto.v1.MaintenanceWindow;
import io.autoservice.proto.v1.Schedule;
import io.autoservice.proto.v1.ScheduleDelivery;
import java.time.Instant;

/** Schedules, deliveries and windows to their console wire shapes. */
final class ScheduleMapper {
  private ScheduleMapper() {}

  static Schedule schedule(ScheduleRecord s) {
    Schedule.Builder b =
        Schedule.newBuilder()
            .setScheduleId(s.scheduleId())
            .setName(s.name())
            .setPlan(WireMapper.toProto(s.plan()))
            .setTimeZone(s.timeZone())
            .setDeliveryDeadlineSeconds(s.deadline().toSeconds())
            .setCatchUpSeconds(s.catchUp().toSeconds())
            .setJitterSeconds(s.jitter().toSeconds())
            .setForce(s.force())
            .setEnabled(s.enabled())
            .setCreatedBy(s.createdBy())
            .setCreatedAt(WireMapper.toProto(s.createdAt()))
            .setLastOccurrence(WireMapper.toProto(s.lastOccurrence()));
    switch (s.target().kind()) {
      case AGENTS -> b.addAllAgentIds(s.target().agentIds());
      case LABELS -> b.putAllLabels(s.target().labels());
      case ALL -> b.setAll(true);
    }
    if (s.cron() != null) {
      b.setCron(s.cron());
    } else if (s.every() != null) {
      b.setEvery(s.every());
    }
    if (s.enabled()) {
      try {
        Instant next = Recurrence.of(s).nextAfter(s.lastOccurrence());
        if (next != null) {
          b.setNextOccurrence(WireMapper.toProto(next));
        }
      } catch (RuntimeException e) {
        // a stored recurrence that no longer reads: shown without a next occurrence
      }
    }
    return b.build();
  }

  static ScheduleDelivery delivery(DeliveryRecord d) {
    return ScheduleDelivery.newBuilder()
        .setOccurrence(WireMapper.toProto(d.occurrence()))
        .setAgentId(d.agentId())
        .setHostname(d.hostname() == null ? "" : d.hostname())
        .setState(
            switch (d.state()) {
              case PENDING -> DeliveryState.DELIVERY_STATE_WAITING;
              // claimed: its run is being stored; shown as dispatched, with the run id it gets
              case DISPATCHING, DISPATCHED -> DeliveryState.DELIVERY_STATE_DISPATCHED;
              case MISSED -> DeliveryState.DELIVERY_STATE_MISSED;
            })
        .setRunId(d.state() == DeliveryRecord.State.MISSED ? "" : nz(d.runId()))
        .setReason(
            d.state() == DeliveryRecord.State.PENDING && d.reason() == null
                ? "waiting for its start time"
                : nz(d.reason()))
        .setStartAt(WireMapper.toProto(d.startAt()))
        .setUpdatedAt(WireMapper.toProto(d.updatedAt()))
        .setKind(nz(d.kind()))
        .build();
  }

  static MaintenanceWindow window(WindowRecord w) {
    MaintenanceWindow.Builder b =
        MaintenanceWindow.newBuilder()
            .setLabelKey(w.labelKey())
            .setLabelValue(w.labelValue())
            .setFrom(w.from().toString())
            .setTo(w.to().toString())
            .setTimeZone(w.zone().getId())
            .setUpdatedBy(nz(w.updatedBy()));
    for (String d : Windows.daysText(w.days()).split(",")) {
      b.addDays(d);
    }
    if (w.updatedAt() != null) {
      b.setUpdatedAt(WireMapper.toProto(w.updatedAt()));
    }
    return b.build();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
