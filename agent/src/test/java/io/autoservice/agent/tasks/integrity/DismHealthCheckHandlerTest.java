package io.autoservice.agent.tasks.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.process.ToolCharset;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.testing.FakeTaskContext;
import io.autoservice.agent.testing.Fixtures;
import io.autoservice.agent.testing.ReferenceKeys;
import io.autoservice.agent.tools.Tool;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.json.Json;
import io.autoservice.common.protocol.ReportJson;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DismHealthCheckHandlerTest {
  private static final List<String> ALL = List.of("checkhealth", "scanhealth", "restorehealth");
  private static final List<String> PARSED_KEYS =
      List.of(
          "health_state",
          "repair_attempted",
          "repair_success",
          "error_code",
          "access_denied",
          "source_files_missing",
          "operation_complete",
          "corruption_detected",
          "message",
          "return_code");

  private final DismHealthCheckHandler handler = new DismHealthCheckHandler();
  private final ToolLocator noSystemTools = new ToolLocator(Map.of("PATH", ""), false);

  @TempDir Path tmp;

  @BeforeEach
  void unixOnly() {
    assumeTrue(
        !System.getProperty("os.name", "").toLowerCase().startsWith("windows"),
        "the replaying fake tool is a shell script");
  }

  private FakeTaskContext ctx(
      Path caseDir, List<String> actions, ToolCharset charset, Duration remaining) {
    ObjectNode params = Json.object().put("executable_path", Fixtures.replayTool().toString());
    if (actions != null) {
      ArrayNode a = params.putArray("actions");
      actions.forEach(a::add);
    }
    return new FakeTaskContext(
            params, handler.descriptor().params(), noSystemTools, charset, remaining)
        .withEnv(
            Map.of(
                "FAKE_REPLAY_DIR",
                caseDir.toString(),
                "FAKE_REPLAY_LOG",
                tmp.resolve("argv.log").toString()));
  }

  private TaskOutcome run(String replayCase, List<String> actions) {
    return handler.run(
        ctx(
            IntegrityFixtures.replays("dism_health_check", replayCase),
            actions,
            null,
            Duration.ofMinutes(5)));
  }

  private TaskOutcome run(String replayCase, List<String> actions, String oemCharset) {
    ToolCharset cs =
        ToolCharset.auto(Charset.forName(oemCharset)); // a PC whose OEM code page is this
    return handler.run(
        ctx(
            IntegrityFixtures.replays("dism_health_check", replayCase),
            actions,
            cs,
            Duration.ofMinutes(5)));
  }

  private static JsonNode results(TaskOutcome o) {
    return o.summary().get("results");
  }

  private static String reason(TaskOutcome o) {
    return o.summary().at("/human_readable/reason").asText();
  }

  @Test
  void shouldDescribeItself() {
    assertThat(handler.descriptor().type()).isEqualTo("dism_health_check");
    assertThat(handler.descriptor().defaultTimeout())
        .isEqualTo(Duration.ofSeconds(3600 + 3600 + 7200 + 300));
    assertThat(handler.descriptor().requiresWindows()).isTrue();
    assertThat(handler.descriptor().tool()).contains(Tool.DISM);
    assertThat(
            handler
                .descriptor()
                .params()
                .spec("actions")
                .orElseThrow()
                .defaultValue()
                .get(0)
                .asText())
        .isEqualTo("checkhealth");
    assertThat(
            handler
                .descriptor()
                .params()
                .validate("t", Json.object().put("actions", "checkhealth")))
        .hasSize(1);
  }

  @Test
  void shouldAcceptActionsInAnyCaseAndRefuseAnythingElse() {
    assertThat(DismHealthCheckHandler.actions(List.of("CheckHealth", "SCANHEALTH", "checkhealth")))
        .contains(List.of("checkhealth", "scanhealth"));
    assertThat(DismHealthCheckHandler.actions(List.of())).contains(List.of("checkhealth"));
    assertThat(DismHealthCheckHandler.actions(List.of("checkhealth", "/Source:C:\\x"))).isEmpty();
    assertThat(DismHealthCheckHandler.actions(List.of("restorehealth /LimitAccess"))).isEmpty();

    FakeTaskContext ctx = ctx(tmp, List.of("checkhealth", "/Online"), null, Duration.ofMinutes(5));
    TaskOutcome o = handler.run(ctx);
    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(reason(o))
        .startsWith("actions must be a list of checkhealth, scanhealth, restorehealth");
    assertThat(ctx.specs).as("nothing ran").isEmpty();
  }

  @Test
  void shouldRunOnlyCheckHealthByDefault() throws Exception {
    TaskOutcome o = run("healthy", null);

    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results(o).get("steps")).hasSize(1);
    assertThat(Files.readAllLines(tmp.resolve("argv.log")))
        .containsExactly("/English /Online /Cleanup-Image /CheckHealth");
  }

  @Test
  void shouldReportAHealthyStoreOverThreeStepsWithOverallProgress() throws Exception {
    FakeTaskContext ctx =
        ctx(
            IntegrityFixtures.replays("dism_health_check", "healthy"),
            ALL,
            null,
            Duration.ofMinutes(5));
    TaskOutcome o = handler.run(ctx);

    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    JsonNode r = results(o);
    assertThat(r.get("verdict").asText())
        .isEqualTo("Component store is healthy. No corruption detected.");
    assertThat(r.get("steps")).hasSize(3);
    JsonNode scan = r.get("steps").get(1);
    List<String> stepKeys = new ArrayList<>();
    scan.fieldNames().forEachRemaining(stepKeys::add);
    assertThat(stepKeys)
        .containsExactly("action", "return_code", "parsed", "stderr", "command", "success");
    List<String> parsedKeys = new ArrayList<>();
    scan.get("parsed").fieldNames().forEachRemaining(parsedKeys::add);
    assertThat(parsedKeys).containsExactlyElementsOf(PARSED_KEYS);
    assertThat(scan.get("action").asText()).isEqualTo("scanhealth");
    assertThat(scan.at("/parsed/health_state").asText()).isEqualTo("healthy");
    assertThat(scan.get("success").asBoolean()).isTrue();
    assertThat(Json.compact(scan.get("command")))
        .isEqualTo(
            Json.compact(
                Json.array()
                    .add(Fixtures.replayTool().toString())
                    .add("/English")
                    .add("/Online")
                    .add("/Cleanup-Image")
                    .add("/ScanHealth")));
    // the last step's keys at the top level, as the original merged them
    assertThat(r.get("health_state").asText()).isEqualTo("healthy");
    assertThat(r.get("repair_success").asBoolean()).isTrue();
    assertThat(r.get("return_code").asInt()).isZero();
    assertThat(o.extra().get("command").get(4).asText()).isEqualTo("/RestoreHealth");
    assertThat(o.summary().at("/human_readable/steps").toString()).contains("ScanHealth: healthy");
    assertThat(Files.readAllLines(tmp.resolve("argv.log")))
        .containsExactly(
            "/English /Online /Cleanup-Image /CheckHealth",
            "/English /Online /Cleanup-Image /ScanHealth",
            "/English /Online /Cleanup-Image /RestoreHealth");

    // Each step starts at its share; the bars move it on: ScanHealth 50 % = (1 + 0.5) / 3.
    List<Double> percents = ctx.progress.stream().map(FakeTaskContext.Progress::percent).toList();
    assertThat(percents.get(0)).isZero();
    assertThat(percents).contains(100.0 / 3, 50.0, 100.0);
    assertThat(percents).isSorted();
    assertThat(ctx.progress).anyMatch(p -> p.message().equals("ScanHealth 50.0%"));
  }

  @Test
  void shouldCallARepairableStoreThatRestoreHealthFixedASuccess() {
    // The spec's original said "warning" here: it waited for "corruption was repaired", which
    // Windows 10 no longer prints after "The restore operation completed successfully."
    TaskOutcome o =
        run("repairable-then-restored", List.of("scanhealth", "checkhealth", "restorehealth"));

    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results(o).get("verdict").asText())
        .isEqualTo("Component store corruption was repaired.");
    assertThat(results(o).at("/steps/0/parsed/health_state").asText()).isEqualTo("repairable");
    assertThat(results(o).at("/steps/0/parsed/corruption_detected").asBoolean()).isTrue();
    assertThat(results(o).at("/steps/2/parsed/repair_success").asBoolean()).isTrue();
    assertThat(results(o).at("/steps/2/parsed/health_state").asText()).isEqualTo("healthy");
  }

  @Test
  void shouldWarnAboutARepairableStoreWhenNoRepairRan() {
    TaskOutcome o = run("repairable-then-restored", List.of("checkhealth"));

    assertThat(o.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(reason(o))
        .isEqualTo(
            "Component store corruption detected but not repaired: run DISM /RestoreHealth.");
  }

  @Test
  void shouldWarnWhenTheRepairSourceIsMissing() {
    TaskOutcome o = run("repairable-source-missing", ALL);

    assertThat(o.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(reason(o)).startsWith("Source files for the repair could not be found (0x800f081f)");
    JsonNode restore = results(o).at("/steps/2");
    assertThat(restore.get("success").asBoolean()).isFalse();
    assertThat(restore.get("return_code").asInt()).isEqualTo(31);
    assertThat(restore.at("/parsed/error_code").asText()).isEqualTo("0x800f081f");
    assertThat(restore.at("/parsed/source_files_missing").asBoolean()).isTrue();
    assertThat(restore.at("/parsed/repair_success").asBoolean()).isFalse();
    assertThat(restore.at("/parsed/error").asText()).startsWith("Source files not available");
    assertThat(results(o).get("warning").asText()).isEqualTo(reason(o));
    assertThat(results(o).has("error")).as("the step's error stays in the step").isFalse();
  }

  @Test
  void shouldSayThatDismNeedsAdministratorRights() {
    TaskOutcome o = run("not-elevated", ALL);

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(reason(o)).contains("requires administrator rights (error 740)");
    assertThat(results(o).get("error_code").asText()).isEqualTo("740");
    assertThat(results(o).get("access_denied").asBoolean()).isTrue();
  }

  @Test
  void shouldReadTheGermanOutputInItsOemCodePage() {
    TaskOutcome o = run("de-healthy", ALL, "IBM850");

    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results(o).at("/steps/0/parsed/message").asText())
        .contains("Es wurde keine Komponentenspeicherbeschädigung erkannt.");
  }

  @Test
  void shouldReadTheRussianRepairInItsOemCodePage() {
    TaskOutcome o = run("ru-restore-repaired", List.of("restorehealth"), "IBM866");

    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(results(o).get("health_state").asText()).isEqualTo("repaired");
    assertThat(results(o).get("verdict").asText())
        .isEqualTo("Component store corruption was repaired.");
  }

  @Test
  void shouldWarnInsteadOfClaimingSuccessWhenTheVerdictIsInAnUnknownLanguage() {
    TaskOutcome o = run("es-unrecognised", List.of("checkhealth"), "IBM850");

    assertThat(o.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(reason(o))
        .startsWith("DISM finished but its verdict could not be read for CheckHealth")
        .endsWith("La operación se completó correctamente.");
  }

  @Test
  void shouldFailOnAnyOtherDismError() {
    TaskOutcome o = run("error-87", List.of("scanhealth"));

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(reason(o))
        .startsWith(
            "One or more DISM operations failed: ScanHealth exited with code 87 (error 87)");
    assertThat(results(o).at("/steps/0/parsed/error").asText())
        .isEqualTo("DISM failed with error code 87");
  }

  @Test
  void shouldStopAtAStepThatTimesOutAndSaySo() throws Exception {
    Path dir = tmp.resolve("slow");
    IntegrityFixtures.writeCase(
        dir, "default", "\r\n[====    10.0%     ]\r".getBytes(StandardCharsets.US_ASCII), 0, 30.0);
    FakeTaskContext ctx = ctx(dir, ALL, null, Duration.ofMillis(1500));
    long t0 = System.nanoTime();
    TaskOutcome o = handler.run(ctx);

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(reason(o)).isEqualTo("DISM CheckHealth timed out after 1.5 s.");
    assertThat(results(o).get("action").asText()).isEqualTo("checkhealth");
    assertThat(results(o).get("steps")).hasSize(1);
    assertThat(ctx.specs).hasSize(1);
  }

  @Test
  void shouldFailWhenDismIsMissing() {
    FakeTaskContext ctx =
        new FakeTaskContext(
            Json.object().put("executable_path", tmp.resolve("no-dism.exe").toString()),
            handler.descriptor().params(),
            noSystemTools);
    TaskOutcome o = handler.run(ctx);

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(reason(o)).startsWith("dism not found");
    assertThat(results(o).get("steps")).isEmpty();
  }

  @Test
  void shouldHaveEveryKeyOfTheOriginalUisSamples() throws Exception {
    Map<String, TaskOutcome> equivalents =
        Map.of(
            "healthy.json", run("healthy", ALL),
            "repairable.json", run("repairable-then-restored", ALL),
            "repair_failed.json", run("repairable-source-missing", ALL));
    for (Map.Entry<String, TaskOutcome> e : equivalents.entrySet()) {
      JsonNode sample =
          Json.parse(
              Files.readString(
                  Fixtures.referenceResult("dism_health_check", e.getKey()),
                  StandardCharsets.UTF_8));
      TaskOutcome o = e.getValue();
      JsonNode ours =
          ReportJson.autoserviceResult(
              new TaskResult("dism_health_check", null, o.status(), o.summary(), 1.0, o.extra()));
      assertThat(ReferenceKeys.missing(sample.get("summary"), ours.get("summary")))
          .as(e.getKey())
          .isEmpty();
      for (int i = 0; i < 3; i++) {
        assertThat(ours.at("/summary/steps/" + i + "/action").asText())
            .isEqualTo(sample.at("/summary/steps/" + i + "/action").asText());
        if (i == 2 && e.getKey().equals("repair_failed.json")) {
          // The sample's failed RestoreHealth says "repairable"; the recorded one states no health.
          assertThat(ours.at("/summary/steps/2/parsed/repair_success").asBoolean()).isFalse();
          continue;
        }
        assertThat(ours.at("/summary/steps/" + i + "/parsed/health_state").asText())
            .as(e.getKey() + " step " + i)
            .isEqualTo(sample.at("/summary/steps/" + i + "/parsed/health_state").asText());
      }
    }
  }
}
