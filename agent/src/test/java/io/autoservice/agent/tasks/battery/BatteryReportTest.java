package io.autoservice.agent.tasks.battery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.agent.testing.Fixtures;
import io.autoservice.common.json.Json;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class BatteryReportTest {

  private static JsonNode sample(String file) throws Exception {
    return Json.mapper()
        .readTree(Files.readString(Fixtures.referenceResult("battery_health_report", file)));
  }

  private static Double num(JsonNode s, String k) {
    return s.get(k).isNull() ? null : s.get(k).asDouble();
  }

  private static String str(JsonNode s, String k) {
    return s.get(k).isNull() ? null : s.get(k).asText();
  }

  /** The sample's values as a report (the samples' numbers are invented, so not derived here). */
  private static BatteryReport fromSample(JsonNode s) {
    return new BatteryReport(
        str(s, "vendor"),
        str(s, "model"),
        str(s, "serial_number"),
        str(s, "technology"),
        num(s, "percent"),
        str(s, "state"),
        num(s, "capacity_percent"),
        num(s, "temperature_c"),
        s.get("cycle_count").asLong(),
        num(s, "energy_wh"),
        num(s, "energy_full_wh"),
        num(s, "energy_full_design_wh"),
        num(s, "voltage_v"),
        str(s, "time_to_empty"),
        str(s, "time_to_full"),
        str(s, "health_verdict"),
        num(s, "wear_level_percent"));
  }

  @Test
  void shouldWriteTheOriginalsTextAndKeysForEverySample() throws Exception {
    for (String file :
        new String[] {"test_good.json", "test_degraded.json", "test_charging.json"}) {
      JsonNode summary = sample(file).get("summary");
      BatteryReport r = fromSample(summary);
      assertThat(r.text()).as(file).isEqualTo(summary.get("human_readable").asText());
      assertThat(Json.compact(r.toJson())).as(file).isEqualTo(Json.compact(summary));
    }
  }

  @Test
  void shouldComputeCapacityWearAndVerdictFromEnergies() {
    BatteryReading reading =
        new BatteryReading(
            "BAT0",
            "test",
            "LG",
            "LNV-45N1",
            "12345",
            null,
            75.25,
            "Discharging",
            32.46,
            145L,
            42.5,
            48.1,
            56.5,
            12.346,
            12310L,
            null);
    BatteryReport r = BatteryReport.from(reading);
    assertThat(r.capacityPercent()).isEqualTo(85.1);
    assertThat(r.wearLevelPercent()).isEqualTo(14.9);
    assertThat(r.healthVerdict()).isEqualTo("Good");
    assertThat(r.percent()).isEqualTo(75.3);
    assertThat(r.temperatureC()).isEqualTo(32.5);
    assertThat(r.voltageV()).isEqualTo(12.35);
    assertThat(r.technology()).isEqualTo("Unknown");
    assertThat(r.timeToEmpty()).isEqualTo("3h,25m,10s");
    assertThat(r.timeToFull()).isNull();
  }

  @Test
  void shouldNotReportNegativeWearForABatteryAboveItsDesign() {
    BatteryReport r =
        BatteryReport.from(
            new BatteryReading(
                "BAT0", "t", null, null, null, "Li-ion", null, null, null, null, null, 51.0, 50.0,
                null, null, null));
    assertThat(r.capacityPercent()).isEqualTo(102.0);
    assertThat(r.wearLevelPercent()).isEqualTo(0.0);
    assertThat(r.healthVerdict()).isEqualTo("Excellent");
    assertThat(r.state()).isEqualTo("Unknown");
    assertThat(r.text())
        .isEqualTo(
            "Technology: Li-ion\nState: Unknown\nCapacity: 102.0%\nWear Level: 0.0%\nHealth: Excellent");
  }

  @Test
  void shouldSplitVerdictsAtTheOriginalsThresholds() {
    assertThat(BatteryReport.verdict(null)).isEqualTo("Unknown");
    assertThat(BatteryReport.verdict(90.0)).isEqualTo("Excellent");
    assertThat(BatteryReport.verdict(89.9)).isEqualTo("Good");
    assertThat(BatteryReport.verdict(80.0)).isEqualTo("Good");
    assertThat(BatteryReport.verdict(79.9)).isEqualTo("Fair");
    assertThat(BatteryReport.verdict(70.0)).isEqualTo("Fair");
    assertThat(BatteryReport.verdict(60.0)).isEqualTo("Poor");
    assertThat(BatteryReport.verdict(59.9)).isEqualTo("Critical");
  }

  @Test
  void shouldFormatDurationsLikeBatteryinfo() {
    assertThat(BatteryReport.duration(4355L)).isEqualTo("1h,12m,35s");
    assertThat(BatteryReport.duration(59L)).isEqualTo("0h,0m,59s");
    assertThat(BatteryReport.duration(null)).isNull();
    assertThat(BatteryReport.duration(-1L)).isNull();
  }

  @Test
  void shouldShowTheTimeThatMatchesTheState() {
    BatteryReport charging =
        BatteryReport.from(
            new BatteryReading(
                "B",
                "t",
                null,
                null,
                null,
                null,
                50.0,
                "Charging",
                null,
                null,
                null,
                null,
                null,
                null,
                100L,
                200L));
    assertThat(charging.text()).contains("Time to Full: 0h,3m,20s").doesNotContain("Time to Empty");
    BatteryReport full =
        BatteryReport.from(
            new BatteryReading(
                "B", "t", null, null, null, null, 100.0, "Full", null, null, null, null, null, null,
                100L, 200L));
    assertThat(full.text()).doesNotContain("Time to");
  }
}
