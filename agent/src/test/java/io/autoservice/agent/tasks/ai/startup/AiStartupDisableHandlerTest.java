package io.autoservice.agent.tasks.ai.startup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.tasks.ai.ChangeResult;
import io.autoservice.agent.tasks.ai.ChatClient;
import io.autoservice.agent.testing.FakeTaskContext;
import io.autoservice.agent.testing.Fixtures;
import io.autoservice.agent.testing.LocalChatServer;
import io.autoservice.agent.testing.ReferenceKeys;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.json.Json;
import io.autoservice.common.protocol.ReportJson;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The handler with a fake inventory and a chat server on 127.0.0.1. */
class AiStartupDisableHandlerTest {
  static final String KEY = "sk-test-startup-9f8e7d6c5b4a3210";
  static final List<String> HR_KEYS =
      List.of(
          "mode",
          "total_items",
          "recommendations",
          "items_disabled",
          "items_skipped",
          "errors",
          "items_kept_enabled",
          "estimated_boot_time_saving",
          "model_used",
          "duration_seconds",
          "notes");
  static final List<String> RESULT_KEYS =
      List.of(
          "enumerated_count",
          "all_items",
          "to_disable",
          "keep_enabled",
          "analysis_summary",
          "disabled",
          "skipped",
          "errors",
          "applied",
          "ai_usage",
          "ignored_recommendations");

  static final StartupItem DISCORD =
      FakeStartupInventory.reg(
          "Discord",
          "\"C:\\Users\\Anna\\AppData\\Local\\Discord\\Update.exe\" --processStart Discord.exe",
          false);
  static final StartupItem STEAM =
      FakeStartupInventory.reg(
          "Steam", "\"C:\\Program Files (x86)\\Steam\\steam.exe\" -silent", false);
  static final StartupItem ONEDRIVE =
      FakeStartupInventory.reg(
          "OneDrive",
          "\"C:\\Users\\Anna\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe\" /background",
          false);
  static final StartupItem SECURITY =
      FakeStartupInventory.reg(
          "SecurityHealth", "%windir%\\system32\\SecurityHealthSystray.exe", true);

  private final FakeStartupInventory inventory = new FakeStartupInventory();
  private final AiStartupDisableHandler handler =
      new AiStartupDisableHandler(c -> inventory, new ChatClient());
  private LocalChatServer server;

