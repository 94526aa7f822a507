package io.autoservice.agent.tasks.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.testing.FakeTaskContext;
import io.autoservice.agent.testing.Fixtures;
import io.autoservice.agent.testing.ReferenceKeys;
import io.autoservice.agent.tools.Tool;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.agent.tools.ToolNotFoundException;
import io.autoservice.common.json.Json;
import io.autoservice.common.protocol.ReportJson;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmartctlReportHandlerTest {
  private static final List<String> RESULT_KEYS =
      List.of("drives", "queried_devices", "scan_command", "skipped_devices", "errors");

  private final SmartctlReportHandler handler = new SmartctlReportHandler();
  private final ToolLocator noSystemTools = new ToolLocator(Map.of("PATH", ""), false);

  @TempDir Path tmp;

  @BeforeEach
  void unixOnly() {
    assumeTrue(
        !System.getProperty("os.name", "").toLowerCase().startsWith("windows"),
        "the replaying fake smartctl is a shell script");
  }

  private FakeTaskContext replay(String replayCase, ObjectNode params) {
    params.put("executable_path", Fixtures.replayTool().toString());
    return new FakeTaskContext(params, handler.descriptor().params(), noSystemTools)
        .withEnv(
            Map.of(
                "FAKE_REPLAY_DIR",
                    Fixtures.root()
                        .resolve("replays/smartctl_report")
                        .resolve(replayCase)
                        .toString(),
                "FAKE_REPLAY_LOG", tmp.resolve("argv.log").toString()));
  }

  private TaskOutcome run(String replayCase) {
    return handler.run(replay(replayCase, Json.object()));
  }

  private List<String> argv() throws Exception {
    Path log = tmp.resolve("argv.log");
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  private static JsonNode results(TaskOutcome o) {
    return o.summary().get("results");
  }

  private static JsonNode hr(TaskOutcome o) {
    return o.summary().get("human_readable");
  }

  private static List<String> keysMissingFrom(TaskOutcome o, String sampleFile) throws Exception {
    JsonNode sample =
        Json.mapper()
            .readTree(Files.readString(Fixtures.referenceResult("smartctl_report", sampleFile)));
    TaskResult result =
        new TaskResult("smartctl_report", null, o.status(), o.summary(), 1.0, o.extra());
    return ReferenceKeys.missing(
        sample.get("summary"), ReportJson.autoserviceResult(result).get("summary"));
  }

  @Test
  void shouldDescribeItself() {
    assertThat(handler.descriptor().type()).isEqualTo("smartctl_report");
    assertThat(handler.descriptor().defaultTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(handler.descriptor().tool()).contains(Tool.SMARTCTL);
    assertThat(handler.descriptor().requiresWindows()).isFalse();
    assertThat(
            handler
                .descriptor()
                .params()
                .spec("detail_level")
                .orElseThrow()
                .defaultValue()
                .asText())
        .isEqualTo("basic");
    assertThat(
            handler
                .descriptor()
                .params()
                .validate("t", Json.object().put("detail_level", "verbose")))
        .hasSize(1);
    assertThat(
            handler.descriptor().params().validate("t", Json.object().put("devices", "/dev/sda")))
        .hasSize(1);
    assertThat(handler.descriptor().params().validate("t", Json.object())).isEmpty();
  }

  @Test
  void shouldReportAHealthyNvmeDrive() throws Exception {
    FakeTaskContext ctx = replay("healthy-nvme", Json.object());
    TaskOutcome o = handler.run(ctx);

    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(argv()).containsExactly("--scan -j", "-a /dev/nvme0 -j");
    JsonNode r = results(o);
    assertThat(r.get("queried_devices").asInt()).isEqualTo(1);
    assertThat(r.get("scan_command")).hasSize(3);
    assertThat(r.at("/scan_command/1").asText()).isEqualTo("--scan");
    assertThat(r.get("skipped_devices")).isEmpty();
    assertThat(r.get("errors")).isEmpty();
    JsonNode d = r.at("/drives/0");
    assertThat(d.get("name").asText()).isEqualTo("/dev/nvme0");
    assertThat(d.get("model_name").asText()).isEqualTo("Force MP510");
    assertThat(d.get("health_passed").asBoolean()).isTrue();
    assertThat(d.get("data_written_human").asText()).isEqualTo("8.2 TB");
    assertThat(d.get("exit_code").asInt()).isZero();
    assertThat(d.get("exit_notes")).isEmpty();
    assertThat(d.get("friendly").asText())
        .startsWith("Drive: Force MP510 (SN: yes, FW: ECFM12.3)\nHealth: PASSED\n");
    assertThat(hr(o).get("verdict").asText())
        .isEqualTo("All 1 drive passed the SMART health check");
    assertThat(hr(o).get("notes").get(0).asText())
        .isEqualTo("/dev/nvme0: Force MP510, SMART PASSED, 6,487 hours, 38 °C");
    assertThat(hr(o).has("reason")).isFalse();
    assertThat(o.extra().get("command")).isEqualTo(r.get("scan_command"));
    assertThat(ctx.progress)
        .extracting(FakeTaskContext.Progress::message)
        .containsExactly("Scanning for drives", "Reading /dev/nvme0 (1 of 1)", "Done");
    assertThat(ctx.specs)
        .allSatisfy(
            s -> {
              assertThat(s.timeout()).isEqualTo(Duration.ofMinutes(2));
              assertThat(s.stdin()).as("stdin closed").isNull();
            });
    assertThat(keysMissingFrom(o, "healthy_result.json")).isEmpty();
  }

  @Test
  void shouldWarnAboutAFailedDriveAndSkipUsbDisks() throws Exception {
    TaskOutcome o = run("failing-drives");

    assertThat(o.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(argv())
        .containsExactly("--scan -j", "-a /dev/nvme0 -j", "-a /dev/sda -j", "-a /dev/sdc -j");
    JsonNode r = results(o);
    assertThat(r.get("drives"))
        .extracting(n -> n.get("name").asText())
        .containsExactly("/dev/nvme0", "/dev/sda");
    assertThat(r.at("/drives/0/health_passed").asBoolean()).isFalse();
    assertThat(r.at("/drives/0/temperature").asText()).isEqualTo("52–61 °C");
    assertThat(r.at("/drives/0/exit_code").asInt()).isEqualTo(8);
    assertThat(r.at("/drives/0/exit_notes/0").asText())
        .startsWith("bit 3: SMART status check returned \"DISK FAILING\"");
    assertThat(r.at("/drives/0/friendly").asText()).contains("Health: FAILED");
    assertThat(r.at("/drives/1/health_passed").asBoolean()).isTrue();
    assertThat(r.get("skipped_devices")).hasSize(2);
    assertThat(r.at("/skipped_devices/0/device").asText()).isEqualTo("/dev/sdb");
    assertThat(r.at("/skipped_devices/0/reason").asText()).isEqualTo("usb");
    assertThat(r.at("/skipped_devices/1/device").asText()).isEqualTo("/dev/sdc");
    assertThat(r.at("/skipped_devices/1/reason").asText()).isEqualTo("usb_or_bridge");
    assertThat(r.at("/skipped_devices/1/note").asText()).contains("Unknown USB bridge");
    assertThat(r.get("queried_devices").asInt()).isEqualTo(3);
    assertThat(hr(o).get("reason").asText())
        .isEqualTo("SMART health check FAILED on /dev/nvme0 (Crucial P2 1TB)");
    assertThat(hr(o).get("verdict").asText())
        .isEqualTo("1 of 2 drives FAILED the SMART health check");
    assertThat(hr(o).get("drives_failed").asInt()).isEqualTo(1);
    assertThat(keysMissingFrom(o, "degraded_drive.json")).isEmpty();
    assertThat(keysMissingFrom(o, "drive_errors.json")).isEmpty();
  }

  @Test
  void shouldReportUnreadableDevicesAndUnknownHealthOnWindows() {
    TaskOutcome o = run("mixed-windows");

    assertThat(o.status()).isEqualTo(TaskStatus.WARNING);
    JsonNode r = results(o);
    assertThat(r.get("drives")).hasSize(1);
    assertThat(r.at("/drives/0/model_name").asText()).isEqualTo("Intel Raid 1 Volume");
    assertThat(r.at("/drives/0/health_passed").isNull()).isTrue();
    assertThat(r.at("/drives/0/exit_notes/0").asText()).startsWith("bit 2:");
    assertThat(r.get("errors")).hasSize(1);
    JsonNode e = r.at("/errors/0");
    assertThat(e.get("device").asText()).isEqualTo("/dev/sda");
    assertThat(e.get("error").asText())
        .startsWith(
            "Smartctl open device: /dev/sda failed: \\\\.\\PhysicalDrive0: Open failed, Error=5")
        .endsWith("(access denied: the agent must run as administrator/root to read SMART data)");
    assertThat(e.get("exit_code").asInt()).isEqualTo(2);
    assertThat(e.at("/command/2").asText()).isEqualTo("/dev/sda");
    String reason = hr(o).get("reason").asText();
    assertThat(reason).contains("SMART health could not be read on /dev/sdb (Intel Raid 1 Volume)");
    assertThat(reason).contains("1 of 2 devices could not be read: /dev/sda (Smartctl open device");
  }

  @Test
  void shouldSkipWhenTheScanFindsNoDrives() throws Exception {
    TaskOutcome o = run("no-drives");

    assertThat(o.status()).isEqualTo(TaskStatus.SKIPPED);
    assertThat(argv()).containsExactly("--scan -j");
    assertThat(hr(o).get("reason").asText()).isEqualTo("no drives found by smartctl --scan");
    assertThat(hr(o).get("verdict").asText()).isEqualTo("No drives found");
    assertThat(results(o).get("drives")).isEmpty();
    assertThat(results(o).get("queried_devices").asInt()).isZero();
    assertThat(results(o).has("error")).isFalse();
  }

  @Test
  void shouldSkipWhenTheScanListsOnlyUsbDisks() throws Exception {
    TaskOutcome o = run("usb-only");

    assertThat(o.status()).isEqualTo(TaskStatus.SKIPPED);
    assertThat(hr(o).get("reason").asText())
        .isEqualTo("no drives found by smartctl --scan (skipped: /dev/sdb usb)");
    assertThat(results(o).at("/skipped_devices/0/reason").asText()).isEqualTo("usb");
    assertThat(keysMissingFrom(o, "no_drives.json")).isEmpty();
  }

  @Test
  void shouldFailWhenTheScanPrintsNoJson() {
    TaskOutcome o = run("scan-fails");

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText())
        .isEqualTo(
            "smartctl --scan printed no JSON (exit code 1): Use smartctl -h to get a usage summary");
    assertThat(results(o).get("output_preview").asText())
        .contains("=======> UNRECOGNIZED OPTION: j");
    assertThat(results(o).get("error").asText()).isEqualTo(hr(o).get("reason").asText());
    for (String k : RESULT_KEYS) {
      assertThat(results(o).has(k)).as(k).isTrue();
    }
    assertThat(o.extra().get("command")).hasSize(3);
  }

  @Test
  void shouldFailWhenTheScanReportsAnError() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("scan-error"));
    Files.writeString(
        dir.resolve("scan.stdout"),
        """
        {"json_format_version":[1,0],"smartctl":{"version":[7,3],"argv":["smartctl","--scan","-j"],
         "messages":[{"string":"=======> UNRECOGNIZED OPTION: scan","severity":"error"}],"exit_status":1}}
        """);
    Files.writeString(dir.resolve("scan.exit"), "1\n");
    ObjectNode p = Json.object().put("executable_path", Fixtures.replayTool().toString());
    FakeTaskContext ctx =
        new FakeTaskContext(p, handler.descriptor().params(), noSystemTools)
            .withEnv(Map.of("FAKE_REPLAY_DIR", dir.toString()));
    Files.writeString(dir.resolve("cases"), "--scan -j|scan\n");

    TaskOutcome o = handler.run(ctx);

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText())
        .isEqualTo("smartctl --scan failed: =======> UNRECOGNIZED OPTION: scan");
  }

  @Test
  void shouldReadEachDiskBehindOneRaidControllerByItsType() throws Exception {
    TaskOutcome o = run("megaraid");

    assertThat(argv())
        .containsExactly(
            "--scan -j", "-a -d megaraid,0 /dev/bus/0 -j", "-a -d megaraid,1 /dev/bus/0 -j");
    assertThat(o.status())
        .as("exit 4 (a command failed) with a passed health check")
        .isEqualTo(TaskStatus.SUCCESS);
    JsonNode d = results(o).at("/drives/0");
    assertThat(d.get("exit_notes")).hasSize(1);
    assertThat(d.at("/messages/0").asText())
        .isEqualTo("Warning: This result is based on an Attribute check.");
    assertThat(results(o).get("drives")).hasSize(2);
  }

  @Test
  void shouldReportOnlyTheRequestedDevicesAndNameTheMissingOnes() throws Exception {
    ObjectNode p = Json.object();
    p.putArray("devices").add("/dev/nvme0").add("/dev/sdz");
    TaskOutcome o = handler.run(replay("healthy-nvme", p));

    assertThat(argv()).containsExactly("--scan -j", "-a /dev/nvme0 -j");
    assertThat(o.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(results(o).at("/skipped_devices/0/device").asText()).isEqualTo("/dev/sdz");
    assertThat(results(o).at("/skipped_devices/0/reason").asText())
        .isEqualTo("requested_but_missing");
    assertThat(hr(o).get("reason").asText()).isEqualTo("requested devices not found: /dev/sdz");
  }

  @Test
  void shouldFailWhenNoRequestedDeviceExists() throws Exception {
    ObjectNode p = Json.object();
    p.putArray("devices").add("/dev/sdz");
    TaskOutcome o = handler.run(replay("healthy-nvme", p));

    assertThat(argv()).containsExactly("--scan -j");
    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText())
        .isEqualTo("none of the requested devices was found by smartctl --scan: /dev/sdz");
  }

  @Test
  void shouldRefuseDeviceNamesThatLookLikeOptions() throws Exception {
    for (String bad : List.of("-d", "--all", "/dev/sda -x", "", "a\nb")) {
      ObjectNode p = Json.object();
      p.putArray("devices").add(bad);
      TaskOutcome o = handler.run(replay("healthy-nvme", p));
      assertThat(o.status()).as(bad).isEqualTo(TaskStatus.ERROR);
      assertThat(hr(o).get("reason").asText()).startsWith("devices: \"");
    }
    assertThat(argv()).as("smartctl never ran").isEmpty();
  }

  @Test
  void shouldAddRawJsonBesideTheBasicKeysForFullDetail() {
    TaskOutcome o = handler.run(replay("healthy-nvme", Json.object().put("detail_level", "full")));

    JsonNode d = results(o).at("/drives/0");
    assertThat(d.get("model_name").asText())
        .as("basic keys stay flat for the UI")
        .isEqualTo("Force MP510");
    assertThat(d.at("/raw/nvme_smart_health_information_log/num_err_log_entries").asInt())
        .isEqualTo(8382);
    assertThat(
            results(handler.run(replay("healthy-nvme", Json.object()))).at("/drives/0").has("raw"))
        .isFalse();
  }

  @Test
  void shouldGiveUpOnADriveThatDoesNotAnswer() throws Exception {
    SmartctlReportHandler quick = new SmartctlReportHandler(Duration.ofSeconds(1));
    long t0 = System.nanoTime();
    TaskOutcome o = quick.run(replay("slow-drive", Json.object()));

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(results(o).at("/errors/0/error").asText())
        .isEqualTo("the drive did not answer within 1 s");
    assertThat(hr(o).get("reason").asText())
        .isEqualTo("no drive could be read: /dev/nvme0 (the drive did not answer within 1 s)");
    assertThat(handler.descriptor().defaultTimeout()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void shouldReportAMissingTool() {
    ObjectNode p = Json.object().put("executable_path", tmp.resolve("no-smartctl").toString());
    TaskOutcome o =
        handler.run(new FakeTaskContext(p, handler.descriptor().params(), noSystemTools));

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText()).startsWith("smartctl not found");
    assertThat(results(o).get("drives")).isEmpty();
  }

  @Test
  void shouldUseTheConsoleSmartctlBesideGSmartControl() throws Exception {
    Path gui = Files.createFile(tmp.resolve("gsmartcontrol.exe"));
    assertThat(SmartctlReportHandler.consoleSmartctl(tmp.resolve("smartctl")))
        .isEqualTo(tmp.resolve("smartctl"));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SmartctlReportHandler.consoleSmartctl(gui))
        .isInstanceOf(ToolNotFoundException.class);
    Path console = Files.createFile(tmp.resolve("smartctl.exe"));
    assertThat(SmartctlReportHandler.consoleSmartctl(gui)).isEqualTo(console);
  }

  /** The machine's own smartctl, whatever it finds: it must end in a documented way. */
  @Test
  void shouldRunTheRealSmartctlWithoutCrashing() {
    ToolLocator system = ToolLocator.system();
    Optional<Path> real;
    try {
      real = Optional.of(system.locate(Tool.SMARTCTL, Optional.empty()));
    } catch (ToolNotFoundException e) {
      real = Optional.empty();
    }
    assumeTrue(real.isPresent(), "smartctl is not installed here");
    FakeTaskContext ctx = new FakeTaskContext(Json.object(), handler.descriptor().params(), system);

    TaskOutcome o = handler.run(ctx);

    assertThat(o.status())
        .isIn(TaskStatus.SUCCESS, TaskStatus.WARNING, TaskStatus.SKIPPED, TaskStatus.ERROR);
    for (String k : RESULT_KEYS) {
      assertThat(results(o).has(k)).as(k).isTrue();
    }
    assertThat(results(o).at("/scan_command/0").asText()).isEqualTo(real.get().toString());
    if (o.status() != TaskStatus.SUCCESS) {
      assertThat(hr(o).get("reason").asText()).isNotBlank();
    }
    if (results(o).get("drives").isEmpty()
        && results(o).get("errors").isEmpty()
        && results(o).get("skipped_devices").isEmpty()
        && !results(o).has("error")) {
      // e.g. a container or VM without disks, like the build machine
      assertThat(o.status()).isEqualTo(TaskStatus.SKIPPED);
      assertThat(hr(o).get("reason").asText()).isEqualTo("no drives found by smartctl --scan");
    }
    List<String> names = new ArrayList<>();
    results(o).get("drives").forEach(d -> names.add(d.get("name").asText()));
    assertThat(names).doesNotContainNull();
  }
}
