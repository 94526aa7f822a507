package io.autoservice.agent.tasks.smart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The basic facts of one drive, read from its {@code smartctl -a -j} JSON, under the original
 * runner's names (the AutoService UI reads {@code drives[].*} by these keys). A boxed field is
 * {@code null} when the JSON does not say.
 *
 * @param name the device name ({@code device.name}, else {@code name}, else the name queried)
 * @param modelName {@code model_name}, {@code device_model}, {@code scsi_model_name} or vendor +
 *     product; {@code "Unknown"} when none is given
 * @param serialNumber {@code serial_number}, else {@code "Unknown"}
 * @param firmwareVersion {@code firmware_version} (SCSI: {@code revision}), else {@code "Unknown"}
 * @param healthPassed {@code smart_status.passed}
 * @param wearLevelPercentUsed NVMe {@code percentage_used}
 * @param powerOnHours {@code power_on_time.hours} (NVMe: {@code power_on_hours})
 * @param powerCycles {@code power_cycle_count} (NVMe: {@code power_cycles})
 * @param unsafeShutdowns NVMe {@code unsafe_shutdowns}
 * @param mediaErrors NVMe {@code media_errors}
 * @param errorLogEntries NVMe {@code num_err_log_entries}; ATA: the SMART error log's {@code count}
 * @param dataWrittenBytes NVMe {@code data_units_written} × 512,000
 * @param dataReadBytes NVMe {@code data_units_read} × 512,000
 * @param temperature {@code "min–max °C"} over the NVMe temperature sensors, else {@code "<current>
 *     °C"}; a current of 0 (SCSI RAID volumes report it when they know nothing) counts as unknown
 * @param lastSelfTestResult the newest entry of the NVMe or ATA self-test log, e.g. {@code
 *     "Completed without error"}
 * @param reallocatedSectors ATA attribute 5 ({@code Reallocated_Sector_Ct}) raw value, else SCSI
 *     {@code scsi_grown_defect_list}: sectors the drive replaced (a count that grows is a drive
 *     wearing out; the controller keeps its history)
 * @param pendingSectors ATA attribute 197 ({@code Current_Pending_Sector}) raw value: unreadable
 *     sectors waiting to be reallocated
 */
public record SmartDrive(
    String name,
    String modelName,
    String serialNumber,
    String firmwareVersion,
    Boolean healthPassed,
    Long wearLevelPercentUsed,
    Long powerOnHours,
    Long powerCycles,
    Long unsafeShutdowns,
    Long mediaErrors,
    Long errorLogEntries,
    Long dataWrittenBytes,
    Long dataReadBytes,
    String temperature,
    String lastSelfTestResult,
    Long reallocatedSectors,
    Long pendingSectors) {

  /** Bytes in one NVMe "data unit": 1000 blocks of 512 bytes. */
  static final long NVME_DATA_UNIT = 512_000L;

  private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB"};

  /** Reads the basic facts from one device's JSON; {@code fallbackName} if it names no device. */
  public static SmartDrive from(JsonNode j, String fallbackName) {
    JsonNode nvme = j.path("nvme_smart_health_information_log");
    String name = first(text(j.path("device").path("name")), text(j.path("name")), fallbackName);
    String vendorProduct =
        text(j.path("vendor")) != null && text(j.path("product")) != null
            ? text(j.path("vendor")) + " " + text(j.path("product"))
            : null;
    String model =
        first(
            text(j.path("model_name")),
            text(j.path("device_model")),
            text(j.path("scsi_model_name")),
            vendorProduct,
            "Unknown");
    String serial = first(text(j.path("serial_number")), "Unknown");
    String firmware =
        first(
            text(j.path("firmware_version")),
            text(j.path("scsi_revision")),
            text(j.path("revision")),
            "Unknown");
    JsonNode passed = j.path("smart_status").path("passed");
    Boolean health = passed.isBoolean() ? passed.booleanValue() : null;
    Long errorLog = number(nvme.path("num_err_log_entries"));
    if (errorLog == null) {
      JsonNode log = j.path("ata_smart_error_log");
      errorLog = number(log.path("extended").path("count"));
      if (errorLog == null) {
        errorLog = number(log.path("summary").path("count"));
      }
    }
    Long hours = number(j.path("power_on_time").path("hours"));
    if (hours == null) {
      hours = number(nvme.path("power_on_hours"));
    }
    Long cycles = number(j.path("power_cycle_count"));
    if (cycles == null) {
      cycles = number(nvme.path("power_cycles"));
    }
    return new SmartDrive(
        name,
        model,
        serial,
        firmware,
        health,
        number(nvme.path("percentage_used")),
        hours,
        cycles,
        number(nvme.path("unsafe_shutdowns")),
        number(nvme.path("media_errors")),
        errorLog,
        units(number(nvme.path("data_units_written"))),
        units(number(nvme.path("data_units_read"))),
        temperature(j, nvme),
        lastSelfTest(j),
        first(ataRaw(j, 5), number(j.path("scsi_grown_defect_list"))),
        ataRaw(j, 197));
  }

  /** The raw value of an ATA SMART attribute, when the table lists it as a plain count. */
  private static Long ataRaw(JsonNode j, int id) {
    for (JsonNode a : j.path("ata_smart_attributes").path("table")) {
      if (a.path("id").isInt() && a.path("id").intValue() == id) {
        Long v = number(a.path("raw").path("value"));
        return v != null && v >= 0 ? v : null;
      }
    }
    return null;
  }

  /** Bytes in decimal units with one decimal ({@code 33.2 TB}); whole bytes below 1000. */
  public static String humanBytes(Long bytes) {
    if (bytes == null) {
      return null;
    }
    double v = bytes;
    for (int i = 0; i < UNITS.length; i++) {
      if (Math.abs(v) < 1000 || i == UNITS.length - 1) {
        return i == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, UNITS[i]);
      }
      v /= 1000.0;
    }
    return bytes + " B";
  }

  public String dataWrittenHuman() {
    return humanBytes(dataWrittenBytes);
  }

  public String dataReadHuman() {
    return humanBytes(dataReadBytes);
  }

  /** {@code PASSED}, {@code FAILED} or {@code UNKNOWN}. */
  public String healthText() {
    return healthPassed == null ? "UNKNOWN" : healthPassed ? "PASSED" : "FAILED";
  }

  /**
   * The multi-line text the original showed, built line by line with {@code N/A} for each missing
   * value (the original's operator-precedence bug dropped the first three lines whenever the power
   * on hours were unknown).
   */
  public String friendly() {
    List<String> lines = new ArrayList<>();
    lines.add("Drive: " + modelName + " (SN: " + serialNumber + ", FW: " + firmwareVersion + ")");
    lines.add("Health: " + healthText());
    lines.add(
        "Wear Level: " + (wearLevelPercentUsed == null ? "N/A" : wearLevelPercentUsed + "% used"));
    lines.add(
        "Power On Time: " + (powerOnHours == null ? "N/A" : grouped(powerOnHours) + " hours"));
    lines.add("Power Cycles: " + orNa(powerCycles));
    lines.add("Unsafe Shutdowns: " + orNa(unsafeShutdowns));
    lines.add("Media Errors: " + orNa(mediaErrors));
    lines.add("Error Log Entries: " + orNa(errorLogEntries));
    lines.add("Data Written: " + (dataWrittenBytes == null ? "N/A" : "~" + dataWrittenHuman()));
    lines.add("Data Read: " + (dataReadBytes == null ? "N/A" : "~" + dataReadHuman()));
    lines.add("Temperature: " + (temperature == null ? "N/A" : temperature));
    lines.add("Last Self-Test: " + (lastSelfTestResult == null ? "N/A" : lastSelfTestResult));
    return String.join("\n", lines);
  }

  /**
   * The drive as the original's {@code drives[]} entry (basic keys, in the original's order), then
   * {@code reallocated_sectors} and {@code pending_sectors} when known.
   */
  public ObjectNode toJson() {
    ObjectNode n = Json.object();
    n.put("name", name);
    n.put("model_name", modelName);
    n.put("serial_number", serialNumber);
    n.put("firmware_version", firmwareVersion);
    if (healthPassed == null) {
      n.putNull("health_passed");
    } else {
      n.put("health_passed", healthPassed.booleanValue());
    }
    n.put("wear_level_percent_used", wearLevelPercentUsed);
    n.put("power_on_hours", powerOnHours);
    n.put("power_cycles", powerCycles);
    n.put("unsafe_shutdowns", unsafeShutdowns);
    n.put("media_errors", mediaErrors);
    n.put("error_log_entries", errorLogEntries);
    n.put("data_written_bytes", dataWrittenBytes);
    n.put("data_written_human", dataWrittenHuman());
    n.put("data_read_bytes", dataReadBytes);
    n.put("data_read_human", dataReadHuman());
    n.put("temperature", temperature);
    n.put("last_self_test_result", lastSelfTestResult);
    n.put("friendly", friendly());
    // Beyond the original's keys, and only when the drive says (its samples stay byte-identical).
    if (reallocatedSectors != null) {
      n.put("reallocated_sectors", reallocatedSectors);
    }
    if (pendingSectors != null) {
      n.put("pending_sectors", pendingSectors);
    }
    return n;
  }

  private static String temperature(JsonNode j, JsonNode nvme) {
    List<Long> sensors = new ArrayList<>();
    for (JsonNode t : nvme.path("temperature_sensors")) {
      Long v = number(t);
      if (v != null && v > 0) {
        sensors.add(v);
      }
    }
    if (!sensors.isEmpty()) {
      long min = sensors.stream().mapToLong(Long::longValue).min().orElse(0);
      long max = sensors.stream().mapToLong(Long::longValue).max().orElse(0);
      return min == max ? min + " °C" : min + "–" + max + " °C";
    }
    Long current = number(j.path("temperature").path("current"));
    if (current == null) {
      current = number(nvme.path("temperature"));
    }
    return current != null && current > 0 ? current + " °C" : null;
  }

  private static String lastSelfTest(JsonNode j) {
    JsonNode nvme = j.path("nvme_self_test_log").path("table").path(0);
    String s =
        first(
            text(nvme.path("self_test_result").path("string")),
            text(nvme.path("status").path("string")));
    if (s != null) {
      return s;
    }
    JsonNode ata = j.path("ata_smart_self_test_log");
    for (String part : List.of("extended", "standard")) {
      s = text(ata.path(part).path("table").path(0).path("status").path("string"));
      if (s != null) {
        return s;
      }
    }
    // The key the original runner looked for (no smartctl version writes it; kept for safety).
    return text(j.path("ata_self_test_log").path("table").path(0).path("status").path("string"));
  }

  private static Long units(Long dataUnits) {
    if (dataUnits == null) {
      return null;
    }
    try {
      return Math.multiplyExact(dataUnits, NVME_DATA_UNIT);
    } catch (ArithmeticException e) {
      return null;
    }
  }

  static Long number(JsonNode n) {
    if (n == null || !n.isNumber() || !n.canConvertToLong()) {
      return null;
    }
    return n.asLong();
  }

  static String text(JsonNode n) {
    if (n == null || !n.isTextual()) {
      return null;
    }
    String s = n.asText().strip();
    return s.isEmpty() ? null : s;
  }

  @SafeVarargs
  private static <T> T first(T... values) {
    for (T v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  private static String grouped(long v) {
    return String.format(Locale.ROOT, "%,d", v);
  }

  private static String orNa(Long v) {
    return v == null ? "N/A" : grouped(v);
  }
}
