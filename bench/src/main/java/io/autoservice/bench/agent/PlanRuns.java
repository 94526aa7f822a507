package io.autoservice.bench.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code agent run} from the image against the original Python runner on the same plan: the two
 * alternate (agent, runner, agent, …) so that a busy moment of the machine hits both, and each
 * side's wall times are summarised by their median.
 */
final class PlanRuns {
  /** One side's wall times in seconds, in run order, and the exit status of its last run. */
  record Side(List<Double> seconds, int lastExit) {
    double median() {
      return Medians.of(seconds);
    }
  }

  /** The result: the runner's side is absent when no runner was given. */
  record Comparison(Side agent, Side runner) {
    /** Agent time over runner time (≤ 1.0: the agent is as fast or faster); NaN without runner. */
    double ratio() {
      return runner == null ? Double.NaN : agent.median() / runner.median();
    }
  }

  private PlanRuns() {}

  static Comparison compare(List<String> agentCmd, List<String> runnerCmd, Path dir, int runs)
      throws IOException, InterruptedException {
    List<Double> agent = new ArrayList<>();
    List<Double> runner = new ArrayList<>();
    int agentExit = 0;
    int runnerExit = 0;
    // One unmeasured run each first: the page cache, not the program, would otherwise decide it.
    timed(agentCmd, dir);
    if (runnerCmd != null) {
      timed(runnerCmd, dir);
    }
    for (int i = 0; i < runs; i++) {
      Timed a = timed(agentCmd, dir);
      agent.add(a.seconds());
      agentExit = a.exit();
      if (runnerCmd != null) {
        Timed r = timed(runnerCmd, dir);
        runner.add(r.seconds());
        runnerExit = r.exit();
      }
    }
    return new Comparison(
        new Side(agent, agentExit), runnerCmd == null ? null : new Side(runner, runnerExit));
  }

  private record Timed(double seconds, int exit) {}

  /**
   * Wall time from start to exit; stdout and stderr are read (as the desktop host does) and
   * dropped.
   */
  private static Timed timed(List<String> cmd, Path dir) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", cmd) + " did not finish within 5 minutes");
    }
    return new Timed((System.nanoTime() - t0) / 1e9, p.exitValue());
  }
}
