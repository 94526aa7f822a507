package io.autoservice.agent.tasks.smart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.agent.testing.Fixtures;
import io.autoservice.common.json.Json;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class SmartDriveTest {

  private static JsonNode sample(String file) throws Exception {
    return Json.mapper()
        .readTree(Files.readString(Fixtures.referenceResult("smartctl_report", file)));
  }

  /** A drive with the sample's values, field by field. */
  private static SmartDrive fromSample(JsonNode s) {
    return new SmartDrive(
        s.get("name").asText(),
        s.get("model_name").asText(),
        s.get("serial_number").asText(),
        s.get("firmware_version").asText(),
        s.get("health_passed").asBoolean(),
        num(s, "wear_level_percent_used"),
        num(s, "power_on_hours"),
        num(s, "power_cycles"),
        num(s, "unsafe_shutdowns"),
        num(s, "media_errors"),
        num(s, "error_log_entries"),
        num(s, "data_written_bytes"),
        num(s, "data_read_bytes"),
        s.get("temperature").asText(),
        s.get("last_self_test_result").asText(),
        null,
        null);
  }

  private static Long num(JsonNode s, String key) {
    return s.get(key).isNull() ? null : s.get(key).asLong();
  }

  @Test
  void shouldRenderEverySampleDriveExactlyAsTheOriginalUiExpects() throws Exception {
    for (String file :
        new String[] {"healthy_result.json", "degraded_drive.json", "drive_errors.json"}) {
      for (JsonNode drive : sample(file).at("/summary/drives")) {
        SmartDrive d = fromSample(drive);
        assertThat(Json.compact(d.toJson()))
            .as(file + " " + drive.get("name"))
            .isEqualTo(Json.compact(drive));
      }
    }
  }

  @Test
  void shouldKeepEveryLineWhenPowerOnHoursAreUnknown() {
    SmartDrive d =
        new SmartDrive(
            "/dev/sdb",
            "Intel Raid 1 Volume",
            "Volume1",
            "1.0.",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    assertThat(d.friendly())
        .isEqualTo(
            """
            Drive: Intel Raid 1 Volume (SN: Volume1, FW: 1.0.)
            Health: UNKNOWN
            Wear Level: N/A
            Power On Time: N/A
            Power Cycles: N/A
            Unsafe Shutdowns: N/A
            Media Errors: N/A
            Error Log Entries: N/A
            Data Written: N/A
            Data Read: N/A
            Temperature: N/A
            Last Self-Test: N/A""");
  }

  @Test
  void shouldGroupThousandsAndUseDecimalUnits() {
    assertThat(SmartDrive.humanBytes(null)).isNull();
    assertThat(SmartDrive.humanBytes(0L)).isEqualTo("0 B");
    assertThat(SmartDrive.humanBytes(999L)).isEqualTo("999 B");
    assertThat(SmartDrive.humanBytes(1000L)).isEqualTo("1.0 KB");
    assertThat(SmartDrive.humanBytes(33_205_913_600_000L)).isEqualTo("33.2 TB");
    assertThat(SmartDrive.humanBytes(9_000_000_000_000_000_000L)).isEqualTo("9000.0 PB");
    SmartDrive d =
        new SmartDrive(
            "n",
            "m",
            "s",
            "f",
            false,
            85L,
            15234L,
            432L,
            67L,
            0L,
            3L,
            89_456_723_200_000L,
            null,
            "45 °C",
            null,
            null,
            null);
    assertThat(d.friendly())
        .contains(
            "Health: FAILED",
            "Power On Time: 15,234 hours",
            "Data Written: ~89.5 TB",
            "Data Read: N/A",
            "Last Self-Test: N/A");
  }
}
