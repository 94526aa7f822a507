package io.autoservice.agent.tasks.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.testing.Fixtures;
import io.autoservice.common.result.TaskStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: every recorded DISM output, read as each action's output with a success, an error and
 * DISM's "source files not found" exit code, gives flags that agree with each other and the status.
 */
class DismFlagsConsistencyTest {
  static Stream<Arguments> cases() throws IOException {
    List<Arguments> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(Fixtures.toolOutput("dism", "README.md").getParent())) {
      for (Path f : files.sorted().toList()) {
        String n = f.getFileName().toString();
        if (!n.endsWith(".txt") || n.contains(".oem")) {
          continue;
        }
        List<String> lines = Fixtures.lines("dism", n);
        for (String action : DismHealthCheckHandler.ACTIONS) {
          for (int rc : new int[] {0, 87, 0x800f081f}) {
            out.add(Arguments.of(n, action, rc, lines));
          }
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} as {1}, exit {2}")
  @MethodSource("cases")
  void flagsAgree(String name, String action, int rc, List<String> lines) {
    DismVerdict.Step step = DismHealthCheckHandler.step(action, List.of("dism"), rc, lines, "");
    DismStepOutput p = step.parsed();
    String state = p.healthState();
    if ("healthy".equals(state)) {
      assertThat(p.corruptionDetected()).as("healthy, yet corruption detected").isFalse();
    }
    if ("repairable".equals(state) || "corrupted".equals(state) || "repaired".equals(state)) {
      assertThat(p.corruptionDetected()).as(state + " without corruption").isTrue();
    }
    if (Boolean.TRUE.equals(p.repairSuccess())) {
      assertThat(p.repairAttempted()).as("repaired without an attempt").isTrue();
      assertThat(p.sourceFilesMissing()).as("repaired, yet source files missing").isFalse();
      assertThat(p.accessDenied()).isFalse();
    }
    TaskOutcome o = DismVerdict.outcome(List.of(step), null, null);
    if (p.accessDenied()) {
      assertThat(o.status()).isEqualTo(TaskStatus.ERROR);
    }
    if (o.status() == TaskStatus.SUCCESS) {
      assertThat(p.accessDenied() || p.sourceFilesMissing()).isFalse();
      assertThat(
              "corrupted".equals(state)
                  || "repairable".equals(state) && action.equals("restorehealth"))
          .isFalse();
    }
  }
}
