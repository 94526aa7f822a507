package io.autoservice.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoservice.common.json.Json;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.protocol.MarkerDialect;
import io.autoservice.common.protocol.ReportJson;
import io.autoservice.common.result.OfflineRun;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox of {@code agent run --sync}: durable, bounded, and loud about what it cannot read. */
class LocalRunOutboxTest {
  static final String AGENT = "7d3f3b59-2a1c-4c55-9d8e-0a4c1c7e9a10";

  @TempDir Path dir;

  static OfflineRun run(String technician) throws Exception {
    String id = UUID.randomUUID().toString();
    Instant start = Instant.parse("2026-11-26T09:00:00Z");
    var plan =
        PlanParser.parse(
            "{\"tasks\":[{\"type\":\"hello_service\",\"id\":\"greet\",\"name\":\"Ada\"}],"
                + "\"metadata\":{\"technician_name\":\""
                + technician
                + "\"}}");
    var meta = Json.object().put("hostname", "pc-042").put("technician_name", technician);
    TaskResult hello =
        TaskResult.ofReason("hello_service", "greet", TaskStatus.SUCCESS, "Hello, Ada!", 0.5);
    RunReport report = new RunReport(id, RunStatus.OK, List.of(hello), 0.6, start, meta, null);
    return new OfflineRun(id, start, start.plusSeconds(1), plan, report);
  }

  @Test
  void shouldQueueAReportWholeAndReadItBack() throws Exception {
    LocalRunOutbox outbox = LocalRunOutbox.open(dir.resolve("outbox"));
    OfflineRun run = run("Ada");

    Path file = outbox.queue(run, AGENT);

    assertThat(file).hasFileName(run.localRunId() + ".json");
    try (Stream<Path> all = Files.list(dir.resolve("outbox"))) {
      assertThat(all).as("no temporary file left behind").containsExactly(file);
    }
    LocalRunOutbox.Entry back = outbox.read(file);
    assertThat(back.agentId()).isEqualTo(AGENT);
    assertThat(back.run().localRunId()).isEqualTo(run.localRunId());
    assertThat(back.run().startedAt()).isEqualTo(run.startedAt());
    assertThat(back.run().finishedAt()).isEqualTo(run.finishedAt());
    assertThat(back.run().plan().toJson()).isEqualTo(run.plan().toJson());
    assertThat(ReportJson.report(back.run().report(), MarkerDialect.SEED))
        .as("the report as agent run printed it")
        .isEqualTo(ReportJson.report(run.report(), MarkerDialect.SEED));
    assertThat(outbox.pending()).containsExactly(file);
  }

  @Test
  void shouldListOldestFirstAndIgnoreTemporaryAndSetAsideFiles() throws Exception {
    LocalRunOutbox outbox = LocalRunOutbox.open(dir);
    Path newer = outbox.queue(run("B"), AGENT);
    Path older = outbox.queue(run("A"), AGENT);
    Files.setLastModifiedTime(older, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
    Files.writeString(dir.resolve(UUID.randomUUID() + ".json.tmp"), "{\"half\":");
    Path aside = outbox.setAside(outbox.queue(run("C"), AGENT), LocalRunOutbox.REFUSED_SUFFIX);

    assertThat(outbox.pending()).containsExactly(older, newer);
    assertThat(aside).isRegularFile();
    assertThat(aside.getFileName().toString()).endsWith(".json.refused");
  }

  @Test
  void shouldRefuseANewReportWhenFullAndKeepTheQueuedOnes() throws Exception {
    LocalRunOutbox outbox = LocalRunOutbox.open(dir, 2, LocalRunOutbox.DEFAULT_MAX_BYTES);
    Path first = outbox.queue(run("A"), AGENT);
    Path second = outbox.queue(run("B"), AGENT);

    assertThatThrownBy(() -> outbox.queue(run("C"), AGENT))
        .isInstanceOf(LocalRunOutbox.RefusedException.class)
        .hasMessageContaining("is full (2 reports")
        .hasMessageContaining("limits 2 reports")
        .hasMessageContaining("the queued reports are kept")
        .hasMessageContaining("agent connect --data");
    assertThat(outbox.pending()).containsExactlyInAnyOrder(first, second);
  }

  @Test
  void shouldRefuseANewReportOverTheByteLimit() throws Exception {
    LocalRunOutbox probe = LocalRunOutbox.open(dir.resolve("probe"));
    long one = Files.size(probe.queue(run("A"), AGENT));
    LocalRunOutbox outbox = LocalRunOutbox.open(dir.resolve("outbox"), 100, one + one / 2);
    outbox.queue(run("A"), AGENT);

    assertThatThrownBy(() -> outbox.queue(run("B"), AGENT))
        .isInstanceOf(LocalRunOutbox.RefusedException.class)
        .hasMessageContaining("bytes");
    assertThat(outbox.pending()).hasSize(1);
  }

  @Test
  void shouldNameTheFileAndTheProblemOfACorruptReport() throws Exception {
    LocalRunOutbox outbox = LocalRunOutbox.open(dir);
    Path good = outbox.queue(run("A"), AGENT);
    String text = Files.readString(good);
    Files.writeString(good, text.substring(0, text.length() / 2)); // a disk that lost the tail

    assertThatThrownBy(() -> outbox.read(good))
        .isInstanceOf(LocalRunOutbox.CorruptException.class)
        .hasMessageStartingWith(good + ": not a queued report");
    Path other = dir.resolve(UUID.randomUUID() + ".json");
    Files.writeString(other, text);
    assertThatThrownBy(() -> outbox.read(other))
        .isInstanceOf(LocalRunOutbox.CorruptException.class)
        .hasMessageContaining("local_run_id")
        .hasMessageContaining("does not match the file name");
  }
}
