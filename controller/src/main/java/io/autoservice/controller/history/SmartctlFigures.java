package io.autoservice.controller.history;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code smartctl_report}: per drive ({@code results.drives[]}), its health (0 passed, 2 failed),
 * wear (% used, NVMe), reallocated and pending sectors (the drive's {@code reallocated_sectors} /
 * {@code pending_sectors}, else ATA attributes 5 and 197 or SCSI's grown defect list in its raw
 * smartctl JSON, present with {@code detail_level: full}), media errors, power-on hours and
 * temperature (°C, the hottest sensor). The subject is the device name and, when known, the serial
 * number, so a drive keeps its history when Windows renumbers the disks.
 */
final class SmartctlFigures implements TaskFigures {
  static final int MAX_DRIVES = 32;
  private static final double MAX_COUNT = 1e9;

  @Override
  public String taskType() {
    return "smartctl_report";
  }

  @Override
  public void read(Task task, Figures out) {
    JsonNode drives = task.results().path("drives");
    if (!drives.isArray()) {
      return;
    }
    for (int i = 0; i < Math.min(MAX_DRIVES, drives.size()); i++) {
      JsonNode d = drives.get(i);
      if (!d.isObject()) {
        continue;
      }
      String subject = subject(d);
      if (subject == null) {
        continue;
      }
      JsonNode health = d.path("health_passed");
      if (health.isBoolean()) {
        out.add(
            "smart.health",
            subject,
            health.booleanValue() ? 0.0 : 2.0,
            0,
            2,
            health.booleanValue() ? "PASSED" : "FAILED");
      }
      out.add(
          "smart.wear_percent", subject, Read.number(d.path("wear_level_percent_used")), 0, 255);
      JsonNode raw = d.path("raw");
      out.add(
          "smart.reallocated_sectors",
          subject,
          Read.first(
              d.path("reallocated_sectors"), ataRaw(raw, 5), raw.path("scsi_grown_defect_list")),
          0,
          MAX_COUNT);
      out.add(
          "smart.pending_sectors",
          subject,
          Read.first(d.path("pending_sectors"), ataRaw(raw, 197)),
          0,
          MAX_COUNT);
      out.add("smart.media_errors", subject, Read.number(d.path("media_errors")), 0, MAX_COUNT);
      out.add("smart.power_on_hours", subject, Read.number(d.path("power_on_hours")), 0, 1_000_000);
      out.add("smart.temperature_c", subject, Read.largestIn(d.path("temperature")), -40, 150);
    }
  }

  private static String subject(JsonNode d) {
    String name = Read.text(d.path("name"));
    if (name == null) {
      return null;
    }
    String serial = Read.text(d.path("serial_number"));
    return serial == null || serial.equals("Unknown") ? name : name + " " + serial;
  }

  /** The raw value of ATA SMART attribute {@code id} in smartctl's JSON. */
  private static JsonNode ataRaw(JsonNode raw, int id) {
    JsonNode table = raw.path("ata_smart_attributes").path("table");
    if (!table.isArray()) {
      return null;
    }
    for (int i = 0; i < Math.min(256, table.size()); i++) {
      JsonNode a = table.get(i);
      if (a.path("id").isInt() && a.path("id").intValue() == id) {
        return a.path("raw").path("value");
      }
    }
    return null;
  }
}
