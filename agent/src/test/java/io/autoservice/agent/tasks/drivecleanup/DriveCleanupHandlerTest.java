package io.autoservice.agent.tasks.drivecleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.process.ToolCharset;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.testing.FakeTaskContext;
import io.autoservice.agent.testing.Fixtures;
import io.autoservice.agent.tools.Tool;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriveCleanupHandlerTest {
  private static final List<String> RESULT_KEYS =
      List.of(
          "version",
          "arch",
          "intent",
          "counts",
          "removed_items_total",
          "removed_items_truncated",
          "exit_code",
          "stdout_excerpt",
          "stderr_excerpt");

  private final DriveCleanupHandler handler = new DriveCleanupHandler();
  private final ToolLocator noSystemTools = new ToolLocator(Map.of("PATH", ""), false);

  @TempDir Path tmp;
  private Path cases;
  private TaskOutcome outcome;

  @BeforeEach
  void unixOnly() throws Exception {
    assumeTrue(
        !System.getProperty("os.name", "").toLowerCase().startsWith("windows"),
        "the fake DriveCleanup is a shell script");
    cases = Files.createDirectories(tmp.resolve("case"));
  }

  private FakeTaskContext run(String fixture, int exit, ObjectNode params) throws Exception {
    Files.copy(Fixtures.toolOutput("drivecleanup", fixture), cases.resolve("default.stdout"));
    Files.writeString(cases.resolve("default.exit"), Integer.toString(exit));
    params.put("executable_path", Fixtures.replayTool().toString());
    FakeTaskContext ctx =
        new FakeTaskContext(params, handler.descriptor().params(), noSystemTools)
            .withEnv(
                Map.of(
                    "FAKE_REPLAY_DIR",
                    cases.toString(),
                    "FAKE_REPLAY_LOG",
                    tmp.resolve("argv.log").toString()));
    outcome = handler.run(ctx);
    return ctx;
  }

  private JsonNode results() {
    return outcome.summary().get("results");
  }

  private JsonNode hr() {
    return outcome.summary().get("human_readable");
  }

  private String argv() throws Exception {
    return Files.readAllLines(tmp.resolve("argv.log")).get(0);
  }

  @Test
  void shouldDescribeItself() {
    assertThat(handler.descriptor().type()).isEqualTo("drivecleanup_clean");
    assertThat(handler.descriptor().requiresWindows()).isTrue();
    assertThat(handler.descriptor().tool()).contains(Tool.DRIVECLEANUP);
    assertThat(handler.descriptor().defaultTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(handler.descriptor().params().validate("t", Json.object().put("max_items", 0)))
        .hasSize(1);
    assertThat(handler.descriptor().params().validate("t", Json.object().put("max_items", 10_001)))
        .hasSize(1);
    ObjectNode cats = Json.object();
    cats.putArray("categories").add("USB").add("reg").add("volume").add("toasters");
    assertThat(handler.descriptor().params().validate("t", cats))
        .hasSize(1)
        .first()
        .asString()
        .contains("toasters");
  }

  @Test
  void shouldCleanEverythingByDefaultAndReportTheTotals() throws Exception {
    FakeTaskContext ctx = run("synthetic-cleanup-all.txt", 0, Json.object());

    assertThat(outcome.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(argv()).isEqualTo("-n");
    assertThat(results().fieldNames()).toIterable().containsExactlyElementsOf(RESULT_KEYS);
    assertThat(results().path("version").asText()).isEqualTo("1.6.5");
    assertThat(results().path("arch").asText()).isEqualTo("x64");
    assertThat(results().at("/intent/cleanup_all").asBoolean()).isTrue();
    assertThat(results().at("/intent/no_wait").asBoolean()).isTrue();
    assertThat(results().at("/intent/test_only").asBoolean()).isFalse();
    assertThat(results().at("/counts/usb_devices_removed").asLong()).isEqualTo(2L);
    assertThat(results().at("/counts/registry_items_removed").asLong()).isEqualTo(3L);
    assertThat(results().path("removed_items_total").asInt()).isEqualTo(10);
    assertThat(results().path("removed_items_truncated").asBoolean()).isFalse();
    assertThat(results().path("stdout_excerpt").asText()).endsWith("Removed 3 Items from registry");
    assertThat(hr().path("verdict").asText()).isEqualTo("removed");
    assertThat(hr().path("devices_removed").asLong()).isEqualTo(7L);
    assertThat(hr().path("notes"))
        .extracting(JsonNode::asText)
        .containsExactly(
            "Removed 2 USB devices",
            "Removed 2 disk devices",
            "Removed 1 CD-ROM device",
            "Removed 1 storage volume",
            "Removed 1 portable device (WPD)",
            "Removed 3 registry items");
    assertThat(hr().has("reason")).isFalse();
    assertThat(ctx.specs.get(0).workingDir())
        .isEqualTo(Fixtures.replayTool().toAbsolutePath().normalize().getParent());
    assertThat(ctx.specs.get(0).charset()).isEqualTo(ToolCharset.oem());
    assertThat(ctx.progress).hasSize(10);
    assertThat(ctx.progress.get(0).message())
        .isEqualTo("Removing usb device USB\\VID_0781&PID_5567\\4C530001230720117393 (1)");
  }

  @Test
  void shouldTurnCategoriesIntoFlagsInDriveCleanupsOrderAndListItems() throws Exception {
    ObjectNode p =
        Json.object()
            .put("test_only", true)
            .put("no_wait", false)
            .put("hubs_only", true)
            .put("include_items", true)
            .put("include_full_output", true);
    p.putArray("categories")
        .add("USB")
        .add("disks")
        .add("cdroms")
        .add("volumes")
        .add("wpd")
        .add("registry");
    run("synthetic-test-only.txt", 0, p);

    assertThat(outcome.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(argv()).isEqualTo("-t -v -d -c -u -h -w -r");
    assertThat(results().at("/intent/cleanup_all").asBoolean()).isFalse();
    assertThat(results().at("/intent/floppies_only").asBoolean()).isFalse();
    assertThat(results().at("/intent/usb_storage_only").asBoolean()).isTrue();
    assertThat(results().path("removed_items")).hasSize(4);
    assertThat(results().at("/removed_items/2/category").asText()).isEqualTo("volume");
    assertThat(results().path("stdout_full").asText())
        .startsWith("DriveCleanup V1.6.5 (x64)")
        .contains("Test mode");
    assertThat(hr().path("verdict").asText()).isEqualTo("test_only");
    assertThat(hr().path("notes").get(0).asText())
        .startsWith("Test mode (-t): nothing was removed");
    assertThat(hr().path("notes"))
        .extracting(JsonNode::asText)
        .contains("Would remove 1 USB device");
  }

  @Test
  void shouldSayWhenThereWasNothingToClean() throws Exception {
    run("synthetic-nothing-to-clean.txt", 0, Json.object());

    assertThat(outcome.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(hr().path("verdict").asText()).isEqualTo("nothing_to_remove");
    assertThat(hr().path("notes"))
        .extracting(JsonNode::asText)
        .containsExactly("No stale drives, volumes or registry entries found");
  }

  @Test
  void shouldTruncateTheItemListAtMaxItems() throws Exception {
    run(
        "synthetic-many-items.txt",
        0,
        Json.object().put("include_items", true).put("max_items", 5));

    assertThat(results().path("removed_items")).hasSize(5);
    assertThat(results().path("removed_items_total").asInt()).isEqualTo(12);
    assertThat(results().path("removed_items_truncated").asBoolean()).isTrue();
  }

  @Test
  void shouldCountUsageTextAsANoOpLikeTheOriginal() throws Exception {
    run("synthetic-usage.txt", 1, Json.object());

    assertThat(outcome.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(hr().path("verdict").asText()).isEqualTo("nothing_done");
    assertThat(hr().path("notes").get(0).asText())
        .startsWith("DriveCleanup printed its usage text and removed nothing (exit code 1)");
    assertThat(results().path("exit_code").asInt()).isEqualTo(1);
  }

  @Test
  void shouldFailWhenUsageTextAnswersTheTasksExtraArguments() throws Exception {
    ObjectNode p = Json.object();
    p.putArray("additional_args").add("-x");
    run("synthetic-usage.txt", 1, p);

    assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(argv()).isEqualTo("-n -x");
    assertThat(hr().path("reason").asText())
        .isEqualTo("DriveCleanup printed its usage text: it did not accept the arguments -x.");
  }

  @Test
  void shouldFailOnANonZeroExitCode() throws Exception {
    run("synthetic-no-admin.txt", 2, Json.object());

    assertThat(outcome.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr().path("reason").asText())
        .isEqualTo("DriveCleanup failed with exit code 2: Admin privileges required, aborting.");
    assertThat(results().path("error").asText()).isEqualTo(hr().path("reason").asText());
    assertThat(results().path("version").asText()).as("still parsed").isEqualTo("1.6.5");
  }

  @Test
  void shouldWarnWhenASuccessfulRunPrintedNoTotals() throws Exception {
    run("synthetic-no-admin.txt", 0, Json.object());

    assertThat(outcome.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(hr().path("verdict").asText()).isEqualTo("unknown");
    assertThat(hr().path("reason").asText())
        .endsWith("last line: Admin privileges required, aborting.");
    assertThat(results().path("output_preview").asText()).startsWith("DriveCleanup V1.6.5");
  }

  @Test
  void shouldRefuseBadArgumentsBeforeStarting() throws Exception {
    for (ObjectNode p :
        List.of(
            Json.object().put("max_items", 0),
            withList("additional_args", "-t; del C:\\"),
            withList("categories", "toasters"))) {
      p.put("executable_path", Fixtures.replayTool().toString());
      TaskOutcome o =
          handler.run(new FakeTaskContext(p, handler.descriptor().params(), noSystemTools));
      assertThat(o.status()).as(p.toString()).isEqualTo(TaskStatus.ERROR);
      assertThat(o.summary().at("/results/error").asText()).as(p.toString()).isNotBlank();
    }
    TaskOutcome o =
        handler.run(
            new FakeTaskContext(
                Json.object().put("executable_path", tmp.resolve("DriveCleanup.exe").toString()),
                handler.descriptor().params(),
                noSystemTools));
    assertThat(o.summary().at("/human_readable/reason").asText()).contains("DriveCleanup");
  }

  private static ObjectNode withList(String key, String value) {
    ObjectNode p = Json.object();
    p.putArray(key).add(value);
    return p;
  }
}
