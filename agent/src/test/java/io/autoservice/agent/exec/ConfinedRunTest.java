package io.autoservice.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.agent.config.AgentConfig;
import io.autoservice.agent.config.ToolPolicy;
import io.autoservice.agent.process.CancellationToken;
import io.autoservice.agent.process.ProcessRunner;
import io.autoservice.agent.tasks.BuiltinTasks;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy end to end through the executor and a real task: a fake {@code ping} that leaves a
 * mark when it runs, once inside the tool folder and once outside. Fleet mode runs only the one
 * inside; {@code agent run} runs either unless its config sets {@code confine_tools}.
 */
@DisabledOnOs(OS.WINDOWS) // the fake tool is a shell script
class ConfinedRunTest {
  private static final MachineFacts MACHINE =
      new MachineFacts("pc-1", "tech", "Linux", "6.1", "test");

  @TempDir Path dir;
  private Path tools;
  private Path insidePing;
  private Path outsidePing;

  @BeforeEach
  void setUp() throws Exception {
    tools = Files.createDirectories(dir.resolve("tools"));
    insidePing = fakePing(tools, dir.resolve("ran-inside"));
    outsidePing =
        fakePing(Files.createDirectories(dir.resolve("downloads")), dir.resolve("ran-outside"));
  }

  private static Path fakePing(Path folder, Path mark) throws Exception {
    Path script = folder.resolve("ping");
    Files.writeString(script, "#!/bin/sh\necho ran > '" + mark + "'\necho 'no reply'\nexit 1\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  private AgentConfig config(boolean confineTools) throws Exception {
    return config(confineTools, List.of());
  }

  /** A config as the agent reads it from its file. */
  private AgentConfig config(boolean confineTools, List<Path> allowed) throws Exception {
    String json =
        "{\"tool_folders\":[\""
            + tools
            + "\"],\"confine_tools\":"
            + confineTools
            + ",\"allowed_tool_paths\":["
            + String.join(",", allowed.stream().map(p -> "\"" + p + "\"").toList())
            + "]}";
    Path file = Files.writeString(dir.resolve("agent.json"), json);
    return AgentConfig.load(file);
  }

  private TaskResult ping(ToolLocator tools, Path exe) throws Exception {
    String plan =
        "{\"tasks\":[{\"type\":\"ping_test\",\"host\":\"127.0.0.1\",\"count\":1,\"executable_path\":\""
            + exe
            + "\"}]}";
    try (PlanExecutor executor =
        new PlanExecutor(
            BuiltinTasks.registry(false),
            new ProcessRunner(),
            tools,
            MACHINE,
            Clock.systemUTC(),
            Duration.ofMillis(50))) {
      RunReport report =
          executor.execute("run-1", PlanParser.parse(plan), e -> {}, new CancellationToken());
      return report.tasks().get(0);
    }
  }

  @Test
  void shouldRunOnlyAToolInsideTheToolFoldersInFleetMode() throws Exception {
    // when
    TaskResult outside = ping(ToolPolicy.fleet(config(false)), outsidePing);
    TaskResult inside = ping(ToolPolicy.fleet(config(false)), insidePing);

    // then
    assertThat(outside.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(outside.summary().toString())
        .contains("executable_path " + outsidePing + " is outside the agent's tool folders")
        .contains("add it to allowed_tool_paths in the agent config to allow it");
    assertThat(dir.resolve("ran-outside")).doesNotExist();
    assertThat(inside.summary().toString()).doesNotContain("outside the agent's tool folders");
    assertThat(dir.resolve("ran-inside")).exists();
  }

  @Test
  void shouldRunAToolAllowedByAllowedToolPathsInFleetMode() throws Exception {
    ping(ToolPolicy.fleet(config(false, List.of(outsidePing))), outsidePing);

    assertThat(dir.resolve("ran-outside")).exists();
  }

  @Test
  void shouldRunAToolAnywhereInAgentRunAsTheOriginalDid() throws Exception {
    ping(ToolPolicy.localRun(config(false)), outsidePing);

    assertThat(dir.resolve("ran-outside")).exists();
  }

  @Test
  void shouldConfineAgentRunWhenTheConfigSaysSo() throws Exception {
    TaskResult outside = ping(ToolPolicy.localRun(config(true)), outsidePing);

    assertThat(outside.summary().toString()).contains("is outside the agent's tool folders");
    assertThat(dir.resolve("ran-outside")).doesNotExist();
  }
}
