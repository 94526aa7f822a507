package io.autoservice.controller.schedules;

import io.autoservice.controller.alerts.MissedSchedules;
import java.time.Instant;
import java.util.List;

/** The schedules' missed occurrences as the alerts' "schedule missed" rule reads them. */
public final class MissedForAlerts implements MissedSchedules {
  private final MissedOccurrences missed;

  public MissedForAlerts(MissedOccurrences missed) {
    this.missed = missed;
  }

  @Override
  public List<Missed> since(Instant t, int limit) {
    return missed.since(t, limit).stream()
        .map(
            m ->
                new Missed(
                    m.scheduleName(), m.agentId(), m.occurrence(), m.recordedAt(), m.reason()))
        .toList();
  }
}
