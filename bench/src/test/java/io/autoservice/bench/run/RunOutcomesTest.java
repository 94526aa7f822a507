package io.autoservice.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.proto.v1.ListRunsRequest;
import io.autoservice.proto.v1.RunState;
import io.autoservice.proto.v1.RunStatus;
import io.autoservice.proto.v1.RunSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Outcomes of more runs than one ListRuns call returns (15,000 agents, 10,000 a call): every run is
 * counted, none silently left out of "failed".
 */
class RunOutcomesTest {
  private static RunSummary run(int i, RunStatus status) {
    return RunSummary.newBuilder()
        .setRunId("run-" + i)
        .setAgentId("sim-" + i)
        .setState(RunState.RUN_STATE_FINISHED)
        .setStatus(status)
        .build();
  }

  /** A controller holding {@code store} (newest first) that returns at most {@code cap} runs. */
  private static Function<ListRunsRequest, List<RunSummary>> controller(
      List<RunSummary> store, int cap) {
    return req ->
        store.stream()
            .filter(r -> req.getAgentId().isEmpty() || r.getAgentId().equals(req.getAgentId()))
            .filter(
                r ->
                    req.getStatus() == RunStatus.RUN_STATUS_UNSPECIFIED
                        || r.getStatus() == req.getStatus())
            .limit(Math.min(cap, req.getLimit() == 0 ? cap : req.getLimit()))
            .toList();
  }

  @Test
  void runsBeyondOneListRunsCallAreCountedToo() {
    List<RunSummary> store = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      store.add(run(i, i == 13 ? RunStatus.RUN_STATUS_ERROR : RunStatus.RUN_STATUS_OK));
    }

    Map<RunStatus, Integer> got = RunOutcomes.count(controller(store, 10), store, 10);

    assertThat(got.get(RunStatus.RUN_STATUS_OK)).isEqualTo(14);
    assertThat(got.get(RunStatus.RUN_STATUS_ERROR)).isEqualTo(1);
    assertThat(RunOutcomes.notOk(got)).isEqualTo(1);
  }

  @Test
  void runsOfOtherSetsAreNotCounted() {
    List<RunSummary> store = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      store.add(run(i, RunStatus.RUN_STATUS_OK));
    }
    Map<RunStatus, Integer> got = RunOutcomes.count(controller(store, 10), store.subList(2, 5), 10);
    assertThat(got.get(RunStatus.RUN_STATUS_OK)).isEqualTo(3);
  }
}
