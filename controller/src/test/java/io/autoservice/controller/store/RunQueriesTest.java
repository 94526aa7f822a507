package io.autoservice.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.result.RunStatus;
import io.autoservice.controller.model.EventRow;
import io.autoservice.controller.model.RunFilter;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The run store's filters, resume, export and retention statements, on each engine. */
class RunQueriesTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  @TempDir Path data;

  private static RunRecord run(String id, String agent, long seq, RunState state, RunStatus status)
      throws Exception {
    boolean done = state == RunState.FINISHED;
    return new RunRecord(
        id,
        agent,
        "PC-" + agent,
        seq,
        state,
        status,
        PlanParser.parse("[{\"type\":\"hello_service\"}]"),
        1,
        "anna",
        T0.plusSeconds(seq),
        T0.plusSeconds(3600),
        done ? T0.plusSeconds(60 + seq) : null,
        0,
        null,
        null,
        null);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void shouldFilterResumeExportAndPruneRunsOnEitherEngine(Engine engine) throws Exception {
    try (Database db = engine.open(data)) {
      RunStore runs = db.stores().runs();
      runs.insertAll(
          List.of(
              run("r1", "a", 1, RunState.FINISHED, RunStatus.OK),
              run("r2", "a", 2, RunState.FINISHED, RunStatus.ERROR),
              run("r3", "b", 3, RunState.QUEUED, null)));
      runs.insert(run("r4", "b", 4, RunState.FINISHED, RunStatus.OK), "local-7");
      db.stores()
          .writeTarget()
          .write(new WriteBatch().appendEvent(new EventRow("r1", 1, T0, new byte[] {1})));

      assertThat(runs.maxQueueSeq()).isEqualTo(4);
      assertThat(runs.runs(new RunFilter("a", null, null, null, 10)))
          .extracting(RunRecord::runId)
          .containsExactly("r2", "r1");
      assertThat(
              runs.runs(
                  new RunFilter(null, RunState.FINISHED, RunStatus.OK, T0.plusSeconds(2), 10)))
          .extracting(RunRecord::runId)
          .containsExactly("r4");
      assertThat(runs.localRun("b", "local-7")).map(RunRecord::runId).contains("r4");
      assertThat(runs.unfinished()).extracting(RunRecord::runId).containsExactly("r3");

      assertThat(runs.finishedWithoutExport(T0, 10)).containsExactly("r1", "r2", "r4");
      runs.setExportDir("r1", "2026-12-07_r1");
      assertThat(runs.exportDir("r1")).contains("2026-12-07_r1");
      assertThat(runs.exportedBefore(T0.plusSeconds(1_000), 10))
          .containsExactly(new RunStore.ExportedFolder("r1", "2026-12-07_r1"));
      runs.folderPruned("r1");
      assertThat(runs.exportedBefore(T0.plusSeconds(1_000), 10)).isEmpty();

      assertThat(runs.pruneEvents(T0.plusSeconds(1_000), 10)).isEqualTo(3);
      assertThat(db.stores().events().maxSeq("r1")).isZero();
      assertThat(runs.pruneEvents(T0.plusSeconds(1_000), 10)).as("once").isZero();
      assertThat(runs.deleteRuns(T0.plusSeconds(63), 10)).isEqualTo(2);
      assertThat(runs.runs(new RunFilter(null, null, null, null, 10)))
          .extracting(RunRecord::runId)
          .containsExactly("r4", "r3");
    }
  }
}
