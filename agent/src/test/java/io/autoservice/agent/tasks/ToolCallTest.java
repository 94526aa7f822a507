package io.autoservice.agent.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.process.ProcessRunner;
import io.autoservice.agent.testing.FakeTaskContext;
import io.autoservice.agent.tools.Tool;
import io.autoservice.agent.tools.ToolConfinement;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.ParamSpec;
import io.autoservice.common.plan.ParamType;
import io.autoservice.common.result.TaskStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolCallTest {
  private static final ParamSchema SCHEMA =
      ParamSchema.of(ParamSpec.optional("executable_path", ParamType.STRING, "the tool"));

  private final ToolLocator noSystemTools = new ToolLocator(Map.of("PATH", ""), false);

  @TempDir Path tmp;

  @BeforeEach
  void unixOnly() {
    assumeTrue(
        !System.getProperty("os.name", "").toLowerCase().startsWith("windows"),
        "fake tools are shell scripts");
  }

  private Path script(String name, String body) throws IOException {
    Path p = tmp.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  private FakeTaskContext ctx(Path exe, ToolLocator tools, Duration remaining) {
    ObjectNode params = Json.object();
    if (exe != null) {
      params.put("executable_path", exe.toString());
    }
    return new FakeTaskContext(params, SCHEMA, tools, null, remaining);
  }

  @Test
  void shouldRunTheToolFromExecutablePathWithArgsAndStdinAndStreamItsLines() throws Exception {
    Path exe = script("sfc", "echo \"args: $*\"; cat; echo oops >&2; exit 3");
    FakeTaskContext ctx = ctx(exe, noSystemTools, Duration.ofMinutes(5));
    List<String> seen = Collections.synchronizedList(new ArrayList<>());

    ToolRun run =
        ctx.tool(Tool.SFC).args("/scannow", "x y").stdin("fed\n").onStdout(seen::add).run();

    assertThat(run.command()).containsExactly(exe.toString(), "/scannow", "x y");
    assertThat(run.commandJson().toString())
        .isEqualTo(Json.array().add(exe.toString()).add("/scannow").add("x y").toString());
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.stdoutLines()).containsExactly("args: /scannow x y", "fed");
    assertThat(run.stderr()).isEqualTo("oops");
    assertThat(seen).containsExactly("args: /scannow x y", "fed");
    assertThat(run.timedOut()).isFalse();
    assertThat(run.truncated()).isFalse();
  }

  @Test
  void shouldGiveTheToolTheTasksRemainingTimeOrAShorterLimit() throws Exception {
    Path exe = script("sfc", "exit 0");
    FakeTaskContext ctx = ctx(exe, noSystemTools, Duration.ofSeconds(42));

    assertThat(ctx.tool(Tool.SFC).run().timeout()).isEqualTo(Duration.ofSeconds(42));
    assertThat(ctx.tool(Tool.SFC).timeout(Duration.ofSeconds(5)).run().timeout())
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(ctx.tool(Tool.SFC).timeout(Duration.ofHours(5)).run().timeout())
        .isEqualTo(Duration.ofSeconds(42));
    assertThat(ctx.specs)
        .extracting(s -> s.timeout())
        .containsExactly(Duration.ofSeconds(42), Duration.ofSeconds(5), Duration.ofSeconds(42));
  }

  @Test
  void shouldStopAToolAtItsLimitAndSaySoInTheOneWording() throws Exception {
    Path exe = script("sfc", "echo started; exec sleep 30");
    FakeTaskContext ctx = ctx(exe, noSystemTools, Duration.ofMinutes(5));

    ToolRun run = ctx.tool(Tool.SFC).timeout(Duration.ofMillis(300)).run();

    assertThat(run.timedOut()).isTrue();
    assertThat(run.stdoutLines()).containsExactly("started");
    assertThat(run.timedOutText()).isEqualTo("sfc timed out after 300 ms");
  }

  @Test
  void shouldKeepOutputBoundedByTheProcessRunner() throws Exception {
    int lines = ProcessRunner.DEFAULT_MAX_RETAINED_LINES + 5_000;
    Path exe = script("sfc", "seq 1 " + lines);
    FakeTaskContext ctx = ctx(exe, noSystemTools, Duration.ofMinutes(5));
    List<String> seen = Collections.synchronizedList(new ArrayList<>());

    ToolRun run = ctx.tool(Tool.SFC).quiet().onStdout(seen::add).run();

    assertThat(run.truncated()).isTrue();
    assertThat(run.stdoutLines()).hasSize(ProcessRunner.DEFAULT_MAX_RETAINED_LINES);
    assertThat(run.stdoutLines().get(run.stdoutLines().size() - 1))
        .isEqualTo(String.valueOf(lines));
    assertThat(seen).hasSize(lines); // the listener sees every line, e.g. for progress
  }

  @Test
  void shouldKeepAWholeDocumentWhenTheTaskAsksForMoreLines() throws Exception {
    int lines = ProcessRunner.DEFAULT_MAX_RETAINED_LINES + 5_000;
    Path exe = script("iperf3", "seq 1 " + lines);
    FakeTaskContext ctx = ctx(exe, noSystemTools, Duration.ofMinutes(5));

    ToolRun run = ctx.tool(Tool.IPERF3).keepLines(lines).run();

    assertThat(run.truncated()).isFalse();
    assertThat(run.stdoutLines()).hasSize(lines);
  }

  @Test
  void shouldReportAMissingToolAsAnErrorNamingWhereItLooked() {
    FakeTaskContext ctx = ctx(null, noSystemTools, Duration.ofMinutes(5));

    assertThatThrownBy(() -> ctx.tool(Tool.SMARTCTL).run())
        .isInstanceOfSatisfying(
            ToolNotRun.class,
            e -> {
              assertThat(e.why()).isEqualTo(ToolNotRun.Why.MISSING);
              assertThat(e.reason()).startsWith("smartctl not found; looked in:");
              assertThat(e.command()).isEmpty();
              TaskOutcome o = e.outcome();
              assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
              assertThat(o.summary().at("/human_readable/reason").asText()).isEqualTo(e.reason());
              assertThat(o.summary().at("/results/error").asText()).isEqualTo(e.reason());
              assertThat(o.extra().has("command")).isFalse();
            });
    assertThat(ctx.specs).isEmpty();
  }

  @Test
  void shouldReportAPathOutsideTheToolFoldersAsRefusedAndRunNothing() throws Exception {
    Path exe = script("sfc", "exit 0");
    Files.createDirectories(tmp.resolve("tools"));
    ToolLocator confined =
        noSystemTools.confinedTo(ToolConfinement.of(List.of(tmp.resolve("tools"))));
    FakeTaskContext ctx = ctx(exe, confined, Duration.ofMinutes(5));

    assertThatThrownBy(() -> ctx.tool(Tool.SFC).run())
        .isInstanceOfSatisfying(
            ToolNotRun.class,
            e -> {
              assertThat(e.why()).isEqualTo(ToolNotRun.Why.REFUSED);
              assertThat(e.outcome().status()).isEqualTo(TaskStatus.ERROR);
            });
    assertThat(ctx.specs).isEmpty();
  }

  @Test
  void shouldReportAToolThatWillNotStartWithItsCommand() throws Exception {
    Path exe = tmp.resolve("sfc");
    Files.writeString(exe, "#!/nonexistent/interpreter\n");
    Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
    FakeTaskContext ctx = ctx(exe, noSystemTools, Duration.ofMinutes(5));

    assertThatThrownBy(() -> ctx.tool(Tool.SFC).args("/scannow").run())
        .isInstanceOfSatisfying(
            ToolNotRun.class,
            e -> {
              assertThat(e.why()).isEqualTo(ToolNotRun.Why.START_FAILED);
              assertThat(e.reason()).startsWith("could not start sfc: ");
              assertThat(e.outcome().extra().get("command").toString())
                  .isEqualTo(Json.array().add(exe.toString()).add("/scannow").toString());
            });
  }
}
