package io.autoservice.controller.runs;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * Which agents' runs this controller keeps in memory and drives. A lone controller keeps every
 * agent's ({@link #solo()}); replicas sharing a store each keep the agents they hold a lease for,
 * and hand what concerns another replica's agents to that replica through the store.
 */
public interface AgentOwnership {
  /** Whether this controller holds the agent: its runs live in this controller's memory. */
  boolean holds(String agentId);

  /**
   * Runs were stored for agents this controller does not hold: the holder is told, or, when no live
   * replica holds one, this controller adopts it.
   */
  void queued(Collection<String> agentIds);

  /** A cancel of a run whose agent another replica holds (or none does). */
  void cancel(String agentId, String runId, String reason);

  /**
   * Before an agent's new stream is served here: completes once this controller holds the agent and
   * no other replica drives its runs any more.
   */
  CompletableFuture<Void> acquire(String agentId);

  /** {@code n} places in the fleet's run order, ascending. */
  long[] nextQueueSeqs(int n);

  /** A controller alone on its store: it holds every agent. */
  static AgentOwnership solo() {
    return Solo.INSTANCE;
  }

  /** The lone controller's ownership. */
  final class Solo implements AgentOwnership {
    static final Solo INSTANCE = new Solo();

    private Solo() {}

    @Override
    public boolean holds(String agentId) {
      return true;
    }

    @Override
    public void queued(Collection<String> agentIds) {
      throw new IllegalStateException("a lone controller holds every agent");
    }

    @Override
    public void cancel(String agentId, String runId, String reason) {
      throw new IllegalStateException("a lone controller holds every agent");
    }

    @Override
    public CompletableFuture<Void> acquire(String agentId) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public long[] nextQueueSeqs(int n) {
      throw new UnsupportedOperationException("the dispatcher counts for a lone controller");
    }
  }
}
