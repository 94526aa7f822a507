package io.autoservice.agent.tasks.ai.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.testing.FakeTaskContext;
import io.autoservice.agent.testing.LocalChatServer;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real inventory on a temporary profile tree, and a chat server on 127.0.0.1. */
class AiBrowserNotificationDisableHandlerTest {
  static final String KEY = "sk-test-notify-00112233445566778899";
  static final String FACEBOOK = "chromium:Google Chrome:Default:https://www.facebook.com:443,*";
  static final String DEALS =
      "chromium:Google Chrome:Default:https://www.dailydeals-example.com:443,*";
  static final String CALENDAR = "chromium:Google Chrome:Default:https://calendar.google.com:443,*";
  static final List<String> HR_KEYS =
      List.of(
          "mode",
          "total_notifications",
          "recommendations",
          "notifications_disabled",
          "notifications_skipped",
          "errors",
          "notifications_kept_enabled",
          "estimated_reduction",
          "model_used",
          "duration_seconds",
          "notes");
  static final List<String> RESULT_KEYS =
      List.of(
          "enumerated_count",
          "all_notifications",
          "to_disable",
          "keep_enabled",
          "analysis_summary",
          "disabled",
          "skipped",
          "errors",
          "applied",
          "ai_usage",
          "ignored_recommendations");

  private final AiBrowserNotificationDisableHandler handler =
      new AiBrowserNotificationDisableHandler();
  @TempDir Path tmp;
  private BrowserTree tree;
  private LocalChatServer server;

