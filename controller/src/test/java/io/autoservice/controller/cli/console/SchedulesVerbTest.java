package io.autoservice.controller.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.common.auth.Role;
import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.json.Json;
import io.autoservice.controller.server.ControllerSettings;
import io.autoservice.testsupport.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code console schedules …} against a real controller on loopback whose clock the test moves: a
 * schedule created from the command line fires on the fake clock and its runs reach the agents over
 * their gRPC streams; windows, run-now, pause, delete and refusals as a technician sees them.
 */
class SchedulesVerbTest {
  private static final String PLAN = "{\"tasks\":[{\"type\":\"hello_service\"}]}";

  @TempDir Path dir;
  private final FakeClock clock = new FakeClock(Instant.parse("2026-03-02T08:00:30Z"));
  private ConsoleHarness h;
  private FakeAgent a;
  private FakeAgent b;

  @BeforeEach
  void start() throws Exception {
    h =
        new ConsoleHarness(
            dir.resolve("data"),
            ControllerSettings.defaults().withManagementListen("", null),
            clock);
    a = h.agent("agent-a", "PC-ALPHA", Map.of("site", "front-desk"));
    b = h.agent("agent-b", "PC-BRAVO", Map.of("site", "office"));
  }

  @AfterEach
  void stop() throws Exception {
    h.close();
  }

  private static boolean finished(FakeAgent agent, String runId) {
    List<RunEvent> sent = agent.sent(runId);
    return !sent.isEmpty()
        && sent.get(sent.size() - 1).payload() instanceof EventPayload.RunFinished;
  }

  private JsonNode occurrences(String name) throws Exception {
    ConsoleHarness.Result r = h.console("schedules", "occurrences", name, "--json");
    assertThat(r.code()).as(r.err()).isZero();
    return Json.parse(r.out());
  }

  @Test
  void shouldFireAScheduleCreatedFromTheConsoleAndRunItOnTheAgents() throws Exception {
    ConsoleHarness.Result created =
        h.console(
            "schedules",
            "create",
            "--name",
            "every-minute",
            "--plan",
            PLAN,
            "--all",
            "--cron",
            "* * * * *",
            "--jitter",
            "0");
    assertThat(created.code()).as(created.err()).isZero();
    assertThat(created.out())
        .startsWith("created schedule every-minute: cron \"* * * * *\" UTC, all, next ");

    clock.advance(Duration.ofSeconds(31)); // 08:01:01: the 08:01 occurrence is due
    Awaitility.await()
        .atMost(20, TimeUnit.SECONDS)
        .until(
            () ->
                occurrences("every-minute").size() == 2
                    && occurrences("every-minute").findValuesAsText("state").stream()
                        .allMatch("dispatched"::equals));

    JsonNode rows = occurrences("every-minute");
    List<String> agents = new ArrayList<>();
    for (JsonNode row : rows) {
      assertThat(row.get("occurrence").asText()).isEqualTo("2026-03-02T08:01:00Z");
      String runId = row.get("run_id").asText();
      FakeAgent agent = row.get("agent_id").asText().equals("agent-a") ? a : b;
      Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> finished(agent, runId));
      agents.add(row.get("agent_id").asText());
    }
    assertThat(agents).containsExactlyInAnyOrder("agent-a", "agent-b");

    ConsoleHarness.Result runs = h.console("runs", "--json");
    assertThat(runs.out()).contains("schedule:every-minute");
    ConsoleHarness.Result list = h.console("schedules", "list");
    assertThat(list.outLines().get(0))
        .matches("NAME +STATE +RECURRENCE +TARGET +NEXT +LAST +CATCH-UP +JITTER");
    assertThat(list.outLines().get(1))
        .startsWith("every-minute  enabled  cron \"* * * * *\" UTC  all");
  }

  @Test
  void shouldHoldAWindowedPcRunNowPauseAndDeleteAsATechnician() throws Exception {
    ConsoleHarness.Result window =
        h.console(
            "schedules",
            "windows",
            "set",
            "--label",
            "site=front-desk",
            "--days",
            "mon-fri",
            "--from",
            "19:00",
            "--to",
            "07:00",
            "--tz",
            "Europe/Berlin");
    assertThat(window.code()).as(window.err()).isZero();
    assertThat(window.out().strip())
        .isEqualTo("window site=front-desk: mon,tue,wed,thu,fri 19:00-07:00 Europe/Berlin");

    ConsoleHarness.Result badZone =
        h.console(
            "schedules",
            "create",
            "--name",
            "nightly",
            "--plan",
            PLAN,
            "--label",
            "site=front-desk",
            "--cron",
            "0 3 * * *",
            "--tz",
            "Mars/Olympus");
    assertThat(badZone.code()).isEqualTo(1);
    assertThat(badZone.err().strip())
        .isEqualTo(
            "error: time_zone: expected an IANA time zone such as Europe/Berlin but got"
                + " \"Mars/Olympus\"");

    String viewer = h.addUser("viewer", Role.VIEWER);
    ConsoleHarness.Result denied =
        h.consoleAs(
            viewer, "schedules", "create", "--name", "x", "--plan", PLAN, "--all", "--every", "6h");
    assertThat(denied.code()).isEqualTo(4);
    assertThat(h.consoleAs(viewer, "schedules", "list").code()).isZero();

    assertThat(
            h.console(
                    "schedules",
                    "create",
                    "--name",
                    "minutely",
                    "--plan",
                    PLAN,
                    "--label",
                    "site=front-desk",
                    "--cron",
                    "* * * * *",
                    "--jitter",
                    "0")
                .code())
        .isZero();
    clock.advance(Duration.ofSeconds(31)); // 09:01 in Berlin: the window is closed
    Awaitility.await()
        .atMost(20, TimeUnit.SECONDS)
        .until(
            () ->
                occurrences("minutely").size() == 1
                    && occurrences("minutely")
                        .get(0)
                        .get("reason")
                        .asText()
                        .startsWith("waiting for its maintenance window site=front-desk"));

    ConsoleHarness.Result now = h.console("schedules", "run-now", "minutely");
    assertThat(now.out().strip()).isEqualTo("fired schedule minutely now for 1 agent");
    Awaitility.await()
        .atMost(20, TimeUnit.SECONDS)
        .until(
            () -> {
              for (JsonNode row : occurrences("minutely")) {
                if (row.get("kind").asText().equals("run_now")
                    && row.get("state").asText().equals("dispatched")) {
                  return finished(a, row.get("run_id").asText());
                }
              }
              return false;
            });

    assertThat(h.console("schedules", "pause", "minutely").out().strip())
        .isEqualTo("paused schedule minutely");
    assertThat(h.console("schedules", "list").out()).contains("minutely  paused");
    assertThat(h.console("schedules", "delete", "minutely").out().strip())
        .isEqualTo("deleted schedule minutely");
    ConsoleHarness.Result gone = h.console("schedules", "occurrences", "minutely");
    assertThat(gone.code()).isEqualTo(1);
    assertThat(gone.err().strip()).isEqualTo("error: schedule minutely not found");

    ConsoleHarness.Result audit = h.consoleAs(h.adminToken, "audit", "--json");
    assertThat(audit.out())
        .contains("schedule_create", "schedule_run_now", "schedule_pause", "schedule_delete")
        .contains("window_set");
  }
}
