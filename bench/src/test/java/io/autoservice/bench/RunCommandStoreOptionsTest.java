package io.autoservice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code run --replicas/--store}: combinations that cannot work are refused as usage errors. */
class RunCommandStoreOptionsTest {
  private record Outcome(int exit, String stderr) {}

  private static Outcome run(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit =
          BenchMain.commandLine()
              .execute(
                  java.util.stream.Stream.concat(
                          java.util.stream.Stream.of(
                              "run", "--agents", "10", "--controller-jar", "/nonexistent.jar"),
                          java.util.stream.Stream.of(args))
                      .toArray(String[]::new));
      return new Outcome(exit, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(saved);
    }
  }

  @Test
  void twoReplicasOnTheEmbeddedStoreAreRefused() {
    Outcome o = run("--replicas", "2", "--no-storm");
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.stderr()).contains("--replicas 2 needs --store postgres");
  }

  @Test
  void anUnknownStoreIsRefused() {
    Outcome o = run("--store", "mysql");
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.stderr()).contains("--store: mysql (expected: embedded or postgres)");
  }

  @Test
  void aStoreUrlWithoutPostgresIsRefused() {
    Outcome o = run("--store-url", "postgresql://127.0.0.1:5432/x");
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.stderr()).contains("--store-url needs --store postgres");
  }

  @Test
  void theStormWithReplicasMustBeTurnedOffExplicitly() {
    Outcome o = run("--replicas", "2", "--store", "postgres");
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.stderr()).contains("add --no-storm");
  }

  @Test
  void simulatorChildrenWithReplicasAreRefused() {
    Outcome o = run("--replicas", "2", "--store", "postgres", "--no-storm", "--sim-processes", "2");
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.stderr()).contains("use --sim-processes 1");
  }

  @Test
  void anArchiveFillWithPostgresIsRefused() {
    Outcome o = run("--store", "postgres", "--archive-runs", "1000");
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.stderr()).contains("--archive-runs fills the embedded store only");
  }

  @Test
  void postgresWithTwoReplicasPassesTheChecksAndStopsOnlyAtTheMissingJar() {
    Outcome o = run("--replicas", "2", "--store", "postgres", "--no-storm");
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.stderr()).contains("--controller-jar: /nonexistent.jar does not exist");
  }
}
