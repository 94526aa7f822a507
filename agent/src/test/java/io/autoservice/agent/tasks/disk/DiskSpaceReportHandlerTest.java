package io.autoservice.agent.tasks.disk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.testing.FakeTaskContext;
import io.autoservice.agent.testing.Fixtures;
import io.autoservice.agent.testing.ReferenceKeys;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.common.json.Json;
import io.autoservice.common.protocol.ReportJson;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DiskSpaceReportHandlerTest {
  private static final long GIB = 1024L * 1024 * 1024;

  private static TaskOutcome run(List<VolumeUsage> volumes) throws Exception {
    DiskSpaceReportHandler handler = new DiskSpaceReportHandler(() -> volumes);
    return handler.run(
        new FakeTaskContext(
            Json.object(), handler.descriptor().params(), new ToolLocator(Map.of(), true)));
  }

  @Test
  void shouldReportEveryVolumeInTheOriginalsUnits() throws Exception {
    TaskOutcome out =
        run(
            List.of(
                new VolumeUsage("D:\\", "NTFS", 1000 * GIB, 600 * GIB),
                new VolumeUsage("C:\\", "NTFS", 500 * GIB, 365 * GIB)));

    assertThat(out.status()).isEqualTo(TaskStatus.SUCCESS);
    JsonNode drives = out.summary().at("/results/drives");
    assertThat(drives).hasSize(2);
    assertThat(drives.get(0).path("drive").asText()).isEqualTo("C:\\");
    assertThat(drives.get(0).path("total_gb").asDouble()).isEqualTo(500.0);
    assertThat(drives.get(0).path("used_gb").asDouble()).isEqualTo(135.0);
    assertThat(drives.get(0).path("free_gb").asDouble()).isEqualTo(365.0);
    assertThat(drives.get(0).path("usage_percent").asDouble()).isEqualTo(27.0);
    assertThat(out.summary().at("/human_readable/summary/0").asText())
        .isEqualTo("C:\\: 135.0GB used of 500.0GB (27.0%)");
    assertThat(out.summary().at("/human_readable/warnings")).isEmpty();
  }

  @Test
  void shouldWarnWhenAVolumeRunsLowAndFlagCriticalOnes() throws Exception {
    TaskOutcome low = run(List.of(new VolumeUsage("C:\\", "NTFS", 100 * GIB, 15 * GIB)));
    TaskOutcome critical = run(List.of(new VolumeUsage("C:\\", "NTFS", 100 * GIB, 5 * GIB)));

    assertThat(low.status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(low.summary().at("/human_readable/warnings/0").asText())
        .isEqualTo("Drive C:\\ is running low on space (85.0% used)");
    assertThat(critical.status()).isEqualTo(TaskStatus.WARNING);
    assertThat(critical.summary().at("/human_readable/warnings/0").asText())
        .isEqualTo("Drive C:\\ is critically low on space (95.0% used)");
  }

  @Test
  void shouldFailClearlyWhenNoVolumeAnswers() throws Exception {
    TaskOutcome out = run(List.of());

    assertThat(out.status()).isEqualTo(TaskStatus.ERROR);
    assertThat(out.summary().at("/human_readable/reason").asText())
        .isEqualTo("No drives found or accessible");
  }

  @ParameterizedTest
  @ValueSource(strings = {"test_success.json", "test_warning.json", "test_critical.json"})
  void shouldCarryEveryKeyTheOriginalUiReads(String sample) throws Exception {
    Assumptions.assumeTrue(Files.exists(Fixtures.referenceResult("disk_space_report", sample)));
    JsonNode reference =
        Json.parse(Files.readString(Fixtures.referenceResult("disk_space_report", sample)));
    TaskOutcome out = run(List.of(new VolumeUsage("C:\\", "NTFS", 500 * GIB, 25 * GIB)));
    TaskResult result =
        new TaskResult("disk_space_report", null, out.status(), out.summary(), 0.1, out.extra());

    JsonNode flat = ReportJson.autoserviceResult(result).get("summary");

    assertThat(ReferenceKeys.missing(reference.get("summary"), flat)).isEmpty();
  }

  @Test
  void shouldFindAtLeastTheRootVolumeOnThisMachine() throws Exception {
    DiskSpaceReportHandler handler = new DiskSpaceReportHandler(ToolLocator.isWindowsHost());

    TaskOutcome out =
        handler.run(
            new FakeTaskContext(
                Json.object(), handler.descriptor().params(), ToolLocator.system()));

    assertThat(out.status()).isIn(TaskStatus.SUCCESS, TaskStatus.WARNING);
    assertThat(out.summary().at("/results/drives")).isNotEmpty();
    for (JsonNode d : out.summary().at("/results/drives")) {
      assertThat(d.path("total_gb").asDouble()).isPositive();
      assertThat(d.path("usage_percent").asDouble()).isBetween(0.0, 100.0);
    }
  }
}
