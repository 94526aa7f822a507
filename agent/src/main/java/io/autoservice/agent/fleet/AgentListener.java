package io.autoservice.agent.fleet;

import io.autoservice.common.result.RunStatus;
import io.grpc.Status;

/**
 * Observes the fleet agent's lifecycle (as remoting's {@code EngineListener} does). Every method
 * defaults to doing nothing, so an observer overrides only what it needs.
 *
 * <p>Connection callbacks come from the client's stream context, run callbacks from the run thread:
 * implementations must be thread-safe, quick, and must not throw.
 */
public interface AgentListener {
  /** A listener that ignores everything. */
  AgentListener NONE = new AgentListener() {};

  /** The controller answered Hello with Welcome: the session is healthy. */
  default void connected() {}

  /**
   * A Connect stream ended, whether or not it got as far as Welcome; {@code status} is how it ended
   * (OK when the controller or this agent closed it normally).
   */
  default void disconnected(Status status) {}

  /** A run began executing on the run thread. */
  default void runStarted(String runId) {}

  /** A run ended; its RunFinished is in the outbox (not necessarily delivered yet). */
  default void runFinished(String runId, RunStatus status) {}
}