  @BeforeEach
  void start() throws Exception {
    tree = new BrowserTree(tmp);
    server = LocalChatServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ObjectNode params(boolean withFirefox) {
    ObjectNode p =
        Json.object()
            .put("model", "gpt-4o-mini")
            .put("base_url", server.baseUrl())
            .put("api_key", "env:AUTOSERVICE_OPENAI_KEY");
    p.putArray("profile_roots").add(tree.chrome.toString()).add(tree.edge.toString());
    if (withFirefox) {
      Path sqlite3 = BrowserTree.sqlite3().orElse(null);
      assumeTrue(sqlite3 != null, "the sqlite3 program is not installed");
      p.withArray("profile_roots").add(tree.firefox.toString());
      p.put("sqlite3_path", sqlite3.toString());
    }
    return p;
  }

  private FakeTaskContext ctx(ObjectNode params) {
    return new FakeTaskContext(
            params, handler.descriptor().params(), new ToolLocator(Map.of("PATH", ""), false))
        .withSecret("env:AUTOSERVICE_OPENAI_KEY", KEY, server.baseUrl());
  }

  private static String answer(String... disable) {
    ObjectNode a = Json.object();
    for (String id : disable) {
      a.withArray("to_disable")
          .addObject()
          .put("id", id)
          .put("origin", "o")
          .put("browser", "b")
          .put("reason", "social media")
          .put("category", "social_media")
          .put("confidence", "high")
          .put("user_impact", "no pop-ups")
          .put("alternative", "visit the site");
    }
    a.withArray("keep_enabled").addObject().put("id", CALENDAR).put("reason", "calendar");
    a.putObject("analysis_summary")
        .put("total_analyzed", 5)
        .put("estimated_reduction", "40% fewer interruptions");
    return Json.compact(a);
  }

  private static JsonNode hr(TaskOutcome o) {
    return o.summary().get("human_readable");
  }

  private static JsonNode results(TaskOutcome o) {
    return o.summary().at("/results/results");
  }

  private static List<String> keys(JsonNode n) {
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  @Test
  void shouldDescribeItself() {
    assertThat(handler.descriptor().type()).isEqualTo("ai_browser_notification_disable");
    assertThat(handler.descriptor().requiresWindows()).isFalse();
    assertThat(handler.descriptor().tool()).isEmpty();
    assertThat(
            handler
                .descriptor()
                .params()
                .validate("t", Json.object().set("profile_roots", Json.array().add(1))))
        .hasSize(1);
  }

  @Test
  void shouldPreviewWithoutTouchingAnyProfile() throws Exception {
    server.content(answer(FACEBOOK, DEALS));
    byte[] before = Files.readAllBytes(tree.chromePrefs);

    TaskOutcome o =
        handler.run(ctx(params(false).put("preview_mode", true).put("apply_changes", true)));

    assertThat(o.status()).as(o.summary().toString()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(keys(hr(o))).containsExactlyElementsOf(HR_KEYS);
    assertThat(keys(results(o))).containsExactlyElementsOf(RESULT_KEYS);
    assertThat(hr(o).get("mode").asText()).isEqualTo("Preview Mode");
    assertThat(hr(o).get("total_notifications").asInt()).isEqualTo(5);
    assertThat(hr(o).get("recommendations").asInt()).isEqualTo(2);
    assertThat(hr(o).get("notifications_kept_enabled").asInt()).isEqualTo(1);
    assertThat(hr(o).get("estimated_reduction").asText()).isEqualTo("40% fewer interruptions");
    assertThat(results(o).at("/all_notifications/0/origin").asText())
        .isEqualTo("https://www.facebook.com:443,*");
    assertThat(results(o).get("applied").asBoolean()).isFalse();
    assertThat(Files.readAllBytes(tree.chromePrefs)).isEqualTo(before);
    JsonNode sent = server.requests.get(0).body();
    assertThat(sent.get("temperature").asDouble()).isEqualTo(0.3);
    assertThat(sent.at("/messages/1/content").asText())
        .contains("\"origin\": \"https://www.facebook.com:443,*\"")
        .doesNotContain("Preferences");
  }

  @Test
  void shouldBlockTheRecommendedSitesWithBackupsAndUndoInstructions() throws Exception {
    server.content(
        answer(FACEBOOK, DEALS, "firefox:k3x9q2m1.default-release:https://www.reddit.com"));
    FakeTaskContext ctx = ctx(params(true).put("apply_changes", true));

    TaskOutcome o = handler.run(ctx);

    assertThat(o.status()).as(o.summary().toString()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(hr(o).get("mode").asText()).isEqualTo("Applied Changes");
    assertThat(hr(o).get("total_notifications").asInt()).isEqualTo(9);
    assertThat(hr(o).get("notifications_disabled").asInt()).isEqualTo(3);
    JsonNode d = results(o).at("/disabled/0");
    assertThat(d.get("origin").asText()).isEqualTo("https://www.facebook.com:443,*");
    assertThat(d.get("browser").asText()).isEqualTo("Google Chrome");
    assertThat(d.get("category").asText()).isEqualTo("social_media");
    assertThat(d.get("backup").asText()).contains("Preferences.autoservice-");
    assertThat(d.get("restore").asText()).startsWith("cp \"");
    assertThat(results(o).at("/disabled/2/restore").asText())
        .startsWith("sqlite3 \"" + tree.firefoxDb + "\" \"UPDATE");
    assertThat(ChromiumPreferences.allowed(Files.readAllBytes(tree.chromePrefs))).hasSize(2);
    assertThat(
            new SqliteCli(BrowserTree.sqlite3().orElseThrow(), ctx).allowedOrigins(tree.firefoxDb))
        .doesNotContain("https://www.reddit.com")
        .hasSize(3);
    assertThat(String.join("\n", ctx.log) + Json.compact(o.summary())).doesNotContain(KEY);
  }

  @Test
  void shouldWarnWhenABrowserIsOpen() throws Exception {
    assumeTrue(
        !System.getProperty("os.name", "").toLowerCase().startsWith("windows"), "symbolic links");
    Files.createSymbolicLink(
        tree.chrome.resolve("SingletonLock"), Path.of("pc-" + ProcessHandle.current().pid()));
    server.content(answer(FACEBOOK));
    byte[] before = Files.readAllBytes(tree.chromePrefs);

    TaskOutcome o = handler.run(ctx(params(false).put("preview_mode", false)));

    assertThat(o.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(hr(o).get("notifications_skipped").asInt()).isEqualTo(1);
    assertThat(hr(o).get("reason").asText())
        .startsWith(
            "1 of 1 recommendations were not applied (first: https://www.facebook.com:443,*: Google Chrome is running");
    assertThat(Files.readAllBytes(tree.chromePrefs)).isEqualTo(before);
  }

  @Test
  void shouldFailWithTheEnumerationWhenTheModelRejectsTheKey() {
    server.status(401, "{\"error\": {\"message\": \"Incorrect API key provided: " + KEY + "\"}}");
    FakeTaskContext ctx = ctx(params(false));

    TaskOutcome o = handler.run(ctx);

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("error").asText())
        .startsWith("AI analysis failed: HTTP 401 from ")
        .endsWith("Incorrect API key provided: ***");
    assertThat(results(o).get("error_type").asText()).isEqualTo("ai_failed");
    assertThat(results(o).get("all_notifications")).hasSize(5);
    assertThat(Json.compact(o.summary()) + String.join("\n", ctx.log)).doesNotContain(KEY);
  }

  @Test
  void shouldRefuseARelativeProfileRoot() {
    ObjectNode p = params(false);
    p.putArray("profile_roots").add("Google/Chrome");

    TaskOutcome o = handler.run(ctx(p));

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText())
        .isEqualTo(
            "Failed to enumerate browser notification permissions: profile_roots: \"Google/Chrome\" is not an absolute path");
    assertThat(server.requests).isEmpty();
  }

  @Test
  void shouldSucceedWithNothingAllowed() throws Exception {
    ObjectNode p = params(false);
    p.putArray("profile_roots").add(tmp.resolve("nothing-here").toString());

    TaskOutcome o = handler.run(ctx(p));

    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(hr(o).get("total_notifications").asInt()).isZero();
    assertThat(server.requests).isEmpty();
  }
}
