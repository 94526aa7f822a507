package io.autoservice.controller.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoservice.controller.model.WindowRecord;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Maintenance windows: days, crossing midnight, several labels. */
class WindowsTest {
  private static WindowRecord window(String label, String days, String from, String to) {
    String[] kv = label.split("=");
    return new WindowRecord(
        kv[0],
        kv[1],
        Windows.days(List.of(days)),
        Windows.time("from", from),
        Windows.time("to", to),
        ZoneId.of("Europe/Berlin"),
        "admin",
        Instant.EPOCH);
  }

  @Test
  void shouldOpenAWeekdayNightWindowUntilTheNextMorning() {
    WindowRecord w = window("site=front-desk", "mon-fri", "19:00", "07:00");
    // Winter: Berlin is UTC+1. 2026-01-09 is a Friday.
    assertThat(w.isOpen(Instant.parse("2026-01-09T17:59:00Z"))).as("Fri 18:59").isFalse();
    assertThat(w.isOpen(Instant.parse("2026-01-09T18:00:00Z"))).as("Fri 19:00").isTrue();
    assertThat(w.isOpen(Instant.parse("2026-01-10T05:59:00Z"))).as("Sat 06:59").isTrue();
    assertThat(w.isOpen(Instant.parse("2026-01-10T06:00:00Z"))).as("Sat 07:00").isFalse();
    assertThat(w.isOpen(Instant.parse("2026-01-10T20:00:00Z"))).as("Sat 21:00").isFalse();
    assertThat(w.isOpen(Instant.parse("2026-01-12T05:00:00Z"))).as("Mon 06:00").isFalse();
  }

  @Test
  void shouldLetAnyOpenWindowOfAPcsLabelsDoAndIgnoreOtherLabels() {
    List<WindowRecord> windows =
        List.of(
            window("site=front-desk", "mon-fri", "19:00", "07:00"),
            window("role=kiosk", "sat,sun", "00:00", "00:00"));
    Instant friNoon = Instant.parse("2026-01-09T11:00:00Z");
    Instant satNoon = Instant.parse("2026-01-10T11:00:00Z");

    assertThat(Windows.closed(windows, Map.of("site", "front-desk"), friNoon))
        .hasValueSatisfying(r -> assertThat(r).contains("site=front-desk (mon,tue,wed,thu,fri"));
    assertThat(Windows.closed(windows, Map.of("site", "front-desk", "role", "kiosk"), satNoon))
        .isEmpty();
    assertThat(Windows.closed(windows, Map.of("site", "back-office"), friNoon)).isEmpty();
  }

  @Test
  void shouldNameTheFieldOfBadDaysOrTimes() {
    assertThat(Windows.days(List.of("fri-mon")))
        .containsExactlyInAnyOrder(
            DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY);
    assertThatThrownBy(() -> Windows.days(List.of("weekdays")))
        .hasMessageStartingWith("days: expected days such as mon-fri");
    assertThatThrownBy(() -> Windows.time("from", "25:00"))
        .hasMessageStartingWith("from: expected a local time HH:MM");
  }
}
