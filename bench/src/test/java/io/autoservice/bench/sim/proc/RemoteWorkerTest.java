package io.autoservice.bench.sim.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoservice.bench.sim.FleetSnapshot;
import io.autoservice.bench.sim.proc.WorkerProtocol.Report;
import io.autoservice.bench.sim.proc.WorkerProtocol.Verb;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parent's side of the child protocol against scripted children ({@code sh}): counters arrive,
 * commands are acknowledged, a dying child is named with its stderr, and none is left running.
 */
class RemoteWorkerTest {
  @TempDir Path tmp;

  private static long deadline() {
    return System.nanoTime() + 10_000_000_000L;
  }

  private static FleetSnapshot welcomed(long n) {
    return new FleetSnapshot(n, n, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(), List.of());
  }

  @Test
  void aCommandReturnsOnceTheChildReportedItDoneWithItsCounters() throws Exception {
    String ready = WorkerProtocol.encode(new WorkerProtocol.Ready(3));
    String before = WorkerProtocol.encode(new Report(0, welcomed(3)));
    String after = WorkerProtocol.encode(new Report(1, welcomed(0)));
    // Reports the old epoch until it reads the command, then acknowledges it with zero welcomed.
    String script =
        "echo '" + ready + "'; echo '" + before + "'; read cmd; echo '" + after + "'; read stop";
    try (RemoteWorker w =
        RemoteWorker.start("simulator process 2", List.of("sh", "-c", script), tmp.resolve("e"))) {
      assertThat(w.awaitReady(deadline())).isEqualTo(3);
      long n = w.send(Verb.NEW_EPOCH);
      w.awaitAck(n, deadline());
      assertThat(w.snapshot().welcomedThisEpoch()).isZero();
    }
  }

  @Test
  void aChildThatDiesIsNamedWithItsExitStatusAndStderr() throws Exception {
    String script = "echo 'java.lang.OutOfMemoryError: Java heap space' >&2; exit 3";
    try (RemoteWorker w =
        RemoteWorker.start(
            "simulator process 2", List.of("sh", "-c", script), tmp.resolve("w.log"))) {
      assertThatThrownBy(() -> w.awaitReady(deadline()))
          .isInstanceOf(SimWorkerException.class)
          .hasMessageContaining("simulator process 2")
          .hasMessageContaining("exited with status 3")
          .hasMessageContaining("OutOfMemoryError: Java heap space");
    }
  }

  @Test
  void closeLeavesNoChildRunningEvenOneThatIgnoresStop() throws Exception {
    RemoteWorker w =
        RemoteWorker.start(
            "simulator process 2",
            List.of("sh", "-c", "trap '' TERM; while true; do sleep 1; done"),
            tmp.resolve("w.log"));
    ProcessHandle child = w.handle();
    assertThat(child.isAlive()).isTrue();
    // The grace is what close() waits before the kill; the 10 s default only made this test slow.
    w.close(Duration.ofMillis(300));
    assertThat(child.isAlive()).isFalse();
  }
}
