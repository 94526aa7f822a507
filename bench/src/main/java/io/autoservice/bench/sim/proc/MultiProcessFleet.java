package io.autoservice.bench.sim.proc;

import io.autoservice.bench.sim.Fleet;
import io.autoservice.bench.sim.FleetSnapshot;
import io.autoservice.bench.sim.SendTimes;
import io.autoservice.bench.sim.SimFleet;
import io.autoservice.bench.sim.proc.WorkerProtocol.Verb;
import java.util.List;

/**
 * The fleet spread over this JVM and simulator child processes, seen as one: commands go to every
 * part (the children first, so they work while this JVM does its share), and the counters are the
 * sum of this JVM's live ones and each child's latest report. A command returns once every child
 * acknowledged it, so counters read afterwards reflect it (e.g. a new epoch's zero).
 */
public final class MultiProcessFleet implements Fleet {
  private static final long COMMAND_TIMEOUT_NANOS = 120_000_000_000L;

  private final SimFleet local;
  private final List<RemoteWorker> workers;

  public MultiProcessFleet(SimFleet local, List<RemoteWorker> workers) {
    this.local = local;
    this.workers = List.copyOf(workers);
  }

  @Override
  public void connectAll() {
    everywhere(Verb.CONNECT, local::connectAll);
  }

  @Override
  public void newEpoch() {
    everywhere(Verb.NEW_EPOCH, local::newEpoch);
  }

  @Override
  public void closeGate() {
    everywhere(Verb.CLOSE_GATE, local::closeGate);
  }

  @Override
  public void openGate() {
    everywhere(Verb.OPEN_GATE, local::openGate);
  }

  /** This JVM's agents only: the paced phase plays on them, whose send times are known here. */
  @Override
  public void pace(long intervalMillis, long startSpreadMillis) {
    local.pace(intervalMillis, startSpreadMillis);
  }

  private void everywhere(Verb verb, Runnable here) {
    long[] sent = new long[workers.size()];
    for (int i = 0; i < sent.length; i++) {
      sent[i] = workers.get(i).send(verb);
    }
    here.run();
    long deadline = System.nanoTime() + COMMAND_TIMEOUT_NANOS;
    try {
      for (int i = 0; i < sent.length; i++) {
        workers.get(i).awaitAck(sent[i], deadline);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SimWorkerException("interrupted while waiting for the simulator processes");
    }
  }

  @Override
  public FleetSnapshot snapshot() {
    FleetSnapshot sum = local.snapshot();
    for (RemoteWorker w : workers) {
      sum = sum.plus(w.snapshot());
    }
    return sum;
  }

  @Override
  public List<String> localAgentIds() {
    return local.localAgentIds();
  }

  @Override
  public SendTimes sendTimes() {
    return local.sendTimes();
  }

  @Override
  public void close() {
    workers.forEach(RemoteWorker::close);
    local.close();
  }
}
