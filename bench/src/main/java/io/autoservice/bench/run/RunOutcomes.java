package io.autoservice.bench.run;

import io.autoservice.bench.console.BenchConsole;
import io.autoservice.proto.v1.ListRunsRequest;
import io.autoservice.proto.v1.RunState;
import io.autoservice.proto.v1.RunStatus;
import io.autoservice.proto.v1.RunSummary;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a set of runs ended, as the controller tells a console: ListRuns per outcome, counting the
 * runs of the set (ListRuns returns at most 10,000 runs per call, newest first, so sets larger than
 * that are counted only as far as the newest 10,000 of each outcome go).
 */
final class RunOutcomes {
  static final int LIST_LIMIT = 10_000;

  private RunOutcomes() {}

  static Map<RunStatus, Integer> count(BenchConsole console, List<RunSummary> runs) {
    Set<String> ids = runs.stream().map(RunSummary::getRunId).collect(Collectors.toSet());
    Map<RunStatus, Integer> out = new EnumMap<>(RunStatus.class);
    for (RunStatus s : RunStatus.values()) {
      if (s == RunStatus.RUN_STATUS_UNSPECIFIED || s == RunStatus.UNRECOGNIZED) {
        continue;
      }
      int n = 0;
      for (RunSummary r :
          console
              .listRuns(
                  ListRunsRequest.newBuilder()
                      .setState(RunState.RUN_STATE_FINISHED)
                      .setStatus(s)
                      .setLimit(LIST_LIMIT)
                      .build())
              .getRunsList()) {
        if (ids.contains(r.getRunId())) {
          n++;
        }
      }
      out.put(s, n);
    }
    return out;
  }

  /** Runs of the set that ended in anything but OK. */
  static int notOk(Map<RunStatus, Integer> counts) {
    return counts.entrySet().stream()
        .filter(e -> e.getKey() != RunStatus.RUN_STATUS_OK)
        .mapToInt(Map.Entry::getValue)
        .sum();
  }

  static String describe(Map<RunStatus, Integer> counts) {
    return counts.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .map(e -> e.getKey().name().replace("RUN_STATUS_", "").toLowerCase() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
