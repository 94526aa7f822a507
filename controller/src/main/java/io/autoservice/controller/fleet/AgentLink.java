package io.autoservice.controller.fleet;

import io.autoservice.controller.model.RunRecord;

/**
 * The controller's way to talk to one connected agent. Implemented by the gateway's stream session,
 * which serializes every write on the stream's own context, so callers on any thread may use it.
 */
public interface AgentLink {
  /** Sends a run to execute; the agent acks it. */
  void assign(RunRecord run);

  /** Asks the agent to stop a run. */
  void cancel(String runId, String reason);

  /** Closes the stream (agent replaced by a newer stream, or silent for too long). */
  void close(String why);

  /** Closes the stream for good: the agent's certificate was revoked (PERMISSION_DENIED). */
  void revoke(String why);

  /**
   * Whether the controller itself keeps the agent quiet: every message it may send has been read
   * and the controller has not given credit back yet (its events wait for a commit or its rate
   * limit). Such an agent's silence says nothing about its health.
   */
  default boolean heldBack() {
    return false;
  }
}
