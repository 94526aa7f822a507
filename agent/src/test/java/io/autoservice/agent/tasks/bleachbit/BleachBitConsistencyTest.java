package io.autoservice.agent.tasks.bleachbit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.testing.RecordedOutputs;
import io.autoservice.common.result.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On every BleachBit output of {@code fixtures/tool-outputs/bleachbit/} (stdout with its recorded
 * stderr and exit code), the counts, the verdict and the status never contradict each other.
 */
class BleachBitConsistencyTest {
  static List<Path> outputs() {
    return RecordedOutputs.files("bleachbit", ".txt").stream()
        .filter(p -> !p.getFileName().toString().endsWith(".stderr.txt"))
        .toList();
  }

  @ParameterizedTest
  @MethodSource("outputs")
  void countsVerdictAndStatusAgree(Path file) throws Exception {
    String stem = file.getFileName().toString().replaceFirst("\\.txt$", "");
    Path err = file.resolveSibling(stem + ".stderr.txt");
    Path exit = file.resolveSibling(stem + ".exit");
    List<String> stdout = RecordedOutputs.lines(file);
    List<String> stderr = Files.isRegularFile(err) ? RecordedOutputs.lines(err) : List.of();
    int exitCode = Files.isRegularFile(exit) ? Integer.parseInt(Files.readString(exit).strip()) : 0;
    boolean preview = stem.contains("preview");

    List<String> all = new java.util.ArrayList<>(stdout);
    all.addAll(stderr);
    BleachBitOutput p = BleachBitOutputParser.parse(all);
    if (p.summaryFound()) {
      assertThat(p.spaceBytes()).as("a summary has its size").isNotNull();
      assertThat(p.files()).as("a summary has its file count").isNotNull().isNotNegative();
      if (p.unclearLine() == null) {
        assertThat(p.specialOperations()).isNotNull().isNotNegative();
        assertThat(p.errors()).isNotNull().isNotNegative();
      } else {
        assertThat(p.specialOperations()).isNull();
        assertThat(p.errors()).isNull();
      }
    } else {
      assertThat(p.localized()).as("localized without a summary").isFalse();
    }
    if (p.spaceBytes() != null) {
      assertThat(p.spaceText()).as("a size comes from a printed size").isNotNull();
    }

    TaskOutcome o = BleachBitOutcome.build(stdout, stderr, exitCode, preview, null);
    JsonNode hr = o.summary().path("human_readable");
    JsonNode r = o.summary().path("results");
    String verdict = hr.path("verdict").asText();
    assertThat(r.path("files_deleted")).isEqualTo(hr.path("files_deleted"));
    assertThat(r.path("preview").asBoolean()).isEqualTo(preview);
    assertThat(hr.path("notes").toString().contains("Preview only")).isEqualTo(preview);
    if (o.status() == TaskStatus.SUCCESS) {
      assertThat(p.summaryFound()).isTrue();
      assertThat(p.errors()).as("no errors in a success").isZero();
      assertThat(p.usageError() && !p.summaryFound()).isFalse();
      assertThat(exitCode).isZero();
    }
    if (p.errors() != null && p.errors() > 0) {
      assertThat(o.status()).as("errors are never a success").isNotEqualTo(TaskStatus.SUCCESS);
    }
    if (o.status() == TaskStatus.ERROR || !p.summaryFound()) {
      assertThat(verdict).endsWith("failed.");
    } else {
      assertThat(verdict).startsWith(preview ? "Would recover" : "Recovered");
      assertThat(verdict).doesNotContain("null");
    }
  }
}
