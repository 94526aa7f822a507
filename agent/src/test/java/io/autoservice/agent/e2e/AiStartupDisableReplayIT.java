package io.autoservice.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.testing.Fixtures;
import io.autoservice.agent.testing.LocalChatServer;
import io.autoservice.agent.testing.ReferenceKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent run} of {@code ai_startup_disable} through the built jar: reg.exe is the replaying
 * fake tool (fixtures/replays/ai_startup_disable/), the Startup folder a temporary one, the model a
 * local server on 127.0.0.1, and the API key a secret of the agent config file.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class AiStartupDisableReplayIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String KEY = "sk-test-it-startup-aabbccddeeff00112233";
  static final String DISCORD =
      "reg:HKEY_CURRENT_USER:Software\\Microsoft\\Windows\\CurrentVersion\\Run:Discord";
  static final String SECURITY =
      "reg:HKEY_LOCAL_MACHINE:Software\\Microsoft\\Windows\\CurrentVersion\\Run:SecurityHealth";

  @TempDir Path tmp;
  private LocalChatServer server;
  private Path startup;
  private Path config;

  @BeforeEach
  void setUp() throws Exception {
    server = LocalChatServer.start();
    startup =
        Files.createDirectories(
            tmp.resolve("appdata/Microsoft/Windows/Start Menu/Programs/Startup"));
    Files.writeString(startup.resolve("Slack.lnk"), "lnk");
    config = tmp.resolve("agent.json");
    Files.writeString(
        config,
        "{\"secrets\": {\"openai_api_key\": {\"value\": \""
            + KEY
            + "\", \"base_urls\": [\""
            + server.baseUrl()
            + "\"]}}}");
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private Map<String, String> env(boolean withReg) {
    Map<String, String> env = new HashMap<>();
    if (withReg) {
      env.put(
          "AUTOSERVICE_TOOL_REG",
          AgentProcess.FIXTURES.resolve("fake-tools/replay").toAbsolutePath().toString());
    }
    env.put(
        "FAKE_REPLAY_DIR",
        AgentProcess.FIXTURES.resolve("replays/ai_startup_disable/pc").toAbsolutePath().toString());
    env.put("FAKE_REPLAY_LOG", tmp.resolve("reg.log").toString());
    env.put("APPDATA", tmp.resolve("appdata").toString());
    env.put("PROGRAMDATA", tmp.resolve("no-programdata").toString());
    env.put("SystemRoot", "C:\\Windows");
    return env;
  }

  private Path plan(String extra) throws Exception {
    Path plan = tmp.resolve("plan.json");
    Files.writeString(
        plan,
        "{\"tasks\": [{\"type\": \"ai_startup_disable\", \"api_key\": \"openai_api_key\","
            + " \"model\": \"gpt-4o-mini\", \"base_url\": \""
            + server.baseUrl()
            + "\""
            + extra
            + "}]}");
    return plan;
  }

  private static String answer(String... ids) {
    ObjectNode a = JSON.createObjectNode();
    a.putObject("analysis_summary").put("potential_boot_time_saving", "5-10 seconds");
    for (String id : ids) {
      a.withArray("to_disable")
          .addObject()
          .put("id", id)
          .put("name", "x")
          .put("reason", "not needed at sign-in")
          .put("category", "messaging")
          .put("risk", "low")
          .put("confidence", "high");
    }
    a.putArray("keep_enabled");
    return a.toString();
  }

  @Test
  void shouldApplyTheAdviceRestorablyAndNeverShowTheKey() throws Exception {
    String slack = "file:user_startup:" + startup.resolve("Slack.lnk");
    server.content(answer(DISCORD, slack, SECURITY));

    AgentProcess.Outcome run =
        AgentProcess.run(
            env(true),
            "run",
            plan(", \"apply_changes\": true").toString(),
            "--config",
            config.toString());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.markerLines())
        .contains("TASK_START: ai_startup_disable", "TASK_OK: ai_startup_disable | warning");
    JsonNode summary = JSON.readTree(run.stdout()).at("/tasks/0/summary");
    assertThat(summary.at("/human_readable/mode").asText()).isEqualTo("Applied Changes");
    assertThat(summary.at("/human_readable/total_items").asInt()).isEqualTo(13);
    assertThat(summary.at("/human_readable/items_disabled").asInt()).isEqualTo(2);
    assertThat(summary.at("/human_readable/items_skipped").asInt()).isEqualTo(1);
    JsonNode r = summary.at("/results/results");
    assertThat(r.at("/disabled/0/restore").asText())
        .isEqualTo(
            "reg delete \"HKCU\\Software\\Microsoft\\Windows"
                + "\\CurrentVersion\\Explorer\\StartupApproved\\Run\" /v \"Discord\" /f");
    assertThat(r.at("/disabled/1/restore").asText())
        .startsWith("move \"" + startup.resolve("DisabledStartup/Slack.lnk"));
    assertThat(r.at("/skipped/0/name").asText()).isEqualTo("SecurityHealth");
    assertThat(startup.resolve("DisabledStartup/Slack.lnk")).exists();
    assertThat(Files.readAllLines(tmp.resolve("reg.log")))
        .anyMatch(
            l ->
                l.matches(
                    "add HKCU\\\\Software\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Explorer"
                        + "\\\\StartupApproved\\\\Run /v Discord /t REG_BINARY /d 03000000[0-9A-F]{16} /f"))
        .noneMatch(l -> l.startsWith("delete"));
    assertThat(server.requests)
        .singleElement()
        .satisfies(req -> assertThat(req.authorization()).isEqualTo("Bearer " + KEY));
    assertThat(run.stdout() + run.stderr()).doesNotContain(KEY);
  }

  @Test
  void shouldGiveTheDesktopUiTheSampleErrorShapeWhenTheModelFails() throws Exception {
    server.status(500, "{\"error\": {\"message\": \"upstream overloaded\"}}");

    AgentProcess.Outcome run =
        AgentProcess.run(
            env(true),
            "run",
            plan("").toString(),
            "--config",
            config.toString(),
            "--markers",
            "autoservice");

    assertThat(run.markerLines())
        .contains(
            "TASK_START:0:ai_startup_disable",
            "TASK_FAIL:0:ai_startup_disable - "
                + "AI analysis failed: HTTP 500 from "
                + server.baseUrl()
                + "/v1/chat/completions: upstream overloaded");
    JsonNode result = JSON.readTree(run.stdout()).at("/results/0");
    // the app's word (its customer report shows this item only on success / counts only "failure");
    // ours kept beside it
    assertThat(result.path("status").asText()).isEqualTo("failure");
    assertThat(result.at("/summary/human_readable/status").asText()).isEqualTo("error");
    JsonNode sample =
        JSON.readTree(
            Files.readString(
                Fixtures.referenceResult("ai_startup_disable", "test_error_ai_failed.json")));
    assertThat(ReferenceKeys.missing(sample.get("summary"), result.get("summary"))).isEmpty();
    assertThat(result.at("/summary/results/items")).hasSize(13);
    assertThat(run.stdout() + run.stderr()).doesNotContain(KEY);
  }

  @Test
  void shouldRefuseAKeyInThePlanWithoutPrintingIt() throws Exception {
    Path plan = tmp.resolve("literal.json");
    Files.writeString(
        plan,
        "{\"tasks\": [{\"type\": \"ai_startup_disable\", \"api_key\": \""
            + KEY
            + "\", \"model\": \"gpt-4o-mini\", \"base_url\": \""
            + server.baseUrl()
            + "\"}]}");

    AgentProcess.Outcome run = AgentProcess.run(env(true), "run", plan.toString());

    assertThat(run.markerLines())
        .contains(
            "TASK_FAIL: ai_startup_disable | api_key must name a secret"
                + " (env:VAR or a secret in the agent config), not contain one");
    assertThat(server.requests).isEmpty();
    assertThat(run.stdout() + run.stderr()).doesNotContain(KEY);
  }

  @Test
  void shouldBeSkippedOffWindowsWhenRegIsNotNamed() throws Exception {
    AgentProcess.Outcome run =
        AgentProcess.run(env(false), "run", plan("").toString(), "--config", config.toString());

    assertThat(run.markerLines()).contains("TASK_SKIP: ai_startup_disable | requires Windows");
    assertThat(server.requests).isEmpty();
  }
}
