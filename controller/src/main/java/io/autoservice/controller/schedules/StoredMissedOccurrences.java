package io.autoservice.controller.schedules;

import io.autoservice.controller.store.ScheduleStore;
import java.time.Instant;
import java.util.List;

/** {@link MissedOccurrences} read from the schedule store. */
public final class StoredMissedOccurrences implements MissedOccurrences {
  private final ScheduleStore store;

  public StoredMissedOccurrences(ScheduleStore store) {
    this.store = store;
  }

  @Override
  public List<Missed> since(Instant t, int limit) {
    return store.missedSince(t, Math.max(1, Math.min(limit, 10_000))).stream()
        .map(
            m ->
                new Missed(
                    m.delivery().scheduleId(),
                    m.scheduleName(),
                    m.delivery().agentId(),
                    m.delivery().occurrence(),
                    m.delivery().updatedAt(),
                    m.delivery().reason()))
        .toList();
  }
}
