package io.autoservice.agent.tasks.battery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The values {@code battery_health_report} reports for one battery, under the original runner's
 * names, and the original's multi-line text. Build one from a reading with {@link #from}.
 *
 * <p>Health is the full-charge energy as a share of the design energy ({@code capacity_percent},
 * one decimal); the verdict by it: ≥ 90 Excellent, ≥ 80 Good, ≥ 70 Fair, ≥ 60 Poor, else Critical;
 * Unknown when the design or full energy is not known. {@code wear_level_percent = 100 −
 * capacity_percent}, not below 0 (a new battery may hold a little more than its design).
 */
public record BatteryReport(
    String vendor,
    String model,
    String serialNumber,
    String technology,
    Double percent,
    String state,
    Double capacityPercent,
    Double temperatureC,
    Long cycleCount,
    Double energyWh,
    Double energyFullWh,
    Double energyFullDesignWh,
    Double voltageV,
    String timeToEmpty,
    String timeToFull,
    String healthVerdict,
    Double wearLevelPercent) {

  public static BatteryReport from(BatteryReading r) {
    Double capacity = null;
    if (r.energyFullWh() != null && r.energyFullDesignWh() != null && r.energyFullDesignWh() > 0) {
      capacity = Json.round(100.0 * r.energyFullWh() / r.energyFullDesignWh(), 1);
    }
    Double wear = capacity == null ? null : Json.round(Math.max(0.0, 100.0 - capacity), 1);
    return new BatteryReport(
        r.vendor(),
        r.model(),
        r.serialNumber(),
        r.technology() == null ? "Unknown" : r.technology(),
        round(r.percent(), 1),
        r.state() == null ? "Unknown" : r.state(),
        capacity,
        round(r.temperatureC(), 1),
        r.cycleCount(),
        round(r.energyWh(), 2),
        round(r.energyFullWh(), 2),
        round(r.energyFullDesignWh(), 2),
        round(r.voltageV(), 2),
        duration(r.timeToEmptySeconds()),
        duration(r.timeToFullSeconds()),
        verdict(capacity),
        wear);
  }

  /** The original's verdict for a health percentage. */
  public static String verdict(Double capacityPercent) {
    if (capacityPercent == null) {
      return "Unknown";
    }
    double c = capacityPercent;
    return c >= 90
        ? "Excellent"
        : c >= 80 ? "Good" : c >= 70 ? "Fair" : c >= 60 ? "Poor" : "Critical";
  }

  /** {@code 1h,12m,35s}, the batteryinfo library's "human" format; null for null or negative. */
  public static String duration(Long seconds) {
    if (seconds == null || seconds < 0) {
      return null;
    }
    return (seconds / 3600) + "h," + (seconds % 3600 / 60) + "m," + (seconds % 60) + "s";
  }

  /**
   * The original's {@code human_readable} text, line by line, lines for unknown values left out.
   */
  public String text() {
    List<String> lines = new ArrayList<>();
    if (vendor != null || model != null) {
      lines.add(
          "Battery: "
              + ((vendor == null ? "" : vendor) + " " + (model == null ? "" : model)).strip());
    }
    if (serialNumber != null) {
      lines.add("Serial: " + serialNumber);
    }
    if (technology != null) {
      lines.add("Technology: " + technology);
    }
    if (percent != null) {
      lines.add(String.format(Locale.ROOT, "Charge Level: %.1f%%", percent));
    }
    lines.add("State: " + state);
    if (capacityPercent != null) {
      lines.add(String.format(Locale.ROOT, "Capacity: %.1f%%", capacityPercent));
    }
    if (wearLevelPercent != null) {
      lines.add(String.format(Locale.ROOT, "Wear Level: %.1f%%", wearLevelPercent));
    }
    if (cycleCount != null) {
      lines.add(String.format(Locale.ROOT, "Cycle Count: %,d", cycleCount));
    }
    if (temperatureC != null) {
      lines.add(String.format(Locale.ROOT, "Temperature: %.1f°C", temperatureC));
    }
    if (voltageV != null) {
      lines.add(String.format(Locale.ROOT, "Voltage: %.2fV", voltageV));
    }
    if (energyWh != null && energyFullDesignWh != null) {
      lines.add(
          String.format(
              Locale.ROOT, "Energy: %.2fWh / %.2fWh (design)", energyWh, energyFullDesignWh));
    }
    if ("Charging".equals(state) && timeToFull != null) {
      lines.add("Time to Full: " + timeToFull);
    } else if ("Discharging".equals(state) && timeToEmpty != null) {
      lines.add("Time to Empty: " + timeToEmpty);
    }
    lines.add("Health: " + healthVerdict);
    return String.join("\n", lines);
  }

  /** The original's summary keys, in its order; {@code human_readable} is the text. */
  public ObjectNode toJson() {
    ObjectNode n = Json.object();
    n.put("vendor", vendor);
    n.put("model", model);
    n.put("serial_number", serialNumber);
    n.put("technology", technology);
    n.put("percent", percent);
    n.put("state", state);
    n.put("capacity_percent", capacityPercent);
    n.put("temperature_c", temperatureC);
    n.put("cycle_count", cycleCount);
    n.put("energy_wh", energyWh);
    n.put("energy_full_wh", energyFullWh);
    n.put("energy_full_design_wh", energyFullDesignWh);
    n.put("voltage_v", voltageV);
    n.put("time_to_empty", timeToEmpty);
    n.put("time_to_full", timeToFull);
    n.put("health_verdict", healthVerdict);
    n.put("wear_level_percent", wearLevelPercent);
    n.put("human_readable", text());
    return n;
  }

  private static Double round(Double v, int decimals) {
    return v == null || !Double.isFinite(v) ? null : Json.round(v, decimals);
  }
}
