package io.autoservice.controller.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cron in a time zone (across daylight saving changes) and fixed periods. */
class RecurrenceTest {
  private static List<Instant> next(Recurrence r, Instant from, int n) {
    List<Instant> out = new ArrayList<>();
    for (Instant t = from; out.size() < n; ) {
      t = r.nextAfter(t);
      out.add(t);
    }
    return out;
  }

  @Test
  void shouldKeepNineOClockLocalAcrossTheSpringDaylightSavingChange() {
    // Europe/Berlin moves from UTC+1 to UTC+2 on Sunday 2026-03-29.
    Recurrence r = Recurrence.cron("0 9 * * *", "Europe/Berlin");

    assertThat(next(r, Instant.parse("2026-03-27T12:00:00Z"), 4))
        .containsExactly(
            Instant.parse("2026-03-28T08:00:00Z"),
            Instant.parse("2026-03-29T07:00:00Z"),
            Instant.parse("2026-03-30T07:00:00Z"),
            Instant.parse("2026-03-31T07:00:00Z"));
  }

  @Test
  void shouldFireOnceInTheAutumnHourThatHappensTwice() {
    // 2026-10-25 02:00-03:00 local happens twice in Berlin; a 02:30 schedule fires once that day.
    Recurrence r = Recurrence.cron("30 2 * * *", "Europe/Berlin");

    List<Instant> got = next(r, Instant.parse("2026-10-24T12:00:00Z"), 2);

    assertThat(got.get(0))
        .isBetween(Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2026-10-25T01:30:00Z"));
    assertThat(got.get(1)).isEqualTo(Instant.parse("2026-10-26T01:30:00Z"));
  }

  @Test
  void shouldReadWeekdaysInTheScheduleZone() {
    // 19:00 Mon-Fri in New York: Friday 19:00 EST is Saturday 00:00 UTC.
    Recurrence r = Recurrence.cron("0 19 * * 1-5", "America/New_York");

    assertThat(next(r, Instant.parse("2026-01-09T12:00:00Z"), 2))
        .containsExactly(
            Instant.parse("2026-01-10T00:00:00Z"), Instant.parse("2026-01-13T00:00:00Z"));
  }

  @Test
  void shouldCountEveryNHoursFromTheAnchor() {
    Instant anchor = Instant.parse("2026-01-01T10:17:00Z");
    Recurrence r = Recurrence.every("6h", anchor);

    assertThat(next(r, anchor, 3))
        .containsExactly(
            Instant.parse("2026-01-01T16:17:00Z"),
            Instant.parse("2026-01-01T22:17:00Z"),
            Instant.parse("2026-01-02T04:17:00Z"));
    assertThat(r.nextAfter(Instant.parse("2026-01-01T16:17:00Z")))
        .isEqualTo(Instant.parse("2026-01-01T22:17:00Z"));
    assertThat(Recurrence.every("2d", anchor).nextAfter(anchor.plusSeconds(1)))
        .isEqualTo(Instant.parse("2026-01-03T10:17:00Z"));
  }

  @Test
  void shouldNameTheFieldOfABadRecurrence() {
    assertThatThrownBy(() -> Recurrence.cron("0 25 * * *", "UTC"))
        .hasMessageStartingWith("cron: expected 5 fields");
    assertThatThrownBy(() -> Recurrence.cron("0 9 * * * *", "UTC"))
        .hasMessageStartingWith("cron: expected 5 fields");
    assertThatThrownBy(() -> Recurrence.cron("0 9 * * *", "Mars/Olympus"))
        .hasMessageStartingWith("time_zone: expected an IANA time zone");
    assertThatThrownBy(() -> Recurrence.every("0h", Instant.EPOCH))
        .hasMessageStartingWith("every: expected N hours or days");
    assertThatThrownBy(() -> Recurrence.every("6 weeks", Instant.EPOCH))
        .hasMessageStartingWith("every: expected N hours or days");
  }
}
