package io.autoservice.controller.cli.console;

import static io.autoservice.controller.cli.console.HostileTextController.evil;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.common.json.Json;
import io.autoservice.console.render.Terminal;
import io.autoservice.controller.cli.ControllerMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No console verb lets agent text drive the technician's terminal: a controller that answers with
 * ESC, BEL, C1, DEL and line breaks in every agent-controlled field (see {@link
 * HostileTextController}) gets them shown as visible escapes, one field never starts a new line of
 * a table, a follow line or a text report, and JSON output keeps every value intact but escaped. A
 * new verb or field that prints agent text without the console's {@link Terminal} fails here.
 */
class TerminalInjectionTest {
  private static final String PLAN = "{\"tasks\":[{\"type\":\"hello_service\"}]}";
  private static final Set<String> COVERED =
      Set.of(
          "agents",
          "runs",
          "report",
          "follow",
          "dispatch",
          "watch",
          "audit",
          "cancel",
          "run",
          "alerts",
          "schedules",
          "history");

  static HostileTextController controller;

  @BeforeAll
  static void start() throws Exception {
    controller = new HostileTextController();
  }

  @AfterAll
  static void stop() throws Exception {
    controller.close();
  }

  @Test
  void shouldEscapeAgentTextInEveryTextOutput() throws Exception {
    // given a controller whose every agent-controlled string carries terminal controls
    // when each verb prints it for people
    List<ConsoleHarness.Result> results =
        List.of(
            console("agents"),
            console("runs"),
            console("report", HostileTextController.RUN, "--format", "text"),
            console("follow", HostileTextController.RUN),
            console("dispatch", PLAN, "--agent", "pc-1"),
            console("dispatch", PLAN, "--agent", "pc-1", "--follow"),
            console("watch", "--plain"),
            console("audit"),
            console("cancel", HostileTextController.RUN),
            consoleWithStdio("run", "--agent", "pc-1", PLAN),
            console("alerts"),
            console("alerts", "ack", "7"),
            console("schedules", "list"),
            console("schedules", "occurrences", "x"),
            console("schedules", "windows", "list"),
            console("history", "pc-1"));

    // then the text shows, escaped, on the lines it belongs to, and nothing else
    for (ConsoleHarness.Result r : results) {
      assertThat(r.code()).as("exit code of %s", r).isZero();
      assertNoControls(r);
      assertThat(Stream.concat(r.out().lines(), r.err().lines()))
          .as("lines of %s", r)
          .noneMatch(l -> l.startsWith("FORGED"));
    }
    assertThat(results.get(0).out()).contains("hostname\\e[2J\\e]0;owned\\x07\\x9b31m\\x7f\\r\\n");
    assertThat(results.get(2).out())
        .contains("error\\e[2J")
        .contains("verdict\\e[2J")
        .contains("reason\\e[2J")
        .contains("task-id\\e[2J");
    assertThat(results.get(3).out()).contains("output\\e[2J").contains("progress\\e[2J");
    assertThat(results.get(9).err()).contains("output\\e[2J"); // run's classic protocol
    assertThat(texts(Json.parse(results.get(9).out()))).contains(evil("error")); // and its report
    assertThat(results.get(10).out()).contains("alert-message\\e[2J").contains("subject\\e[2J");
    assertThat(results.get(11).out()).contains("acked-by\\e[2J");
    assertThat(results.get(12).out()).contains("schedule-name\\e[2J").contains("cron\\e[2J");
    assertThat(results.get(13).out()).contains("missed-reason\\e[2J");
    assertThat(results.get(14).out()).contains("window-key\\e[2J");
    assertThat(results.get(15).out())
        .contains("metric\\e[2J")
        .contains("subject\\e[2J")
        .contains("history-text\\e[2J");
    assertThat(results.get(15).err()).contains("hostname\\e[2J");
  }

