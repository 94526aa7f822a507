package io.autoservice.controller.schedules;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.autoservice.controller.model.ScheduleRecord;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a schedule fires: a UNIX cron expression (5 fields) read in an IANA time zone, parsed and
 * stepped by cron-utils, so a 09:00 Europe/Berlin schedule stays at 09:00 local across daylight
 * saving changes; or a fixed period ("6h", "2d") counted from an anchor (the schedule's creation).
 */
public sealed interface Recurrence {
  /** The first occurrence strictly after {@code t}, or null when there is none. */
  Instant nextAfter(Instant t);

  /** Longest cron expression accepted (hostile input). */
  int MAX_CRON = 120;

  /** The recurrence a stored schedule declares. */
  static Recurrence of(ScheduleRecord s) {
    return s.cron() != null ? cron(s.cron(), s.timeZone()) : every(s.every(), s.createdAt());
  }

  /**
   * A cron recurrence; the exception names the field ({@code cron} or {@code time_zone}) and what
   * was expected.
   */
  static Recurrence cron(String expression, String timeZone) {
    ZoneId zone = zone(timeZone);
    if (expression.length() > MAX_CRON) {
      throw new IllegalArgumentException(
          "cron: expected at most " + MAX_CRON + " characters but got " + expression.length());
    }
    try {
      var cron =
          new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX))
              .parse(expression.trim())
              .validate();
      return new Cron(expression.trim(), zone, ExecutionTime.forCron(cron));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cron: expected 5 fields (minute hour day-of-month month day-of-week) such as \"0 19 * *"
              + " 1-5\": "
              + e.getMessage(),
          e);
    }
  }

  /** The zone named, UTC when blank; the exception names the field {@code time_zone}. */
  static ZoneId zone(String timeZone) {
    if (timeZone == null || timeZone.isBlank()) {
      return ZoneId.of("UTC");
    }
    try {
      return ZoneId.of(timeZone.trim());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "time_zone: expected an IANA time zone such as Europe/Berlin but got \""
              + io.autoservice.common.text.SafeText.line(timeZone)
              + "\"");
    }
  }

  /** "6h" or "2d" (1 to 8,760 hours, 1 to 365 days) from {@code anchor}. */
  static Recurrence every(String spec, Instant anchor) {
    Duration period = period(spec);
    return new Every(spec.trim(), period, anchor);
  }

  /** The period "6h" / "2d" stands for; the exception names the field {@code every}. */
  static Duration period(String spec) {
    Matcher m = Pattern.compile("([1-9][0-9]{0,3})([hd])").matcher(spec == null ? "" : spec.trim());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      boolean days = m.group(2).equals("d");
      if (days ? n <= 365 : n <= 8_760) {
        return days ? Duration.ofDays(n) : Duration.ofHours(n);
      }
    }
    throw new IllegalArgumentException(
        "every: expected N hours or days such as \"6h\" or \"2d\" (at most 8760h or 365d) but got"
            + " \""
            + io.autoservice.common.text.SafeText.line(spec == null ? "" : spec)
            + "\"");
  }

  /** A cron expression in a zone. */
  record Cron(String expression, ZoneId zone, ExecutionTime times) implements Recurrence {
    @Override
    public Instant nextAfter(Instant t) {
      return times.nextExecution(ZonedDateTime.ofInstant(t, zone)).map(Instant::from).orElse(null);
    }
  }

  /** Every {@code period} from {@code anchor}. */
  record Every(String spec, Duration period, Instant anchor) implements Recurrence {
    @Override
    public Instant nextAfter(Instant t) {
      if (t.isBefore(anchor)) {
        return anchor.plus(period);
      }
      long periods = Duration.between(anchor, t).toMillis() / period.toMillis() + 1;
      return anchor.plus(period.multipliedBy(periods));
    }
  }
}
