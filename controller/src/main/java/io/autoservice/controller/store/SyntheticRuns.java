package io.autoservice.controller.store;

import io.autoservice.common.json.Json;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Fills a controller's data folder with finished runs, for the benchmark of {@code console runs}
 * over a big archive: {@code java -cp autoservice-controller.jar
 * io.autoservice.controller.store.SyntheticRuns DATA_DIR RUNS [AGENTS [ID_FORMAT]]}, agent ids made
 * by {@code String.format(ID_FORMAT, 1..AGENTS)} (default {@code seed-agent-%d}). Runs are spread
 * over the agents and the last year, with the statuses a shop sees, each with a realistic plan and
 * report, and written through the store itself (the same rows a controller writes). Not a user
 * command.
 */
public final class SyntheticRuns {
  private static final RunStatus[] STATUSES = {
    RunStatus.OK,
    RunStatus.OK,
    RunStatus.OK,
    RunStatus.COMPLETED_WITH_ERRORS,
    RunStatus.ERROR,
    RunStatus.CANCELLED
  };

  private SyntheticRuns() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: SyntheticRuns DATA_DIR RUNS [AGENTS [ID_FORMAT]]");
      System.exit(2);
    }
    Path data = Path.of(args[0]);
    int total = Integer.parseInt(args[1]);
    int agents = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    String idFormat = args.length > 3 ? args[3] : "seed-agent-%d";
    long t0 = System.nanoTime();
    try (Database db = Database.open(data)) {
      RunStore runs = db.stores().runs();
      long seq = runs.maxQueueSeq();
      Plan plan =
          PlanParser.parse(
              "{\"tasks\":[{\"type\":\"hello_service\"},{\"type\":\"disk_space_report\"},"
                  + "{\"type\":\"ping_test\",\"host\":\"127.0.0.1\",\"count\":3}],\"metadata\":{\"technician_name\":\"bench\"}}");
      Random random = new Random(42);
      Instant end = Instant.now();
      List<RunRecord> chunk = new ArrayList<>(5_000);
      for (int i = 0; i < total; i++) {
        Instant finished = end.minus(Duration.ofSeconds((long) (total - i) * 31_536_000L / total));
        RunStatus status = STATUSES[random.nextInt(STATUSES.length)];
        String agent = String.format(java.util.Locale.ROOT, idFormat, 1 + random.nextInt(agents));
        String runId = UUID.randomUUID().toString();
        chunk.add(
            new RunRecord(
                runId,
                agent,
                "PC-" + agent,
                ++seq,
                RunState.FINISHED,
                status,
                plan,
                3,
                "bench",
                finished.minusSeconds(90),
                finished.plus(Duration.ofDays(7)),
                finished,
                23,
                report(runId, status, finished),
                status == RunStatus.ERROR ? "the agent restarted during the run" : null,
                null));
        if (chunk.size() == 5_000) {
          runs.insertAll(chunk);
          chunk.clear();
          if (i % 100_000 < 5_000) {
            System.err.printf("%,d runs stored (%.0f s)%n", i + 1, (System.nanoTime() - t0) / 1e9);
          }
        }
      }
      runs.insertAll(chunk);
    }
    System.err.printf("%,d runs stored in %.1f s%n", total, (System.nanoTime() - t0) / 1e9);
  }

  private static RunReport report(String runId, RunStatus status, Instant at) {
    List<TaskResult> tasks =
        List.of(
            TaskResult.ofReason(
                "hello_service", null, TaskStatus.SUCCESS, "Hello, technician!", 1.0),
            TaskResult.ofReason(
                "disk_space_report",
                null,
                TaskStatus.SUCCESS,
                "C: 120.5GB used of 476.9GB (25.3%)",
                0.1),
            TaskResult.ofReason(
                "ping_test",
                null,
                status == RunStatus.OK ? TaskStatus.SUCCESS : TaskStatus.ERROR,
                "3 of 3 replies, 12 ms average",
                2.1));
    return new RunReport(
        runId, status, tasks, 3.2, at.minusSeconds(90), Json.object().put("hostname", "PC"), null);
  }
}
