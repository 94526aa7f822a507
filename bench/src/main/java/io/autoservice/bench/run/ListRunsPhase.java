package io.autoservice.bench.run;

import com.google.protobuf.Timestamp;
import io.autoservice.proto.v1.ListRunsRequest;
import io.autoservice.proto.v1.RunState;
import io.autoservice.proto.v1.RunStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.HdrHistogram.Histogram;

/**
 * {@code console runs} as technicians use it: ListRuns with no filter and by agent, state, status,
 * since and a combination, each many times, over whatever the store holds (every run this bench
 * made, plus earlier ones in a reused work folder, plus --seed-runs).
 */
final class ListRunsPhase {
  private static final String S = "console runs";

  private ListRunsPhase() {}

  static void run(BenchContext ctx) {
    Map<String, Histogram> byFilter = new LinkedHashMap<>();
    Histogram all = new Histogram(3);
    int queries = ctx.options.listRunsQueries();
    long rows = 0;
    for (String filter :
        new String[] {"none", "agent", "state", "status", "since", "agent+status"}) {
      Histogram h = new Histogram(3);
      byFilter.put(filter, h);
      for (int i = 0; i < queries; i++) {
        ListRunsRequest req = request(ctx, filter);
        long t0 = System.nanoTime();
        rows += ctx.console.listRuns(req).getRunsCount();
        long us = (System.nanoTime() - t0) / 1_000;
        h.recordValue(us);
        all.recordValue(us);
      }
    }
    ctx.results.add(S, "ListRuns calls (limit 100)", all.getTotalCount(), "calls");
    ctx.results.add(
        S,
        "rows returned, mean",
        Math.round(rows * 10.0 / Math.max(1, all.getTotalCount())) / 10.0,
        "rows");
    ctx.results.add(S, "ListRuns p50 (all filters)", all.getValueAtPercentile(50) / 1000.0, "ms");
    ctx.results.add(S, "ListRuns p99 (all filters)", all.getValueAtPercentile(99) / 1000.0, "ms");
    byFilter.forEach(
        (f, h) ->
            ctx.results.add(
                S,
                "ListRuns by " + f + " p50 / p99",
                h.getValueAtPercentile(50) / 1000.0 + " / " + h.getValueAtPercentile(99) / 1000.0,
                "ms"));
  }

  private static ListRunsRequest request(BenchContext ctx, String filter) {
    ListRunsRequest.Builder b = ListRunsRequest.newBuilder().setLimit(100);
    String agent = ctx.agentIds.get(ThreadLocalRandom.current().nextInt(ctx.agentIds.size()));
    Instant since = Instant.now().minusSeconds(600);
    switch (filter) {
      case "agent" -> b.setAgentId(agent);
      case "state" -> b.setState(RunState.RUN_STATE_FINISHED);
      case "status" -> b.setStatus(RunStatus.RUN_STATUS_OK);
      case "since" -> b.setSince(Timestamp.newBuilder().setSeconds(since.getEpochSecond()));
      case "agent+status" -> b.setAgentId(agent).setStatus(RunStatus.RUN_STATUS_OK);
      default -> {}
    }
    return b.build();
  }
}
