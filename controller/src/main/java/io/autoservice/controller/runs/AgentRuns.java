package io.autoservice.controller.runs;

import io.autoservice.controller.model.RunRecord;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * One agent's unfinished runs on the controller: its queue, the run it works on, and each run's
 * sequence bookkeeping. Every field is guarded by this object's monitor, held only for memory work:
 * nothing under it touches the database or a stream. Agents never share one, so thousands of agent
 * streams never wait for each other.
 */
final class AgentRuns {
  /** A run not finished yet, as this controller knows it. */
  static final class Active {
    RunRecord record;

    /** The highest sequence accepted (handed to the writer). */
    long accepted;

    /** The highest sequence committed: what an ack may say. */
    long persisted;

    /** Its end was handed to the writer; it leaves once that commits. */
    boolean ending;

    /** Times its AssignRun was sent without an answer (on this controller's watch). */
    int assignSends;

    /** When its AssignRun was last sent; null when never (by this controller process). */
    java.time.Instant assignSentAt;

    /** A resend waits for {@link Dispatcher#ASSIGN_RESEND_FLOOR}; the sweep sends it. */
    boolean assignPending;

    Active(RunRecord record, long persisted) {
      this.record = record;
      this.accepted = persisted;
      this.persisted = persisted;
    }
  }

  final String agentId;
  final Deque<String> queue = new ArrayDeque<>();
  final Map<String, Active> runs = new HashMap<>();
  String current;

  /** Another replica took the agent: nothing more is sent or decided from here. */
  boolean released;

  AgentRuns(String agentId) {
    this.agentId = agentId;
  }

  Active active(String runId) {
    return runs.get(runId);
  }
}
