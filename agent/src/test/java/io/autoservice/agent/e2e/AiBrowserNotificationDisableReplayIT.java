package io.autoservice.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.testing.Fixtures;
import io.autoservice.agent.testing.LocalChatServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent run} of {@code ai_browser_notification_disable} through the built jar, on a
 * temporary tree of Chrome and Edge profiles ({@code profile_roots}), with the model a local server
 * on 127.0.0.1 and the API key a secret of the agent config file.
 */
class AiBrowserNotificationDisableReplayIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String KEY = "sk-test-it-notify-99887766554433221100";
  static final String FACEBOOK = "chromium:Google Chrome:Default:https://www.facebook.com:443,*";
  static final String NEWS = "chromium:Microsoft Edge:Profile 1:https://news.example.org:443,*";

  @TempDir Path tmp;
  private LocalChatServer server;
  private Path chrome;
  private Path edge;
  private Path config;

  @BeforeEach
  void setUp() throws Exception {
    server = LocalChatServer.start();
    chrome = tmp.resolve("Google/Chrome/User Data");
    edge = tmp.resolve("Microsoft/Edge/User Data");
    copy("synthetic-chrome-Default-Preferences.json", chrome.resolve("Default/Preferences"));
    copy("synthetic-edge-Profile1-Preferences.json", edge.resolve("Profile 1/Preferences"));
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

  private static void copy(String fixture, Path to) throws Exception {
    Files.createDirectories(to.getParent());
    Files.copy(Fixtures.toolOutput("chromium-preferences", fixture), to);
  }

  private Path plan(String flags) throws Exception {
    ObjectNode task = JSON.createObjectNode();
    task.put("type", "ai_browser_notification_disable")
        .put("model", "gpt-4o-mini")
        .put("base_url", server.baseUrl());
    task.putArray("profile_roots").add(chrome.toString()).add(edge.toString());
    ObjectNode plan = JSON.createObjectNode();
    plan.putArray("tasks").add(task);
    Path file = tmp.resolve("plan.json");
    Files.writeString(file, plan.toString().replace("}]}", flags + "}]}"));
    return file;
  }

  private static String answer(String... ids) {
    ObjectNode a = JSON.createObjectNode();
    for (String id : ids) {
      a.withArray("to_disable")
          .addObject()
          .put("id", id)
          .put("reason", "low-value alerts")
          .put("category", "news");
    }
    a.putArray("keep_enabled");
    a.putObject("analysis_summary").put("estimated_reduction", "about half the pop-ups");
    return a.toString();
  }

  private static List<Path> backups(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".bak")).toList();
    }
  }

  @Test
  void shouldBlockTheRecommendedSitesAndKeepBackups() throws Exception {
    server.content(answer(FACEBOOK, NEWS));

    AgentProcess.Outcome run =
        AgentProcess.run(
            Map.of(),
            "run",
            plan(", \"apply_changes\": true").toString(),
            "--config",
            config.toString());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.markerLines())
        .contains(
            "TASK_START: ai_browser_notification_disable",
            "TASK_OK: ai_browser_notification_disable | success");
    JsonNode summary = JSON.readTree(run.stdout()).at("/tasks/0/summary");
    assertThat(summary.at("/human_readable/notifications_disabled").asInt()).isEqualTo(2);
    assertThat(summary.at("/human_readable/estimated_reduction").asText())
        .isEqualTo("about half the pop-ups");
    assertThat(summary.at("/results/results/disabled/1/browser").asText())
        .isEqualTo("Microsoft Edge");
    assertThat(Files.readString(chrome.resolve("Default/Preferences")))
        .contains("\"https://www.facebook.com:443,*\":{\"last_modified\":")
        .doesNotContain(
            "\"https://www.facebook.com:443,*\":{\"last_modified\":\"13341234567890123\",\"setting\":1}");
    assertThat(backups(chrome.resolve("Default"))).hasSize(1);
    assertThat(backups(edge.resolve("Profile 1"))).hasSize(1);
    assertThat(run.stdout() + run.stderr()).doesNotContain(KEY);
  }

  @Test
  void shouldOnlyPreviewInTheDesktopDialect() throws Exception {
    server.content(answer(FACEBOOK));
    byte[] before = Files.readAllBytes(chrome.resolve("Default/Preferences"));

    AgentProcess.Outcome run =
        AgentProcess.run(
            Map.of(),
            "run",
            plan(", \"preview_mode\": true").toString(),
            "--config",
            config.toString(),
            "--markers",
            "autoservice");

    assertThat(run.markerLines()).contains("TASK_OK:0:ai_browser_notification_disable");
    JsonNode summary = JSON.readTree(run.stdout()).at("/results/0/summary");
    // the original UI reads summary.human_readable.* and summary.results.*
    assertThat(summary.at("/human_readable/mode").asText()).isEqualTo("Preview Mode");
    assertThat(summary.at("/human_readable/total_notifications").asInt()).isEqualTo(5);
    assertThat(summary.at("/results/applied").asBoolean()).isFalse();
    assertThat(summary.at("/results/to_disable/0/id").asText()).isEqualTo(FACEBOOK);
    assertThat(summary.at("/results/all_notifications")).hasSize(5);
    assertThat(Files.readAllBytes(chrome.resolve("Default/Preferences"))).isEqualTo(before);
    assertThat(run.stdout() + run.stderr()).doesNotContain(KEY);
  }

  @Test
  void shouldFailClearlyWhenTheServerRejectsTheKey() throws Exception {
    server.status(401, "{\"error\": {\"message\": \"Incorrect API key provided: " + KEY + "\"}}");

    AgentProcess.Outcome run =
        AgentProcess.run(Map.of(), "run", plan("").toString(), "--config", config.toString());

    assertThat(run.markerLines())
        .anyMatch(
            l ->
                l.startsWith(
                    "TASK_FAIL: ai_browser_notification_disable | "
                        + "AI analysis failed: HTTP 401 from "
                        + server.baseUrl()
                        + "/v1/chat/completions: Incorrect API key provided: ***"));
    assertThat(run.stdout() + run.stderr()).doesNotContain(KEY);
  }
}
