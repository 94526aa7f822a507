package io.autoservice.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.json.Json;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.controller.model.RunFilter;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A listing of runs (console runs, ListRuns) reads what a list shows, not each run's report: ten
 * thousand reports parsed at once ran a controller out of heap.
 */
class RunListingTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  @TempDir Path data;

  @ParameterizedTest
  @EnumSource(Engine.class)
  void shouldListRunsWithoutTheirReportsAndStillGiveTheReportOfOneRun(Engine engine)
      throws Exception {
    try (Database db = engine.open(data)) {
      RunStore runs = db.stores().runs();
      RunReport report =
          new RunReport(
              "run-1",
              RunStatus.OK,
              List.of(),
              1.5,
              T0,
              Json.object().put("hostname", "PC-ALPHA").put("note", "x".repeat(20_000)),
              null);
      runs.insert(
          new RunRecord(
              "run-1",
              "agent-a",
              "PC-ALPHA",
              1,
              RunState.FINISHED,
              RunStatus.OK,
              PlanParser.parse("[{\"type\":\"hello_service\"}]"),
              1,
              "anna",
              T0,
              T0.plusSeconds(3600),
              T0.plusSeconds(60),
              4,
              report,
              null,
              null),
          null);

      List<RunRecord> listed = runs.runs(new RunFilter(null, null, null, null, 100));

      assertThat(listed)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.runId()).isEqualTo("run-1");
                assertThat(r.status()).isEqualTo(RunStatus.OK);
                assertThat(r.state()).isEqualTo(RunState.FINISHED);
                assertThat(r.totalTasks()).isEqualTo(1);
                assertThat(r.report()).as("a listing leaves the report in the store").isNull();
                assertThat(r.error()).as("and does not take the run for unreadable").isNull();
              });
      assertThat(runs.run("run-1").orElseThrow().report())
          .as("the run itself still has it")
          .isNotNull();
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void shouldListEveryRunWhenOneRowsReportAndPlanDoNotRead(Engine engine) throws Exception {
    try (Database db = engine.open(data)) {
      RunStore runs = db.stores().runs();
      for (int i = 1; i <= 3; i++) {
        runs.insert(finished("run-" + i, i), null);
      }
      // given a row whose report and plan are not JSON, written behind the controller's back
      try (java.sql.Connection c = db.writeDataSource().getConnection()) {
        c.createStatement()
            .executeUpdate(
                "UPDATE runs SET report_json = '{not json', plan_json = '[' WHERE run_id = 'run-2'");
      }

      List<RunRecord> listed = runs.runs(new RunFilter(null, null, null, null, 100));

      assertThat(listed).extracting(RunRecord::runId).containsExactly("run-3", "run-2", "run-1");
      assertThat(listed.get(1).status()).isEqualTo(RunStatus.ERROR);
      assertThat(listed.get(1).error()).contains("cannot read this run");
      assertThat(listed.get(0).error()).isNull();
      assertThat(runs.run("run-2").orElseThrow().error()).contains("plan_json", "report_json");
    }
  }

  private static RunRecord finished(String id, long seq) throws Exception {
    return new RunRecord(
        id,
        "agent-a",
        "PC-ALPHA",
        seq,
        RunState.FINISHED,
        RunStatus.OK,
        PlanParser.parse("[{\"type\":\"hello_service\"}]"),
        1,
        "anna",
        T0,
        T0.plusSeconds(3600),
        T0.plusSeconds(60),
        4,
        new RunReport(id, RunStatus.OK, List.of(), 1.5, T0, Json.object(), null),
        null,
        null);
  }
}
