package io.autoservice.agent.tasks.battery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.testing.FakeTaskContext;
import io.autoservice.agent.testing.Fixtures;
import io.autoservice.agent.testing.ReferenceKeys;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.json.Json;
import io.autoservice.common.protocol.ReportJson;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatteryHealthReportHandlerTest {
  private static final List<String> RESULT_KEYS =
      List.of(
          "vendor",
          "model",
          "serial_number",
          "technology",
          "percent",
          "state",
          "capacity_percent",
          "temperature_c",
          "cycle_count",
          "energy_wh",
          "energy_full_wh",
          "energy_full_design_wh",
          "voltage_v",
          "time_to_empty",
          "time_to_full",
          "health_verdict",
          "wear_level_percent",
          "human_readable");

  private final ToolLocator tools = new ToolLocator(Map.of("PATH", ""), false);

  @TempDir Path tmp;

  private static BatteryHealthReportHandler onTree(String tree) {
    return new BatteryHealthReportHandler(
        new SysfsBatterySource(Fixtures.toolOutput("sysfs-power-supply", tree)));
  }

  private TaskOutcome run(BatteryHealthReportHandler h, ObjectNode params) {
    return h.run(new FakeTaskContext(params, h.descriptor().params(), tools));
  }

  private static JsonNode results(TaskOutcome o) {
    return o.summary().get("results");
  }

  private static JsonNode hr(TaskOutcome o) {
    return o.summary().get("human_readable");
  }

  /** The result as the desktop UI receives it: results laid flat over the summary. */
  private static JsonNode flat(TaskOutcome o) {
    return ReportJson.autoserviceResult(
            new TaskResult("battery_health_report", null, o.status(), o.summary(), 0.1, o.extra()))
        .get("summary");
  }

  private static JsonNode sample(String file) throws Exception {
    return Json.mapper()
        .readTree(Files.readString(Fixtures.referenceResult("battery_health_report", file)));
  }

  @Test
  void shouldDescribeItself() {
    BatteryHealthReportHandler h = onTree("synthetic-desktop-no-battery");
    assertThat(h.descriptor().type()).isEqualTo("battery_health_report");
    assertThat(h.descriptor().defaultTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(h.descriptor().requiresWindows()).isFalse();
    assertThat(h.descriptor().tool()).isEmpty();
    assertThat(h.descriptor().params().spec("index").orElseThrow().defaultValue().asInt()).isZero();
    assertThat(h.descriptor().params().validate("t", Json.object().put("index", -1))).hasSize(1);
    assertThat(h.descriptor().params().validate("t", Json.object().put("index", "first")))
        .hasSize(1);
  }

  @Test
  void shouldReportAGoodBatteryInTheOriginalsShape() throws Exception {
    TaskOutcome o = run(onTree("synthetic-laptop-energy-discharging"), Json.object());

    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    JsonNode r = results(o);
    for (String k : RESULT_KEYS) {
      assertThat(r.has(k)).as(k).isTrue();
    }
    assertThat(r.get("vendor").asText()).isEqualTo("LGC");
    assertThat(r.get("percent").asDouble()).isEqualTo(88.4);
    assertThat(r.get("capacity_percent").asDouble()).isEqualTo(85.1);
    assertThat(r.get("wear_level_percent").asDouble()).isEqualTo(14.9);
    assertThat(r.get("health_verdict").asText()).isEqualTo("Good");
    assertThat(r.get("time_to_empty").asText()).isEqualTo("3h,24m,59s");
    assertThat(r.get("time_to_full").isNull()).isTrue();
    assertThat(r.get("temperature_c").isNull()).isTrue();
    assertThat(r.get("batteries_found").asInt()).isEqualTo(1);
    assertThat(r.get("source").asText()).endsWith("BAT0");
    assertThat(r.get("human_readable").asText())
        .isEqualTo(
            """
        Battery: LGC 5B10W13930
        Serial: 12345
        Technology: Li-poly
        Charge Level: 88.4%
        State: Discharging
        Capacity: 85.1%
        Wear Level: 14.9%
        Cycle Count: 145
        Voltage: 12.35V
        Energy: 42.50Wh / 56.50Wh (design)
        Time to Empty: 3h,24m,59s
        Health: Good""");
    assertThat(hr(o).get("verdict").asText()).isEqualTo("Good");
    assertThat(hr(o).get("text").asText()).isEqualTo(r.get("human_readable").asText());
    assertThat(hr(o).get("notes").get(0).asText())
        .isEqualTo("The battery holds 85.1% of its design capacity (wear 14.9%).");
    assertThat(hr(o).has("reason")).isFalse();

    JsonNode ui = flat(o);
    assertThat(ui.get("human_readable").isTextual())
        .as("the UI reads the original's text")
        .isTrue();
    assertThat(ui.get("human_readable").asText()).isEqualTo(r.get("human_readable").asText());
    for (String file : List.of("test_good.json", "test_degraded.json", "test_charging.json")) {
      assertThat(ReferenceKeys.missing(sample(file).get("summary"), ui)).as(file).isEmpty();
    }
  }

  @Test
  void shouldGiveTheTimeToFullWhileCharging() {
    TaskOutcome o = run(onTree("synthetic-laptop-charge-charging"), Json.object());
    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results(o).get("state").asText()).isEqualTo("Charging");
    assertThat(results(o).get("time_to_full").asText()).isEqualTo("1h,17m,3s");
    assertThat(results(o).get("temperature_c").asDouble()).isEqualTo(28.3);
    assertThat(results(o).get("health_verdict").asText()).isEqualTo("Excellent");
    assertThat(results(o).get("human_readable").asText())
        .contains("Time to Full: 1h,17m,3s\nHealth: Excellent");
  }

  @Test
  void shouldWarnAboutACriticallyWornBattery() {
    TaskOutcome o = run(onTree("synthetic-laptop-critical-wear"), Json.object());
    assertThat(o.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(results(o).get("health_verdict").asText()).isEqualTo("Critical");
    assertThat(hr(o).get("reason").asText())
        .isEqualTo(
            "battery holds only 48.0% of its design capacity (Critical); it should be replaced");
  }

  @Test
  void shouldWarnWhenHealthCannotBeRead() {
    TaskOutcome o = run(onTree("synthetic-battery-capacity-only"), Json.object());
    assertThat(o.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(results(o).get("health_verdict").asText()).isEqualTo("Unknown");
    assertThat(results(o).get("percent").asDouble()).isEqualTo(100.0);
    assertThat(hr(o).get("reason").asText()).startsWith("battery health could not be read: ");
  }

  @Test
  void shouldSkipADesktopLikeTheOriginal() throws Exception {
    TaskOutcome o = run(onTree("synthetic-desktop-no-battery"), Json.object());

    assertThat(o.status()).isEqualTo(TaskStatus.SKIPPED);
    assertThat(hr(o).get("reason").asText()).isEqualTo("no battery found");
    JsonNode ui = flat(o);
    JsonNode reference = sample("test_no_battery.json").get("summary");
    assertThat(ReferenceKeys.missing(reference, ui)).isEmpty();
    assertThat(ui.get("error")).isEqualTo(reference.get("error"));
    assertThat(ui.get("human_readable")).isEqualTo(reference.get("human_readable"));
  }

  @Test
  void shouldPickTheBatteryByIndex() {
    BatteryHealthReportHandler h = onTree("synthetic-two-batteries-one-absent");
    assertThat(results(run(h, Json.object())).get("model").asText()).isEqualTo("01AV490");
    TaskOutcome second = run(h, Json.object().put("index", 1));
    assertThat(results(second).get("model").asText()).isEqualTo("01AV493");
    assertThat(results(second).get("state").asText()).isEqualTo("Not charging");
    assertThat(results(second).get("battery_index").asInt()).isEqualTo(1);
    assertThat(results(second).get("batteries_found").asInt()).isEqualTo(2);
    TaskOutcome third = run(h, Json.object().put("index", 2));
    assertThat(third.status()).isEqualTo(TaskStatus.SKIPPED);
    assertThat(hr(third).get("reason").asText())
        .isEqualTo("no battery found at index 2 (found 2: BAT0, BAT2)");
  }

  @Test
  void shouldFailWhenTheSourceFails() {
    BatterySource broken =
        new BatterySource() {
          @Override
          public List<BatteryReading> batteries(TaskContext ctx) throws IOException {
            throw new IOException(
                "powercfg /batteryreport failed (exit code 1): An unexpected error (0x10d2)");
          }

          @Override
          public String describe() {
            return "powercfg /batteryreport";
          }
        };
    TaskOutcome o = run(new BatteryHealthReportHandler(broken), Json.object());
    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText())
        .isEqualTo(
            "could not read battery information from powercfg /batteryreport: powercfg /batteryreport failed (exit code 1): An unexpected error (0x10d2)");
    assertThat(results(o).get("error").asText()).isEqualTo(hr(o).get("reason").asText());
    assertThat(flat(o).get("human_readable").asText()).startsWith("Battery Check: Failed (");
  }

  /** The Windows source with a stand-in powercfg that writes a recorded report where it is told. */
  @Test
  void shouldReadPowercfgsReportThroughTheWindowsSource() throws Exception {
    assumeTrue(
        !System.getProperty("os.name", "").toLowerCase().startsWith("windows"),
        "stand-in is a shell script");
    Path fake = tmp.resolve("powercfg");
    Path args = tmp.resolve("args.txt");
    Path fixture =
        Fixtures.toolOutput("powercfg", "batteryreport-xml-laptop-lenovo-83LY-partial-head.xml");
    Files.writeString(
        fake,
        "#!/bin/sh\nprintf '%s\\n' \"$@\" > '"
            + args
            + "'\n"
            + "while [ $# -gt 0 ]; do [ \"$1\" = /output ] && cp '"
            + fixture.toAbsolutePath()
            + "' \"$2\"; shift; done\n"
            + "echo 'Battery life report saved to file path x.'\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    FakeTaskContext ctx =
        new FakeTaskContext(
            Json.object(),
            new BatteryHealthReportHandler(new PowercfgBatterySource(fake)).descriptor().params(),
            tools);

    TaskOutcome o = new BatteryHealthReportHandler(new PowercfgBatterySource(fake)).run(ctx);

    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    List<String> argv = Files.readAllLines(args);
    assertThat(argv.subList(0, 3)).containsExactly("/batteryreport", "/xml", "/output");
    assertThat(argv.get(3)).endsWith("battery-report.xml");
    assertThat(Path.of(argv.get(3))).as("temporary report removed").doesNotExist();
    assertThat(ctx.specs.get(0).stdin()).isNull();
    assertThat(results(o).get("vendor").asText()).isEqualTo("BYD");
    assertThat(results(o).get("serial_number").asText()).isEqualTo("2545");
    assertThat(results(o).get("health_verdict").asText()).isEqualTo("Excellent");
    assertThat(results(o).get("voltage_v").isNull()).isTrue();
    assertThat(results(o).get("source").asText()).isEqualTo("powercfg /batteryreport");
  }

  @Test
  void shouldFailWhenPowercfgIsMissingOrWritesNothing() throws Exception {
    TaskOutcome missing =
        run(
            new BatteryHealthReportHandler(new PowercfgBatterySource(tmp.resolve("none.exe"))),
            Json.object());
    assertThat(missing.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(missing).get("reason").asText()).contains("powercfg not found at");
    assumeTrue(
        !System.getProperty("os.name", "").toLowerCase().startsWith("windows"),
        "stand-in is a shell script");
    Path fake = tmp.resolve("powercfg");
    Files.writeString(
        fake, "#!/bin/sh\necho 'An unexpected error condition has occurred.' >&2\nexit 1\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    TaskOutcome failed =
        run(new BatteryHealthReportHandler(new PowercfgBatterySource(fake)), Json.object());
    assertThat(failed.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(failed).get("reason").asText())
        .endsWith(
            "powercfg /batteryreport failed (exit code 1): An unexpected error condition has occurred.");
  }

  /** This machine's own batteries, whatever they are: it must end in a documented way. */
  @Test
  void shouldReadThisMachineWithoutCrashing() {
    BatteryHealthReportHandler h =
        new BatteryHealthReportHandler(BatterySource.system(ToolLocator.isWindowsHost(), Map.of()));
    TaskOutcome o = run(h, Json.object());

    assertThat(o.status())
        .isIn(TaskStatus.SUCCESS, TaskStatus.WARNING, TaskStatus.SKIPPED, TaskStatus.ERROR);
    assertThat(results(o).has("human_readable")).isTrue();
    assertThat(results(o).has("source")).isTrue();
    if (o.status() == TaskStatus.SKIPPED) {
      assertThat(hr(o).get("reason").asText()).isEqualTo("no battery found");
      assertThat(results(o).get("error").asText()).startsWith("No battery detected.");
    } else if (o.status() != TaskStatus.ERROR) {
      for (String k : RESULT_KEYS) {
        assertThat(results(o).has(k)).as(k).isTrue();
      }
    }
    if (!Files.isDirectory(Path.of("/sys/class/power_supply")) && !ToolLocator.isWindowsHost()) {
      assertThat(o.status()).isEqualTo(TaskStatus.SKIPPED); // e.g. the build container
    }
  }
}