  @BeforeEach
  void start() throws Exception {
    server = LocalChatServer.start();
    inventory.add(DISCORD).add(STEAM).add(ONEDRIVE).add(SECURITY);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ObjectNode params() {
    return Json.object().put("model", "gpt-4o-mini").put("base_url", server.baseUrl());
  }

  private FakeTaskContext ctx(ObjectNode params) {
    return new FakeTaskContext(
            params, handler.descriptor().params(), new ToolLocator(Map.of("PATH", ""), false))
        .withSecret("openai_api_key", KEY, server.baseUrl());
  }

  private static String answer(String... disable) {
    ObjectNode a = Json.object();
    a.putObject("analysis_summary")
        .put("total_items", 4)
        .put("critical_items", 2)
        .put("safe_to_disable", disable.length)
        .put("potential_boot_time_saving", "5-10 seconds");
    for (String id : disable) {
      a.withArray("to_disable")
          .addObject()
          .put("id", id)
          .put("name", "n")
          .put("category", "game_launcher")
          .put("reason", "can be started by hand")
          .put("risk", "low")
          .put("confidence", "high")
          .put("user_impact", "starts later")
          .put("manual_launch", "Start menu");
    }
    a.withArray("keep_enabled")
        .addObject()
        .put("id", ONEDRIVE.id())
        .put("name", "OneDrive")
        .put("category", "cloud_storage")
        .put("reason", "sync");
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

  private static JsonNode desktopSummary(TaskOutcome o) {
    return ReportJson.autoserviceResult(
            new TaskResult("ai_startup_disable", null, o.status(), o.summary(), 1.0, o.extra()))
        .get("summary");
  }

  @Test
  void shouldDescribeItself() {
    assertThat(handler.descriptor().type()).isEqualTo("ai_startup_disable");
    assertThat(handler.descriptor().requiresWindows()).isTrue();
    assertThat(handler.descriptor().tool()).contains(AiStartupDisableHandler.REG);
    assertThat(handler.defaultTimeout(ctx(params()).params())).isEqualTo(Duration.ofMinutes(5));
    assertThat(
            handler
                .descriptor()
                .params()
                .validate("t", Json.object().put("request_timeout_seconds", 0)))
        .hasSize(1);
    assertThat(handler.descriptor().params().validate("t", params())).isEmpty();
  }

  @Test
  void shouldRecommendWithoutChangingAnythingInADryRun() {
    server.content(answer(DISCORD.id(), STEAM.id(), "reg:HKEY_CURRENT_USER:Invented:Ghost"));
    FakeTaskContext ctx = ctx(params());

    TaskOutcome o = handler.run(ctx);

    assertThat(o.status()).as(o.summary().toString()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(keys(hr(o))).containsExactlyElementsOf(HR_KEYS);
    assertThat(keys(results(o))).containsExactlyElementsOf(RESULT_KEYS);
    assertThat(hr(o).get("mode").asText()).isEqualTo("Dry Run (Preview Only)");
    assertThat(hr(o).get("total_items").asInt()).isEqualTo(4);
    assertThat(hr(o).get("recommendations").asInt()).isEqualTo(2);
    assertThat(hr(o).get("items_disabled").asInt()).isZero();
    assertThat(hr(o).get("items_kept_enabled").asInt()).isEqualTo(1);
    assertThat(hr(o).get("estimated_boot_time_saving").asText()).isEqualTo("5-10 seconds");
    assertThat(hr(o).get("model_used").asText()).isEqualTo("gpt-4o-mini");
    assertThat(hr(o).get("notes").toString())
        .contains("Invented:Ghost", "which was not enumerated: ignored");
    assertThat(results(o).get("to_disable"))
        .extracting(n -> n.get("id").asText())
        .containsExactly(DISCORD.id(), STEAM.id());
    assertThat(results(o).get("all_items")).hasSize(4);
    assertThat(results(o).at("/all_items/3/is_microsoft_signed").asBoolean()).isTrue();
    assertThat(results(o).get("applied").asBoolean()).isFalse();
    assertThat(results(o).at("/ai_usage/total_tokens").asInt()).isEqualTo(375);
    assertThat(results(o).at("/ignored_recommendations/0/reason").asText())
        .isEqualTo("not_found_in_enumeration");
    assertThat(inventory.disabled).isEmpty();
    // what the model was shown
    JsonNode sent = server.requests.get(0).body();
    assertThat(sent.get("temperature").asDouble()).isEqualTo(0.1);
    assertThat(sent.at("/messages/1/content").asText())
        .startsWith("Analyze these 4 startup items")
        .contains("\"name\": \"Discord\"", "\"is_microsoft_signed\": true");
    assertThat(ctx.log)
        .anyMatch(l -> l.startsWith("Recommended: Discord — can be started by hand"));
  }

  @Test
  void shouldDisableWhatIsRecommendedAndSayHowToUndoIt() {
    server.content(answer(DISCORD.id(), STEAM.id()));
    FakeTaskContext ctx = ctx(params().put("apply_changes", true));

    TaskOutcome o = handler.run(ctx);

    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(inventory.disabled).containsExactly(DISCORD.id(), STEAM.id());
    assertThat(hr(o).get("mode").asText()).isEqualTo("Applied Changes");
    assertThat(hr(o).get("items_disabled").asInt()).isEqualTo(2);
    JsonNode d = results(o).at("/disabled/0");
    assertThat(d.get("id").asText()).isEqualTo(DISCORD.id());
    assertThat(d.get("name").asText()).isEqualTo("Discord");
    assertThat(d.get("reason").asText()).isEqualTo("can be started by hand");
    assertThat(d.get("manual_launch").asText()).isEqualTo("Start menu");
    assertThat(d.get("restore").asText())
        .startsWith(
            "reg delete \"HKCU\\Software\\Microsoft\\Windows\\CurrentVersion"
                + "\\Explorer\\StartupApproved\\Run\" /v \"Discord\" /f");
    assertThat(results(o).get("applied").asBoolean()).isTrue();
    assertThat(ctx.log).anyMatch(l -> l.startsWith("Disabled Discord; to undo: reg delete"));
  }

  @Test
  void shouldNeverDisableAWindowsComponentEvenWhenTheModelSaysSo() {
    server.content(answer(DISCORD.id(), SECURITY.id()));

    TaskOutcome o = handler.run(ctx(params().put("dry_run", false)));

    assertThat(inventory.disabled).containsExactly(DISCORD.id());
    assertThat(o.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(results(o).at("/skipped/0/name").asText()).isEqualTo("SecurityHealth");
    assertThat(results(o).at("/skipped/0/reason").asText()).contains("Windows component");
    assertThat(hr(o).get("reason").asText())
        .isEqualTo(
            "1 of 2 recommendations were not applied (first: SecurityHealth: a Windows component"
                + " (under %SystemRoot%): never disabled)");
  }

  @Test
  void shouldWarnOnPartialFailureAndFailWhenNothingWorked() {
    server.content(answer(DISCORD.id(), STEAM.id()));
    inventory.outcomes.put(
        STEAM.id(), ChangeResult.failed("reg add failed (exit 1): ERROR: Access is denied."));

    TaskOutcome partial = handler.run(ctx(params().put("apply_changes", true)));

    assertThat(partial.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(results(partial).at("/errors/0/error").asText())
        .isEqualTo("reg add failed (exit 1): ERROR: Access is denied.");
    assertThat(hr(partial).get("errors").asInt()).isEqualTo(1);

    inventory.outcomes.put(DISCORD.id(), ChangeResult.failed("the file is no longer there"));
    TaskOutcome none = handler.run(ctx(params().put("apply_changes", true)));

    assertThat(none.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(none).get("reason").asText())
        .startsWith("2 of 2 recommended startup items could not be disabled");
  }

  @Test
  void shouldFailWithTheEnumeratedItemsWhenTheModelCannotBeAsked() throws Exception {
    server.status(500, "{\"error\": {\"message\": \"The server had an error\"}}");

    TaskOutcome o = handler.run(ctx(params()));

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("error").asText())
        .isEqualTo(
            "AI analysis failed: HTTP 500 from "
                + server.baseUrl()
                + "/v1/chat/completions: The server had an error");
    assertThat(hr(o).get("reason").asText()).isEqualTo(hr(o).get("error").asText());
    assertThat(results(o).get("error_type").asText()).isEqualTo("ai_failed");
    assertThat(results(o).get("items")).hasSize(4);
    JsonNode sample =
        Json.parse(
            Files.readString(
                Fixtures.referenceResult("ai_startup_disable", "test_error_ai_failed.json")));
    assertThat(ReferenceKeys.missing(sample.get("summary"), desktopSummary(o))).isEmpty();
    assertThat(inventory.disabled).isEmpty();
  }

  @Test
  void shouldFailOnAnAnswerThatIsNotJsonAndOnASlowModel() {
    server.content("Sorry, I cannot do that.");
    assertThat(hr(handler.run(ctx(params()))).get("error").asText())
        .isEqualTo(
            "AI analysis failed: the model's answer is not a JSON object: Sorry, I cannot do that.");

    server.slow(Duration.ofSeconds(20), answer());
    TaskOutcome slow = handler.run(ctx(params().put("request_timeout_seconds", 1)));
    assertThat(slow.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(results(slow).get("failure_kind").asText()).isEqualTo("timeout");
  }

  @Test
  void shouldNeverShowTheKeyEvenWhenTheServerEchoesIt() {
    server.status(401, "{\"error\": {\"message\": \"Incorrect API key provided: " + KEY + "\"}}");
    FakeTaskContext rejected = ctx(params());
    TaskOutcome o1 = handler.run(rejected);

    server.content(answer(DISCORD.id()).replace("can be started by hand", "key was " + KEY));
    FakeTaskContext echoed = ctx(params().put("apply_changes", true));
    TaskOutcome o2 = handler.run(echoed);

    assertThat(hr(o1).get("error").asText())
        .contains("HTTP 401", "Incorrect API key provided: ***");
    assertThat(results(o2).at("/to_disable/0/reason").asText()).isEqualTo("key was ***");
    for (TaskOutcome o : List.of(o1, o2)) {
      assertThat(Json.compact(o.summary()) + Json.compact(o.extra())).doesNotContain(KEY);
    }
    assertThat(String.join("\n", rejected.log) + String.join("\n", echoed.log))
        .doesNotContain(KEY)
        .contains("API key from the agent config secret openai_api_key");
    assertThat(server.requests).allMatch(r -> r.authorization().equals("Bearer " + KEY));
  }

  @Test
  void shouldRefuseAKeyInThePlanAndAskNobody() {
    FakeTaskContext ctx = ctx(params().put("api_key", KEY));

    TaskOutcome o = handler.run(ctx);

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText())
        .isEqualTo(
            "api_key must name a secret (env:VAR or a secret in the agent config), not contain one");
    assertThat(results(o).get("error_type").asText()).isEqualTo("api_key_not_a_reference");
    assertThat(Json.compact(o.summary()) + String.join("\n", ctx.log)).doesNotContain(KEY);
    assertThat(server.requests).isEmpty();
  }

  @Test
  void shouldSayWhatIsMissing() {
    FakeTaskContext noKey =
        new FakeTaskContext(
            params(), handler.descriptor().params(), new ToolLocator(Map.of("PATH", ""), false));
    TaskOutcome o = handler.run(noKey);

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(results(o).get("error_type").asText()).isEqualTo("missing_parameters");
    assertThat(results(o).get("required").toString()).isEqualTo("[\"api_key\",\"model\"]");
    assertThat(hr(o).get("error").asText()).startsWith("No API key for http://127.0.0.1:");
  }

  @Test
  void shouldSucceedWithoutAskingWhenThereIsNothingToAnalyse() {
    inventory.items.clear();

    TaskOutcome o = handler.run(ctx(params().put("apply_changes", true)));

    assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(hr(o).get("total_items").asInt()).isZero();
    assertThat(hr(o).get("estimated_boot_time_saving").asText()).isEqualTo("Unknown");
    assertThat(keys(results(o))).containsExactlyElementsOf(RESULT_KEYS);
    assertThat(server.requests).isEmpty();
  }

  @Test
  void shouldNotAskAboutItemsThatAreAlreadyDisabled() {
    StartupItem off = FakeStartupInventory.reg("Spotify", "\"C:\\Spotify.exe\"", false);
    inventory.items.add(
        new StartupItem(
            off.id(),
            off.name(),
            off.command(),
            off.location(),
            off.locationDisplay(),
            off.hive(),
            off.keyPath(),
            null,
            off.approvedKey(),
            "0300000000000000",
            false,
            false,
            off.executablePath()));
    server.content(answer(off.id()));

    TaskOutcome o = handler.run(ctx(params().put("apply_changes", true)));

    assertThat(server.requests.get(0).body().at("/messages/1/content").asText())
        .doesNotContain("Spotify");
    assertThat(results(o).get("all_items")).hasSize(5);
    assertThat(results(o).get("to_disable")).isEmpty();
    assertThat(inventory.disabled).isEmpty();
  }

  @Test
  void shouldFailWhenTheStartupItemsCannotBeRead() {
    inventory.failure =
        new IOException("reg not found; looked in: PATH and %SystemRoot%\\System32");

    TaskOutcome o = handler.run(ctx(params()));

    assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(hr(o).get("reason").asText())
        .isEqualTo(
            "Failed to enumerate startup items: reg not found; looked in: PATH and %SystemRoot%\\System32");
    assertThat(results(o).get("error_type").asText()).isEqualTo("enumeration_failed");
  }
}
