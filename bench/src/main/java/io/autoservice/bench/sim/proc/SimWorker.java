package io.autoservice.bench.sim.proc;

import io.autoservice.bench.sim.Fleet;
import io.autoservice.bench.sim.Identity;
import io.autoservice.bench.sim.IdentityCache;
import io.autoservice.bench.sim.SimFleet;
import io.autoservice.bench.sim.proc.WorkerProtocol.Command;
import io.autoservice.bench.sim.proc.WorkerProtocol.Ready;
import io.autoservice.bench.sim.proc.WorkerProtocol.Report;
import io.autoservice.bench.sim.proc.WorkerProtocol.Verb;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The child side of a multi-process fleet: simulates one slice of the cached identities exactly as
 * the bench's own {@link SimFleet} does, carries out the parent's commands from stdin and reports
 * its counters on stdout. Ends when told to stop or when stdin closes (the parent is gone).
 */
public final class SimWorker {
  /** Which agents to simulate and how: identities {@code [from, to)} of the work folder's cache. */
  public record Spec(
      String host, int port, Path workDir, int from, int to, SimFleet.Settings settings) {}

  static final long REPORT_MILLIS = 100;

  private final BufferedReader in;
  private final PrintStream out;
  private long lastAck;

  public SimWorker(BufferedReader in, PrintStream out) {
    this.in = in;
    this.out = out;
  }

  public int run(Spec spec) throws IOException {
    List<Identity> all = new IdentityCache(spec.workDir()).load();
    if (spec.to() > all.size() || spec.from() < 0 || spec.from() >= spec.to()) {
      throw new IllegalArgumentException(
          "identities " + spec.from() + ".." + spec.to() + " asked, the cache holds " + all.size());
    }
    List<Identity> mine = all.subList(spec.from(), spec.to());
    ScheduledExecutorService reporter =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sim-worker-report");
              t.setDaemon(true);
              return t;
            });
    try (SimFleet fleet = new SimFleet(spec.settings())) {
      fleet.prepare(spec.host(), spec.port(), mine);
      send(WorkerProtocol.encode(new Ready(mine.size())));
      reporter.scheduleAtFixedRate(
          () -> done(fleet, -1), REPORT_MILLIS, REPORT_MILLIS, TimeUnit.MILLISECONDS);
      String line;
      while ((line = in.readLine()) != null) {
        Command c = WorkerProtocol.decodeCommand(line);
        if (c.verb() == Verb.STOP) {
          done(fleet, c.seq());
          break;
        }
        apply(fleet, c.verb());
        done(fleet, c.seq());
      }
    } finally {
      reporter.shutdownNow();
    }
    return 0;
  }

  private static void apply(Fleet fleet, Verb verb) {
    switch (verb) {
      case CONNECT -> fleet.connectAll();
      case NEW_EPOCH -> fleet.newEpoch();
      case CLOSE_GATE -> fleet.closeGate();
      case OPEN_GATE -> fleet.openGate();
      case STOP -> {}
    }
  }

  /**
   * Reports the counters as of now; {@code ack} >= 0 marks a command done. One lock for both, so no
   * report taken before a command can arrive after that command's acknowledgement.
   */
  private synchronized void done(Fleet fleet, long ack) {
    if (ack >= 0) {
      lastAck = ack;
    }
    send(WorkerProtocol.encode(new Report(lastAck, fleet.snapshot())));
  }

  private synchronized void send(String line) {
    out.println(line);
    out.flush();
  }
}
