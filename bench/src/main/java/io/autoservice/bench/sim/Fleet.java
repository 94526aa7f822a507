package io.autoservice.bench.sim;

import java.util.List;

/**
 * The simulated fleet as the phases drive and read it, whether it lives in this JVM ({@link
 * SimFleet}) or is spread over several simulator processes ({@code proc.MultiProcessFleet}).
 */
public interface Fleet extends AutoCloseable {
  /** Every agent opens its stream now. */
  void connectAll();

  /** Starts a new epoch: {@link FleetSnapshot#welcomedThisEpoch()} counts from zero again. */
  void newEpoch();

  /** From now on runs wait after their CommandAck until {@link #openGate()}. */
  void closeGate();

  /** Releases every held run and lets new ones start at once. */
  void openGate();

  /**
   * From now on this JVM's agents send one event of a run every {@code intervalMillis} (0: the
   * settings' pace again), each run starting after a random delay below {@code startSpreadMillis}.
   */
  void pace(long intervalMillis, long startSpreadMillis);

  /** The counters of every simulated agent, summed. */
  FleetSnapshot snapshot();

  /** The agents simulated in this JVM: only their events carry send times. */
  List<String> localAgentIds();

  /** Send times of this JVM's agents' events (for agent-to-watcher latency). */
  SendTimes sendTimes();

  @Override
  void close();
}
