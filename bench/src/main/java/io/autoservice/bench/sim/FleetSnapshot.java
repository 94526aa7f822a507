package io.autoservice.bench.sim;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fleet's counters at one moment, as plain values: what the phases read, what a simulator child
 * process reports to the parent, and what the parent sums over all its processes.
 *
 * @param welcomedThisEpoch agents welcomed since the last {@link Fleet#newEpoch()}
 * @param online streams currently past Welcome
 * @param assignsAcked new AssignRuns acked
 * @param eventsSent events first sent
 * @param eventsResent events resent after a reconnect
 * @param eventsAcked events the controller acked as persisted
 * @param runsDelivered runs whose RunFinished was acked
 * @param disconnects streams that ended
 * @param pushbacks streams refused with RESOURCE_EXHAUSTED
 * @param stopped agents that stopped for good
 * @param failedBeforeWelcome streams that ended before their Welcome, by reason
 * @param stopReasons up to five agents that stopped for good, with why
 */
public record FleetSnapshot(
    long welcomedThisEpoch,
    long online,
    long assignsAcked,
    long eventsSent,
    long eventsResent,
    long eventsAcked,
    long runsDelivered,
    long disconnects,
    long pushbacks,
    long stopped,
    Map<String, Long> failedBeforeWelcome,
    List<String> stopReasons) {

  public static final FleetSnapshot EMPTY =
      new FleetSnapshot(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(), List.of());

  public FleetSnapshot {
    failedBeforeWelcome = Map.copyOf(failedBeforeWelcome == null ? Map.of() : failedBeforeWelcome);
    stopReasons = List.copyOf(stopReasons == null ? List.of() : stopReasons);
  }

  static FleetSnapshot of(FleetCounters c, List<String> stopReasons) {
    Map<String, Long> failed = new TreeMap<>();
    c.failedBeforeWelcome.forEach((why, n) -> failed.put(why, n.sum()));
    return new FleetSnapshot(
        c.welcomedThisEpoch.get(),
        c.online.get(),
        c.assignsAcked.sum(),
        c.eventsSent.sum(),
        c.eventsResent.sum(),
        c.eventsAcked.sum(),
        c.runsDelivered.sum(),
        c.disconnects.sum(),
        c.pushbacks.sum(),
        c.stopped.get(),
        failed,
        stopReasons);
  }

  /** Streams that ended before their Welcome, for any reason. */
  public long failedBeforeWelcomeTotal() {
    return failedBeforeWelcome.values().stream().mapToLong(Long::longValue).sum();
  }

  /** This fleet and {@code o} together: counters summed, reasons merged. */
  public FleetSnapshot plus(FleetSnapshot o) {
    Map<String, Long> failed = new TreeMap<>(failedBeforeWelcome);
    o.failedBeforeWelcome.forEach((why, n) -> failed.merge(why, n, Long::sum));
    List<String> reasons = new java.util.ArrayList<>(stopReasons);
    reasons.addAll(o.stopReasons);
    return new FleetSnapshot(
        welcomedThisEpoch + o.welcomedThisEpoch,
        online + o.online,
        assignsAcked + o.assignsAcked,
        eventsSent + o.eventsSent,
        eventsResent + o.eventsResent,
        eventsAcked + o.eventsAcked,
        runsDelivered + o.runsDelivered,
        disconnects + o.disconnects,
        pushbacks + o.pushbacks,
        stopped + o.stopped,
        failed,
        reasons.subList(0, Math.min(5, reasons.size())));
  }
}
