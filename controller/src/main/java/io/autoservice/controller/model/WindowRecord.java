package io.autoservice.controller.model;

import static java.util.Objects.requireNonNull;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * A maintenance window for PCs carrying one label: open on {@code days} from {@code from} to {@code
 * to}, local time in {@code zone}. When {@code to} is not after {@code from} the window crosses
 * midnight and closes the next morning (a Friday 19:00-07:00 window is open Saturday 06:00).
 */
public record WindowRecord(
    String labelKey,
    String labelValue,
    Set<DayOfWeek> days,
    LocalTime from,
    LocalTime to,
    ZoneId zone,
    String updatedBy,
    Instant updatedAt) {

  public WindowRecord {
    requireNonNull(labelKey, "labelKey");
    requireNonNull(labelValue, "labelValue");
    days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    requireNonNull(zone, "zone");
  }

  /** Whether a PC carrying the label may start a scheduled run at {@code t}. */
  public boolean isOpen(Instant t) {
    ZonedDateTime local = t.atZone(zone);
    LocalTime time = local.toLocalTime();
    DayOfWeek day = local.getDayOfWeek();
    if (from.isBefore(to)) {
      return days.contains(day) && !time.isBefore(from) && time.isBefore(to);
    }
    // Crosses midnight (or from == to: a whole day from `from`): opened today, or yesterday.
    return (days.contains(day) && !time.isBefore(from))
        || (days.contains(day.minus(1)) && time.isBefore(to));
  }

  /** Whether a PC with these labels is governed by this window. */
  public boolean appliesTo(java.util.Map<String, String> labels) {
    return labelValue.equals(labels.get(labelKey));
  }

  public String label() {
    return labelKey + "=" + labelValue;
  }
}
