package io.autoservice.agent.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.autoservice.agent.testing.FakeTaskContext;
import io.autoservice.agent.tools.Tool;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.ParamSpec;
import io.autoservice.common.plan.ParamType;
import io.autoservice.common.result.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a handler can know about a tool run before it starts, and its own failure outcome with the
 * command.
 */
class ToolCallLimitTest {
  private static final ParamSchema SCHEMA =
      ParamSchema.of(ParamSpec.optional("executable_path", ParamType.STRING, "the tool"));
  private final ToolLocator noSystemTools = new ToolLocator(Map.of("PATH", ""), false);

  @TempDir Path tmp;

  private FakeTaskContext ctx(Duration remaining) {
    return new FakeTaskContext(Json.object(), SCHEMA, noSystemTools, null, remaining);
  }

  @Test
  void shouldTellTheLimitBeforeTheRunAsTheRunWillApplyIt() {
    assertThat(ctx(Duration.ofMinutes(5)).tool(Tool.SFC).timeLimit())
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(ctx(Duration.ofMinutes(5)).tool(Tool.SFC).timeout(Duration.ofMinutes(2)).timeLimit())
        .isEqualTo(Duration.ofMinutes(2));
    assertThat(ctx(Duration.ofMinutes(1)).tool(Tool.SFC).timeout(Duration.ofMinutes(2)).timeLimit())
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(ctx(Duration.ZERO).tool(Tool.SFC).timeout(Duration.ofMinutes(2)).timeLimit())
        .isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void shouldAddTheCommandToAHandlersOwnFailureOnlyWhenThereWasOne() throws Exception {
    assumeTrue(
        !System.getProperty("os.name", "").toLowerCase().startsWith("windows"),
        "fake tools are shell scripts");
    Path exe = tmp.resolve("sfc");
    Files.writeString(exe, "#!/nonexistent/interpreter\n");
    Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
    TaskOutcome own =
        TaskOutcome.reason(
            TaskStatus.ERROR, "mine", Json.object().put("error", "mine").put("host", "h"));

    assertThatThrownBy(
            () -> ctx(Duration.ofMinutes(5)).tool(Tool.SFC).at(exe).args("/scannow").run())
        .isInstanceOfSatisfying(
            ToolNotRun.class,
            e -> {
              TaskOutcome o = e.withCommand(own);
              assertThat(o.summary().path("results").path("host").asText()).isEqualTo("h");
              assertThat(o.extra().get("command").toString())
                  .isEqualTo(Json.array().add(exe.toString()).add("/scannow").toString());
            });
    assertThatThrownBy(() -> ctx(Duration.ofMinutes(5)).tool(Tool.SFC).run())
        .isInstanceOfSatisfying(
            ToolNotRun.class, e -> assertThat(e.withCommand(own).extra().has("command")).isFalse());
  }
}
