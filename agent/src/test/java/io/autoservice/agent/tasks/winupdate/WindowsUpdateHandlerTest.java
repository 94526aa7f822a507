package io.autoservice.agent.tasks.winupdate;

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
import io.autoservice.common.json.Json;
import io.autoservice.common.protocol.ReportJson;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowsUpdateHandlerTest {
  private static final String TOOL = "pswindowsupdate";

  private final WindowsUpdateHandler handler = new WindowsUpdateHandler();
  private final ToolLocator noSystemTools = new ToolLocator(Map.of("PATH", ""), false);

  @TempDir Path tmp;

  @BeforeEach
  void unixOnly() {
    assumeTrue(
        !System.getProperty("os.name", "").toLowerCase().startsWith("windows"),
        "the fake PowerShell is a shell script");
  }

  /** A replay case folder: default.stdout from a fixture, optional stderr fixture and exit code. */
  private Path replayCase(String stdoutFixture, String stderrFixture, int exit) throws Exception {
    Path dir = Files.createTempDirectory(tmp, "case");
    if (stdoutFixture != null) {
      Files.copy(Fixtures.toolOutput(TOOL, stdoutFixture), dir.resolve("default.stdout"));
    }
    if (stderrFixture != null) {
      Files.copy(Fixtures.toolOutput(TOOL, stderrFixture), dir.resolve("default.stderr"));
    }
    Files.writeString(dir.resolve("default.exit"), Integer.toString(exit));
    return dir;
  }

  private TaskOutcome run(Path caseDir, ObjectNode params) throws Exception {
    FakeTaskContext ctx =
        context(params.put("executable_path", Fixtures.replayTool().toString()))
            .withEnv(Map.of("FAKE_REPLAY_DIR", caseDir.toString()));
    return handler.run(ctx);
  }

  private FakeTaskContext context(ObjectNode params) {
    return new FakeTaskContext(params, handler.descriptor().params(), noSystemTools);
  }

  private static JsonNode flatSummary(TaskOutcome o) {
    TaskResult r = new TaskResult("windows_update", null, o.status(), o.summary(), 1.0, o.extra());
    return ReportJson.autoserviceResult(r).get("summary");
  }

  private static JsonNode reference(String name) throws Exception {
    return Json.parse(Files.readString(Fixtures.referenceResult("windows_update", name)))
        .get("summary");
  }

  @Test
  void shouldDescribeItself() {
    assertThat(handler.descriptor().type()).isEqualTo("windows_update");
    assertThat(handler.descriptor().requiresWindows()).isTrue();
    assertThat(handler.descriptor().tool()).contains(Tool.POWERSHELL);
    assertThat(handler.descriptor().defaultTimeout()).isEqualTo(Duration.ofHours(3));
    assertThat(
            handler
                .descriptor()
                .params()
                .spec("accept_all")
                .orElseThrow()
                .defaultValue()
                .asBoolean())
        .isTrue();
    assertThat(handler.descriptor().params().validate("t", Json.object().put("accept_all", "yes")))
        .hasSize(1);
    assertThat(handler.descriptor().params().validate("t", Json.object().put("acceptAll", false)))
        .isEmpty();
  }

  @Test
  void shouldInstallUpdatesAndReportProgressAsTheScriptPrintsIt() throws Exception {
    FakeTaskContext ctx =
        context(Json.object().put("executable_path", Fixtures.replayTool().toString()))
            .withEnv(
                Map.of(
                    "FAKE_REPLAY_DIR",
                    Fixtures.root().resolve("replays/windows_update/updated").toString()));

    TaskOutcome o = handler.run(ctx);

    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    JsonNode results = o.summary().get("results");
    assertThat(results.at("/install/count_installed").asInt()).isEqualTo(5);
    assertThat(results.path("reboot_required").asBoolean()).isTrue();
    assertThat(results.path("exit_code").asInt()).isZero();
    assertThat(results.path("duration_seconds").asDouble()).isGreaterThanOrEqualTo(1.0);
    assertThat(o.summary().at("/human_readable/verdict").asText()).isEqualTo("updated");
    assertThat(ctx.progress).hasSize(18);
    assertThat(ctx.progress.get(0))
        .isEqualTo(new FakeTaskContext.Progress(2, "Windows Update: prepare module"));
    assertThat(ctx.progress)
        .extracting(FakeTaskContext.Progress::message)
        .contains(
            "Windows Update: install 5/5: Intel Corporation - Bluetooth - 22.200.0.2",
            "Windows Update: post-scan");
    assertThat(ctx.progress.get(ctx.progress.size() - 1).percent()).isEqualTo(100);

    List<String> command = ctx.specs.get(0).command();
    assertThat(command.subList(1, command.size() - 1))
        .containsExactly("-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-File");
    Path script = Path.of(command.get(command.size() - 1));
    assertThat(script.getFileName().toString()).isEqualTo("windows-update.ps1");
    assertThat(ctx.specs.get(0).workingDir()).isEqualTo(script.getParent());
    assertThat(script).doesNotExist();
    assertThat(script.getParent()).doesNotExist();
    assertThat(o.extra().get("command").get(0).asText())
        .isEqualTo(Fixtures.replayTool().toString());
  }

  @Test
  void shouldGiveTheUiEveryKeyOfItsSuccessSample() throws Exception {
    TaskOutcome o = run(Fixtures.root().resolve("replays/windows_update/updated"), Json.object());

    assertThat(ReferenceKeys.missing(reference("test_success.json"), flatSummary(o))).isEmpty();
  }

  @Test
  void shouldGiveTheUiEveryKeyOfItsNoUpdatesSample() throws Exception {
    TaskOutcome o = run(replayCase("synthetic-no-updates.txt", null, 0), Json.object());

    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(o.summary().at("/human_readable/verdict").asText()).isEqualTo("up-to-date");
    assertThat(ReferenceKeys.missing(reference("test_no_updates.json"), flatSummary(o))).isEmpty();
  }

  @Test
  void shouldWarnWhenSomeUpdatesFailedLikeTheWithErrorsSample() throws Exception {
    TaskOutcome o = run(Fixtures.root().resolve("replays/windows_update/failed"), Json.object());

    assertThat(o.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(o.summary().at("/human_readable/reason").asText())
        .startsWith("2 updates failed to install");
    assertThat(o.summary().at("/results/stderr_excerpt").asText())
        .isEqualTo("Install-WindowsUpdate : Exception from HRESULT: 0x80070070");
    assertThat(ReferenceKeys.missing(reference("test_with_errors.json"), flatSummary(o))).isEmpty();
  }

  @Test
  void shouldFailWhenTheModuleIsMissingLikeTheModuleMissingSample() throws Exception {
    TaskOutcome o =
        run(Fixtures.root().resolve("replays/windows_update/module-missing"), Json.object());

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(o.summary().at("/results/exit_code").asInt()).isEqualTo(1);
    assertThat(o.summary().at("/human_readable/reason").asText())
        .startsWith("The PSWindowsUpdate PowerShell module is not available");
    assertThat(ReferenceKeys.missing(reference("test_module_missing.json"), flatSummary(o)))
        .isEmpty();
  }

  @Test
  void shouldFailWithPowershellsOwnErrorWhenTheScriptCannotRun() throws Exception {
    TaskOutcome o =
        run(Fixtures.root().resolve("replays/windows_update/script-blocked"), Json.object());

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    JsonNode results = o.summary().get("results");
    assertThat(results.fieldNames())
        .toIterable()
        .containsExactly(
            "error", "exit_code", "stderr_excerpt", "stdout_excerpt_on_error", "duration_seconds");
    assertThat(results.path("exit_code").asInt()).isEqualTo(1);
    assertThat(results.path("stderr_excerpt").asText())
        .contains("running scripts is disabled on this system");
    assertThat(o.summary().at("/human_readable/reason").asText())
        .startsWith(
            "Windows Update script gave no result: the script printed no result (PowerShell exit code 1); "
                + "File C:\\Windows\\TEMP\\autoservice-wu-")
        .contains("cannot be loaded because running scripts is disabled on this system");
  }

  @Test
  void shouldFailWhenTheResultWasCutOff() throws Exception {
    TaskOutcome o = run(replayCase("synthetic-cut-off-result.txt", null, 143), Json.object());

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(o.summary().at("/human_readable/reason").asText())
        .contains("cut off")
        .contains("exit code 143");
    assertThat(o.summary().at("/results/stdout_excerpt_on_error").asText())
        .contains("[WU] download 1/1 55");
  }

  @Test
  void shouldKeepNonAsciiTitlesIntact() throws Exception {
    TaskOutcome o =
        run(replayCase("synthetic-pl-list-only-accept-all-false.txt", null, 0), Json.object());

    assertThat(o.summary().at("/results/pre_scan/items/0/Title").asText())
        .startsWith("Narzędzie Windows do usuwania złośliwego oprogramowania dla systemów");
  }

  @Test
  void shouldPassTheSwitchesToTheScriptInEitherSpelling() throws Exception {
    Path copy = tmp.resolve("script-copy.ps1");
    Path fake = tmp.resolve("powershell");
    Files.writeString(
        fake,
        "#!/bin/sh\n"
            + "while [ $# -gt 0 ]; do [ \"$1\" = -File ] && cp \"$2\" '"
            + copy
            + "'; shift; done\n"
            + "cat '"
            + Fixtures.toolOutput(TOOL, "synthetic-no-updates.txt")
            + "'\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));

    handler.run(
        context(
            Json.object()
                .put("executable_path", fake.toString())
                .put("acceptAll", false)
                .put("microsoftUpdate", false)
                .put("ignore_reboot", true)
                .put("ignoreReboot", false)));

    String script = Files.readString(copy, StandardCharsets.UTF_8);
    assertThat(script).startsWith("\uFEFF#");
    assertThat(script)
        .contains(
            "$ParamMicrosoftUpdate = $false\r\n",
            "$ParamAcceptAll = $false\r\n",
            "$ParamIgnoreReboot = $true\r\n");
  }

  @Test
  void shouldFailWhenPowershellIsNotThere() throws Exception {
    TaskOutcome o =
        handler.run(
            context(Json.object().put("executable_path", tmp.resolve("nope.exe").toString())));

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(o.summary().at("/human_readable/reason").asText())
        .startsWith("PowerShell not found");
  }
}