  @Test
  void shouldKeepAgentTextIntactButEscapedInJsonOutput() throws Exception {
    // given the same controller
    // when each verb prints JSON
    ConsoleHarness.Result agents = console("agents", "--json");
    ConsoleHarness.Result runs = console("runs", "--json");
    ConsoleHarness.Result seed = console("report", HostileTextController.RUN);
    ConsoleHarness.Result autoservice =
        console("report", HostileTextController.RUN, "--markers", "autoservice");
    ConsoleHarness.Result follow = console("follow", HostileTextController.RUN, "--json");
    ConsoleHarness.Result dispatch = console("dispatch", PLAN, "--agent", "pc-1", "--json");
    ConsoleHarness.Result audit = console("audit", "--json");
    ConsoleHarness.Result alerts = console("alerts", "--json");
    ConsoleHarness.Result schedules = console("schedules", "list", "--json");
    ConsoleHarness.Result occurrences = console("schedules", "occurrences", "x", "--json");
    ConsoleHarness.Result history = console("history", "pc-1", "--json");

    // then no control reaches the terminal, yet each value parses back to the agent's text
    for (ConsoleHarness.Result r :
        List.of(
            agents,
            runs,
            seed,
            autoservice,
            follow,
            dispatch,
            audit,
            alerts,
            schedules,
            occurrences,
            history)) {
      assertThat(r.code()).as("exit code of %s", r).isZero();
      assertNoControls(r);
    }
    assertThat(texts(Json.parse(agents.out())))
        .contains(
            HostileTextController.HOST,
            HostileTextController.AGENT,
            evil("os-name"),
            evil("label-value"),
            evil("supported-type"));
    assertThat(texts(Json.parse(runs.out()))).contains(HostileTextController.RUN, evil("origin"));
    assertThat(texts(Json.parse(seed.out())))
        .contains(evil("error"), evil("reason"), evil("verdict"));
    assertThat(texts(Json.parse(autoservice.out()))).contains(evil("error"), evil("task-id"));
    List<String> followed = new ArrayList<>();
    for (String line : follow.out().lines().toList()) {
      followed.addAll(texts(Json.parse(line)));
    }
    assertThat(followed).contains(evil("output"), evil("progress"), HostileTextController.HOST);
    assertThat(texts(Json.parse(dispatch.out()))).contains(HostileTextController.RUN);
    assertThat(texts(Json.parse(audit.out()))).contains(evil("detail"));
    assertThat(texts(Json.parse(alerts.out()))).contains(evil("alert-message"), evil("subject"));
    assertThat(texts(Json.parse(schedules.out()))).contains(evil("created-by"));
    assertThat(texts(Json.parse(occurrences.out())))
        .contains(evil("missed-reason"), HostileTextController.HOST);
    assertThat(texts(Json.parse(history.out())))
        .contains(
            evil("metric"), evil("subject"), evil("history-text"), HostileTextController.HOST);
  }

  @Test
  void shouldFeedHostileTextToEveryConsoleVerb() {
    // given the verbs 'controller console' offers
    Set<String> verbs =
        new TreeSet<>(
            ControllerMain.commandLine().getSubcommands().get("console").getSubcommands().keySet());
    verbs.remove("help");

    // then each is run above: a new verb must be added to these tests
    assertThat(COVERED).containsAll(verbs);
  }

  @Test
  void shouldReachTheScreenOnlyThroughTerminal() throws Exception {
    // given the console module's sources and the controller's commands built on it
    List<Path> dirs =
        List.of(
            Path.of("../console/src/main/java/io/autoservice/console"),
            Path.of("src/main/java/io/autoservice/controller/cli/admin"));
    // (only these touch the raw streams: the Terminal's owner, run's byte streams, fixed usage
    // text, and the commands that need no controller and wrap stderr in a Terminal themselves)
    Set<String> allowed =
        Set.of(
            "ConsoleVerb.java",
            "RunVerb.java",
            "ConsoleCommand.java",
            "ConsoleMain.java",
            "ControllerTarget.java",
            "SchedulesVerb.java",
            "UsersCommand.java",
            "BackupCommand.java",
            "RestoreCommand.java",
            "MigrateCommand.java");
    List<String> bypasses = new ArrayList<>();
    int scanned = 0;
    for (Path dir : dirs) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
          scanned++;
          String name = f.getFileName().toString();
          String src = Files.readString(f);
          if (!allowed.contains(name)
              && Stream.of("getOut()", "getErr()", "System.out", "System.err")
                  .anyMatch(src::contains)) {
            bypasses.add(name);
          }
        }
      }
    }
    // (a scan that finds nothing to read would pass whatever the sources do)
    assertThat(scanned).as("console sources scanned").isGreaterThan(40);

    // then no other class prints around the Terminal
    assertThat(bypasses).as("classes printing without Terminal/TerminalStream").isEmpty();
  }

  /** Neither stdout nor stderr holds a C0 control but TAB and LF, nor DEL, nor a C1 control. */
  static void assertNoControls(ConsoleHarness.Result r) {
    for (String stream : List.of(r.out(), r.err())) {
      for (int i = 0; i < stream.length(); i++) {
        char c = stream.charAt(i);
        boolean control = c != '\t' && c != '\n' && (c < 0x20 || (c >= 0x7f && c <= 0x9f));
        assertThat(control).as("U+%04X at %d of %s", (int) c, i, r).isFalse();
      }
    }
  }

  /** Every string value and key in a JSON tree. */
  static List<String> texts(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isTextual()) {
      out.add(node.asText());
    }
    node.fieldNames().forEachRemaining(out::add);
    node.forEach(child -> out.addAll(texts(child)));
    return out;
  }

  private static ConsoleHarness.Result console(String... args) {
    return ConsoleHarness.raw(withController(args));
  }

  private static ConsoleHarness.Result consoleWithStdio(String... args) {
    return ConsoleHarness.rawWithStdio("", withController(args));
  }

  private static String[] withController(String... args) {
    return Stream.concat(
            Stream.of(
                "console", "--controller", controller.address(), "--insecure", "--token", "t0k"),
            Stream.of(args))
        .toArray(String[]::new);
  }
}
