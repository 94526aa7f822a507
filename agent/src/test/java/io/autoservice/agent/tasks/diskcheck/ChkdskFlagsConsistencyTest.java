package io.autoservice.agent.tasks.diskcheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.testing.Fixtures;
import io.autoservice.common.result.TaskStatus;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: on every recorded chkdsk output, with every exit code chkdsk documents (and a kill's),
 * in every mode, the result's flags never contradict each other or the verdict.
 */
class ChkdskFlagsConsistencyTest {
  private static final int[] EXIT_CODES = {0, 1, 2, 3, -1, 143};

  static Stream<Arguments> cases() throws IOException {
    List<Arguments> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(Fixtures.toolOutput("chkdsk", "README.md").getParent())) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (!name.endsWith(".txt")) {
          continue;
        }
        Charset cs = name.contains(".oem850") ? Charset.forName("IBM850") : StandardCharsets.UTF_8;
        List<String> lines = Arrays.asList(new String(Files.readAllBytes(f), cs).split("\r?\n"));
        for (int exit : EXIT_CODES) {
          for (String mode : ChkdskScanHandler.MODES) {
            out.add(Arguments.of(name, exit, mode, lines));
          }
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} exit {1} {2}")
  @MethodSource("cases")
  void flagsAgreeWithEachOtherAndTheVerdict(
      String name, int exit, String mode, List<String> lines) {
    for (boolean scheduleIfBusy : new boolean[] {false, true}) {
      TaskOutcome o =
          ChkdskScanHandler.outcome("C:", mode, scheduleIfBusy, lines, List.of(), exit, 1.0);
      JsonNode r = o.summary().get("results");
      boolean noProblems = r.get("found_no_problems").asBoolean();
      boolean errors = r.get("errors_found").asBoolean();
      boolean corrected = r.get("made_corrections").asBoolean();
      String verdict = r.get("verdict").asText();
      String text = String.join(" ", lines);

      assertThat(noProblems && errors).as("no problems and errors").isFalse();
      assertThat(noProblems && corrected).as("no problems and corrections").isFalse();
      assertThat(!corrected || errors).as("corrections without errors found").isTrue();
      assertThat(noProblems && text.contains("replaced bad clusters")).isFalse();
      assertThat(noProblems)
          .as("no problems only on a healthy verdict")
          .isEqualTo(
              verdict.equals(ChkdskVerdict.HEALTHY)
                  || verdict.equals(ChkdskVerdict.CLEANUP_PENDING));
      if (verdict.equals(ChkdskVerdict.CORRECTED)) {
        assertThat(corrected).isTrue();
      }
      if (verdict.equals(ChkdskVerdict.ERRORS) || verdict.equals(ChkdskVerdict.NOT_CORRECTED)) {
        assertThat(errors).isTrue();
      }
      if (noProblems || corrected && !verdict.equals(ChkdskVerdict.NOT_CORRECTED)) {
        assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
      }
      if (r.get("access_denied").asBoolean() || r.get("invalid_drive").asBoolean()) {
        assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
      }
      if (r.get("scheduled").asBoolean()) {
        assertThat(noProblems || errors || corrected)
            .as("a scheduled check has not run yet")
            .isFalse();
      }
      if (r.get("severity").asText().equals("success")) {
        assertThat(o.status()).isEqualTo(TaskStatus.SUCCESS);
      }
      assertThat(
              o.status() == TaskStatus.SUCCESS || o.summary().get("human_readable").has("reason"))
          .as("a warning or error says why")
          .isTrue();
    }
  }
}
