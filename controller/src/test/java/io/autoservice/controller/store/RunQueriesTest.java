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

      assertThat(runs.finishedWithoutExport(T0, T0.plusSeconds(3600), 10))
          .containsExactly("r1", "r2", "r4");
      assertThat(runs.finishedWithoutExport(T0, T0.plusSeconds(63), 10))
          .as("finished before a time")
          .containsExactly("r1", "r2");

      // One exporter per run: claimed, renewed by its owner's retry, taken over once stale.
      Instant now = T0.plusSeconds(100);
      Instant stale = now.minusSeconds(600);
      assertThat(runs.claimExport("r2", "replica-1", now, stale)).isTrue();
      assertThat(runs.claimExport("r2", "replica-2", now, stale)).as("held by another").isFalse();
      assertThat(runs.claimExport("r2", "replica-1", now.plusSeconds(5), stale))
          .as("its owner's retry")
          .isTrue();
      Instant later = now.plusSeconds(900);
      assertThat(runs.claimExport("r2", "replica-2", later, later.minusSeconds(600)))
          .as("a claim whose owner died is taken over")
          .isTrue();
      assertThat(runs.claimExport("r2", "replica-1", later, later.minusSeconds(600)))
          .as("the old owner lost it")
          .isFalse();
      assertThat(runs.claimExport("r3", "replica-1", now, stale)).as("unfinished").isFalse();
      assertThat(runs.claimExport("no-such-run", "replica-1", now, stale)).isFalse();

      runs.setExportDir("r1", "2026-12-07_r1");
      assertThat(runs.claimExport("r1", "replica-1", now, stale))
          .as("a run with its folder recorded")
          .isFalse();
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
