package io.autoservice.bench.run;

import io.autoservice.bench.console.BenchConsole;
import io.autoservice.proto.v1.ListRunsRequest;
import io.autoservice.proto.v1.RunState;
import io.autoservice.proto.v1.RunStatus;
import io.autoservice.proto.v1.RunSummary;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How a set of runs ended, as the controller tells a console: ListRuns per outcome, counting the
 * runs of the set. ListRuns returns at most 10,000 runs per call, newest first, with no paging;
 * when an outcome's list was cut there, the runs of the set not seen yet are looked up by their
 * agent (one ListRuns each), so a set larger than 10,000 (15,000 agents) is still counted in full.
 */
final class RunOutcomes {
  static final int LIST_LIMIT = 10_000;
  private static final int PER_AGENT_LIMIT = 100;

  private RunOutcomes() {}

  static Map<RunStatus, Integer> count(BenchConsole console, List<RunSummary> runs) {
    return count(req -> console.listRuns(req).getRunsList(), runs, LIST_LIMIT);
  }

  static Map<RunStatus, Integer> count(
      Function<ListRunsRequest, List<RunSummary>> listRuns, List<RunSummary> runs, int limit) {
    Set<String> unseen = runs.stream().map(RunSummary::getRunId).collect(Collectors.toSet());
    Map<RunStatus, Integer> out = new EnumMap<>(RunStatus.class);
    boolean cut = false;
    for (RunStatus s : RunStatus.values()) {
      if (s == RunStatus.RUN_STATUS_UNSPECIFIED || s == RunStatus.UNRECOGNIZED) {
        continue;
      }
      List<RunSummary> page =
          listRuns.apply(
              ListRunsRequest.newBuilder()
                  .setState(RunState.RUN_STATE_FINISHED)
                  .setStatus(s)
                  .setLimit(limit)
                  .build());
      cut |= page.size() >= limit;
      out.put(s, (int) page.stream().filter(r -> unseen.remove(r.getRunId())).count());
    }
    if (cut) {
      for (RunSummary run : runs) {
        if (unseen.contains(run.getRunId())) {
          byAgent(listRuns, run).ifPresent(r -> out.merge(r.getStatus(), 1, Integer::sum));
        }
      }
    }
    return out;
  }

  private static Optional<RunSummary> byAgent(
      Function<ListRunsRequest, List<RunSummary>> listRuns, RunSummary run) {
    return listRuns
        .apply(
            ListRunsRequest.newBuilder()
                .setAgentId(run.getAgentId())
                .setState(RunState.RUN_STATE_FINISHED)
                .setLimit(PER_AGENT_LIMIT)
                .build())
        .stream()
        .filter(r -> r.getRunId().equals(run.getRunId()))
        .findFirst();
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
