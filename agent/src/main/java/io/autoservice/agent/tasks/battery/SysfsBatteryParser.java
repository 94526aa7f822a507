package io.autoservice.agent.tasks.battery;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one Linux {@code /sys/class/power_supply/<name>/} folder's attribute files (given as name →
 * content) into a {@link BatteryReading}. Pure: no I/O, and it never throws, whatever the input.
 *
 * <p>Only system batteries count: {@code type} must be {@code Battery}, and a {@code scope} of
 * {@code Device} (a wireless mouse or headset) or {@code present} = 0 (an empty bay) rules a folder
 * out. Units are the kernel's: µWh ({@code energy_*}), µAh ({@code charge_*}), µV ({@code
 * voltage_*}), µW ({@code power_now}), µA ({@code current_now}), tenths of °C ({@code temp}),
 * seconds ({@code time_to_*_now}). Charge-based batteries are converted to Wh with the design
 * voltage ({@code voltage_min_design}, else the present voltage). The state of charge is {@code
 * energy_now / energy_full}, else the kernel's {@code capacity}. Without {@code time_to_*_now} the
 * times are estimated from the energy and the present power draw, as upower does.
 */
public final class SysfsBatteryParser {
  private static final double MICRO = 1_000_000.0;

  private SysfsBatteryParser() {}

  /** The battery in these attributes, or empty when they describe no system battery. */
  public static Optional<BatteryReading> parse(
      String name, String source, Map<String, String> attrs) {
    try {
      return Optional.ofNullable(read(name, source, attrs == null ? Map.of() : attrs));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static BatteryReading read(String name, String source, Map<String, String> a) {
    if (!"battery".equalsIgnoreCase(text(a, "type"))) {
      return null;
    }
    if ("device".equalsIgnoreCase(text(a, "scope")) || "0".equals(text(a, "present"))) {
      return null;
    }
    Double voltage = micro(a, "voltage_now");
    if (voltage == null) {
      voltage = micro(a, "voltage_avg");
    }
    Double designVoltage = micro(a, "voltage_min_design");
    if (designVoltage == null || designVoltage <= 0) {
      designVoltage = voltage;
    }
    Double now = micro(a, "energy_now");
    Double full = micro(a, "energy_full");
    Double design = micro(a, "energy_full_design");
    if (now == null
        && full == null
        && design == null
        && designVoltage != null
        && designVoltage > 0) {
      now = times(micro(a, "charge_now"), designVoltage);
      full = times(micro(a, "charge_full"), designVoltage);
      design = times(micro(a, "charge_full_design"), designVoltage);
    }
    Double percent = null;
    if (now != null && full != null && full > 0) {
      percent = Math.max(0.0, Math.min(100.0, 100.0 * now / full));
    } else if (number(a, "capacity") != null) {
      percent = Math.max(0.0, Math.min(100.0, number(a, "capacity")));
    }
    String state = state(text(a, "status"));
    Double power = micro(a, "power_now");
    if ((power == null || power == 0) && micro(a, "current_now") != null && voltage != null) {
      power = micro(a, "current_now") * voltage;
    }
    power = power == null ? null : Math.abs(power);
    Long toEmpty = seconds(a, "time_to_empty_now");
    Long toFull = seconds(a, "time_to_full_now");
    if (toEmpty == null
        && "Discharging".equals(state)
        && now != null
        && power != null
        && power > 0) {
      toEmpty = Math.round(now / power * 3600);
    }
    if (toFull == null
        && "Charging".equals(state)
        && now != null
        && full != null
        && power != null
        && power > 0) {
      toFull = Math.round(Math.max(0, full - now) / power * 3600);
    }
    Double temp = number(a, "temp");
    Double cycles = number(a, "cycle_count");
    return new BatteryReading(
        name,
        source,
        text(a, "manufacturer"),
        text(a, "model_name"),
        text(a, "serial_number"),
        technology(text(a, "technology")),
        percent,
        state,
        temp == null ? null : temp / 10.0,
        cycles == null || cycles < 0 ? null : cycles.longValue(),
        now,
        full,
        design,
        voltage,
        toEmpty,
        toFull);
  }

  /** The kernel's status word in the original's spelling. */
  static String state(String status) {
    if (status == null) {
      return "Unknown";
    }
    return switch (status.strip().toLowerCase(Locale.ROOT)) {
      case "charging" -> "Charging";
      case "discharging" -> "Discharging";
      case "full" -> "Full";
      case "not charging" -> "Not charging";
      case "empty" -> "Empty";
      default -> "Unknown";
    };
  }

  private static String technology(String t) {
    return t == null || t.equalsIgnoreCase("unknown") ? "Unknown" : t;
  }

  private static Double times(Double microAh, Double volts) {
    return microAh == null ? null : microAh * volts;
  }

  private static Long seconds(Map<String, String> a, String key) {
    Double v = number(a, key);
    return v == null || v <= 0 ? null : v.longValue();
  }

  private static Double micro(Map<String, String> a, String key) {
    Double v = number(a, key);
    return v == null ? null : v / MICRO;
  }

  static Double number(Map<String, String> a, String key) {
    String s = text(a, key);
    if (s == null) {
      return null;
    }
    try {
      double d = Double.parseDouble(s);
      return Double.isFinite(d) ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static String text(Map<String, String> a, String key) {
    String v = a.get(key);
    if (v == null) {
      return null;
    }
    String s = v.strip();
    return s.isEmpty() ? null : s;
  }
}
