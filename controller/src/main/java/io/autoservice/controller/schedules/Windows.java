package io.autoservice.controller.schedules;

import io.autoservice.common.text.SafeText;
import io.autoservice.controller.model.WindowRecord;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maintenance windows: parsing what a technician writes ({@code mon-fri}, {@code 19:00}) and the
 * rule a scheduled run follows — a PC carrying no window's label runs at its time; a PC carrying
 * one or more waits until any of them is open.
 */
public final class Windows {
  private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

  private Windows() {}

  /**
   * Days from {@code mon-fri}, {@code sat,sun}, {@code mon,wed-fri} (repeated items allowed); the
   * exception names the field {@code days}.
   */
  public static Set<DayOfWeek> days(List<String> items) {
    Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
    for (String item : items) {
      for (String part : item.toLowerCase(Locale.ROOT).split(",")) {
        String p = part.trim();
        if (p.isEmpty()) {
          continue;
        }
        String[] range = p.split("-", -1);
        if (range.length > 2) {
          throw badDays(item);
        }
        int a = DAYS.indexOf(range[0]);
        int b = DAYS.indexOf(range[range.length - 1]);
        if (a < 0 || b < 0) {
          throw badDays(item);
        }
        for (int i = a; ; i = (i + 1) % 7) {
          out.add(DayOfWeek.of(i + 1));
          if (i == b) {
            break;
          }
        }
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("days: expected at least one day such as mon-fri");
    }
    return out;
  }

  private static IllegalArgumentException badDays(String item) {
    return new IllegalArgumentException(
        "days: expected days such as mon-fri or sat,sun but got \"" + SafeText.line(item) + "\"");
  }

  /** "HH:MM"; the exception names {@code field}. */
  public static LocalTime time(String field, String value) {
    try {
      if (value != null && value.matches("[0-9]{1,2}:[0-9]{2}")) {
        return LocalTime.parse(value.length() == 4 ? "0" + value : value);
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        field
            + ": expected a local time HH:MM such as 19:00 but got \""
            + SafeText.line(value == null ? "" : value)
            + "\"");
  }

  /** "mon,tue,..." in week order: how days are stored and shown. */
  public static String daysText(Set<DayOfWeek> days) {
    List<String> out = new ArrayList<>();
    for (DayOfWeek d : DayOfWeek.values()) {
      if (days.contains(d)) {
        out.add(DAYS.get(d.getValue() - 1));
      }
    }
    return String.join(",", out);
  }

  /**
   * Why a PC with these labels may not start at {@code t}: the windows that apply, none open. Empty
   * when it may (no window applies, or one is open).
   */
  public static Optional<String> closed(
      List<WindowRecord> windows, Map<String, String> labels, Instant t) {
    List<String> applying = new ArrayList<>();
    for (WindowRecord w : windows) {
      if (w.appliesTo(labels)) {
        if (w.isOpen(t)) {
          return Optional.empty();
        }
        applying.add(describe(w));
      }
    }
    return applying.isEmpty()
        ? Optional.empty()
        : Optional.of("waiting for its maintenance window " + String.join(" or ", applying));
  }

  public static String describe(WindowRecord w) {
    return w.label()
        + " ("
        + daysText(w.days())
        + " "
        + w.from()
        + "-"
        + w.to()
        + " "
        + w.zone().getId()
        + ")";
  }
}
