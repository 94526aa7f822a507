package io.autoservice.common.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.common.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

class LogSetupTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  /** Runs {@code body} with a context set up from {@code settings}, stderr captured. */
  private void withLog(LogSettings settings, java.util.function.Consumer<LoggerContext> body) {
    PrintStream old = System.err;
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    context.start();
    try {
      LogSetup.apply(context, settings, Map.of());
      body.accept(context);
    } finally {
      context.stop();
      System.setErr(old);
    }
  }

  @Test
  void jsonGoesToStderrAndTheFileOneObjectPerLine() throws Exception {
    Path file = dir.resolve("logs").resolve("controller.log");

    withLog(
        new LogSettings("json", "info", file, 10, 100, 14),
        c ->
            c.getLogger("io.autoservice.controller.fleet.FleetRegistry")
                .atInfo()
                .setMessage("agent connected")
                .addKeyValue("hostname", "PC\n{\"level\":\"ERROR\"}\u001b[31m")
                .log());

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(1);
    JsonNode o = Json.mapper().readTree(lines.get(0));
    assertThat(o.get("msg").asText()).isEqualTo("agent connected");
    assertThat(o.get("hostname").asText()).isEqualTo("PC\\n{\"level\":\"ERROR\"}\\e[31m");
    assertThat(stderr.toString(StandardCharsets.UTF_8)).isEqualTo(lines.get(0) + "\n");
  }

  @Test
  void theLevelHoldsAndNoisyLibrariesStayAtWarn() {
    withLog(
        new LogSettings("text", "debug", null, 10, 100, 14),
        c -> {
          c.getLogger("io.autoservice.x.Y").debug("mine");
          c.getLogger("com.zaxxer.hikari.pool.HikariPool").info("pool stats");
          c.getLogger("io.netty.buffer.PoolThreadCache").debug("netty noise");
          c.getLogger("org.flywaydb.core.Flyway").warn("migration warning");
        });

    assertThat(stderr.toString(StandardCharsets.UTF_8))
        .contains("DEBUG x.Y mine")
        .contains("migration warning")
        .doesNotContain("pool stats")
        .doesNotContain("netty noise");
  }

  @Test
  void theFileRollsOverAtItsSize() throws Exception {
    Path file = dir.resolve("agent.log");
    String line = "x".repeat(1000);

    withLog(
        new LogSettings("text", "info", file, 1, 5, 14),
        c -> {
          Logger log = c.getLogger("a.B");
          for (int i = 0; i < 3_000; i++) {
            log.info(line);
          }
        });

    try (Stream<Path> files = Files.list(dir)) {
      List<String> rolled =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith("agent.log.") && n.endsWith(".gz"))
              .toList();
      assertThat(rolled).isNotEmpty();
    }
    assertThat(Files.size(file)).isLessThan(2L * 1024 * 1024);
  }

  @Test
  void aLogFileThatCannotBeWrittenStopsTheStartNamingTheKey() throws Exception {
    Path notAFolder = Files.writeString(dir.resolve("plain-file"), "x");
    Path file = notAFolder.resolve("controller.log");
    LoggerContext context = new LoggerContext();

    assertThatThrownBy(
            () ->
                LogSetup.apply(
                    context, new LogSettings("text", "info", file, 10, 100, 14), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("log_file: cannot write " + file);
  }
}
