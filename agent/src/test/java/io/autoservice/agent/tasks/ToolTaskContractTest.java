package io.autoservice.agent.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.exec.MachineFacts;
import io.autoservice.agent.exec.PlanExecutor;
import io.autoservice.agent.process.CancellationToken;
import io.autoservice.agent.process.ProcessRunner;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every task type that runs a tool, through every way its tool can fail, the way the agent runs a
 * plan (the executor, its time limit and its process runner): each must end with {@code error} or
 * {@code warning} and a reason a technician can read — never {@code success}, never an exception,
 * never a task that ignores its time limit. A new tool task is covered by registering it.
 */
class ToolTaskContractTest {
  /** The plan parameters a task needs before it looks for its tool. */
  private static final Map<String, ObjectNode> REQUIRED =
      Map.of(
          "ping_test", Json.object().put("host", "127.0.0.1").put("count", 1),
          "iperf_test", Json.object().put("server", "127.0.0.1").put("duration_seconds", 1),
          "bleachbit_clean",
              (ObjectNode) Json.object().set("options", Json.array().add("system.tmp")));

  /** Long enough for any tool that failed at once; a task that waits past it fails the contract. */
  private static final double SAFETY_TIMEOUT_SECONDS = 20;

  private static final double TOOL_TIMEOUT_SECONDS = 0.1;

  /** How a tool can fail. */
  enum Failure {
    /** The plan names a folder without the tool. */
    TOOL_MISSING,
    /** The operating system will not start it (its interpreter does not exist). */
    REFUSES_TO_START,
    /** It never ends; the task's timeout_seconds is short. */
    TIMEOUT,
    /** It exits 3 without a word. */
    NON_ZERO_EXIT,
    /** It exits 0 without a word. */
    EMPTY_OUTPUT,
    /** It prints 4 KiB of random bytes and exits 0. */
    GARBAGE_OUTPUT
  }

  @TempDir Path tmp;

  @BeforeEach
  void unixOnly() {
    assumeTrue(
        !System.getProperty("os.name", "").toLowerCase().startsWith("windows"),
        "fake tools are shell scripts");
  }

  static Stream<Arguments> toolTasksAndFailures() {
    return BuiltinTasks.registry(false).all().stream()
        .filter(h -> h.descriptor().tool().isPresent())
        .flatMap(h -> Stream.of(Failure.values()).map(f -> Arguments.of(h.descriptor().type(), f)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("toolTasksAndFailures")
  void shouldEndWithAClearErrorOrWarning(String type, Failure failure) throws Exception {
    ObjectNode task = REQUIRED.getOrDefault(type, Json.object()).deepCopy();
    task.put("type", type);
    task.put("executable_path", fakeTool(failure).toString());
    task.put(
        "timeout_seconds",
        failure == Failure.TIMEOUT ? TOOL_TIMEOUT_SECONDS : SAFETY_TIMEOUT_SECONDS);

    TaskResult result = run(task);

    assertThat(result.status())
        .as("%s status (reason: %s)", type, result.reason())
        .isIn(TaskStatus.ERROR, TaskStatus.WARNING);
    assertThat(result.reason())
        .as("reason")
        .isNotBlank()
        .doesNotStartWith("Exception: ")
        .as("the task takes executable_path and the REQUIRED parameters")
        .doesNotStartWith("Invalid parameters")
        .doesNotContain("was abandoned")
        .doesNotContain("requires Windows");
    if (failure != Failure.TIMEOUT) {
      assertThat(result.reason())
          .as("within its time limit")
          .doesNotContain("timed out after " + (int) SAFETY_TIMEOUT_SECONDS);
    }
  }

  private TaskResult run(ObjectNode task) throws Exception {
    String plan = Json.compact(Json.array().add(task));
    try (PlanExecutor executor =
        new PlanExecutor(
            BuiltinTasks.registry(false),
            new ProcessRunner(),
            new ToolLocator(Map.of("PATH", ""), false),
            new MachineFacts("pc-1", "tech", "Linux", "6", "test"),
            Clock.systemUTC(),
            Duration.ofMillis(200))) {
      RunReport report =
          executor.execute("run-1", PlanParser.parse(plan), e -> {}, new CancellationToken());
      return report.tasks().get(0);
    }
  }

  private Path fakeTool(Failure failure) throws Exception {
    Path tool = tmp.resolve("tool");
    switch (failure) {
      case TOOL_MISSING -> {
        return Files.createDirectories(tmp.resolve("no-tool-here"));
      }
      case REFUSES_TO_START -> Files.writeString(tool, "#!/nonexistent/interpreter\n");
      case TIMEOUT -> script(tool, "exec sleep 30");
      case NON_ZERO_EXIT -> script(tool, "exit 3");
      case EMPTY_OUTPUT -> script(tool, "exit 0");
      case GARBAGE_OUTPUT -> {
        byte[] garbage = new byte[4096];
        new Random(12).nextBytes(garbage);
        Files.write(tmp.resolve("garbage.bin"), garbage);
        script(tool, "cat '" + tmp.resolve("garbage.bin") + "'");
      }
    }
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    return tool;
  }

  private static void script(Path file, String body) throws Exception {
    Files.writeString(file, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
  }
}
