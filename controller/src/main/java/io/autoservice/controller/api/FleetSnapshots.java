package io.autoservice.controller.api;

import io.autoservice.common.wire.WireMapper;
import io.autoservice.controller.model.AgentRecord;
import io.autoservice.controller.model.AgentView;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.proto.v1.AgentState;
import io.autoservice.proto.v1.FleetAgentColumns;
import io.autoservice.proto.v1.FleetRunColumns;
import io.autoservice.proto.v1.FleetSnapshot;
import io.autoservice.proto.v1.RunStatus;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Agents and runs -> one {@link FleetSnapshot}: columns instead of a message per agent, and every
 * value many agents share (OS, versions, label keys and values, states) written once in the string
 * table. Most of ListAgents' cost was the per-agent messages' JSON (field names, nested machine
 * info, timestamps as text); columns of short strings and small numbers encode several times
 * faster.
 */
final class FleetSnapshots {
  private final Map<String, Integer> index = new HashMap<>();
  private final FleetSnapshot.Builder out = FleetSnapshot.newBuilder();
  private final FleetAgentColumns.Builder agents = FleetAgentColumns.newBuilder();
  private final FleetRunColumns.Builder runs = FleetRunColumns.newBuilder();

  private FleetSnapshots(boolean complete) {
    out.setComplete(complete);
  }

  /** The message for these agents (in the order given) and runs. */
  static FleetSnapshot of(
      boolean complete, Collection<AgentView> agentViews, Collection<RunRecord> runRecords) {
    FleetSnapshots s = new FleetSnapshots(complete);
    agentViews.forEach(s::agent);
    runRecords.forEach(s::run);
    return s.out.setAgents(s.agents).setRuns(s.runs).build();
  }

  private void agent(AgentView v) {
    AgentRecord r = v.record();
    agents
        .addAgentId(r.agentId())
        .addHostname(nz(r.hostname()))
        .addState(string(wireState(v).name()))
        .addOsName(string(r.osName()))
        .addOsVersion(string(r.osVersion()))
        .addAgentVersion(string(r.agentVersion()))
        .addLabelCount(r.labels().size())
        .addLastSeenMs(millis(v.lastSeen()))
        .addCurrentRunId(nz(v.currentRunId()))
        .addQueuedRuns(v.queuedRuns());
    Map<String, String> labels = r.labels();
    // By key, so the same labels read the same on every message.
    (labels.size() > 1 ? new TreeMap<>(labels) : labels)
        .forEach((k, val) -> agents.addLabelPairs(string(k)).addLabelPairs(string(val)));
  }

  private void run(RunRecord r) {
    runs.addRunId(r.runId())
        .addAgentId(r.agentId())
        .addState(ConsoleMapper.state(r.state()))
        .addStatus(
            r.status() == null ? RunStatus.RUN_STATUS_UNSPECIFIED : WireMapper.toProto(r.status()))
        .addTotalTasks(r.totalTasks())
        .addCompletedTasks(r.completedTasks())
        .addDispatchedAtMs(millis(r.dispatchedAt()))
        .addFinishedAtMs(millis(r.finishedAt()));
  }

  private static AgentState wireState(AgentView v) {
    return switch (v.state()) {
      case ONLINE -> AgentState.AGENT_STATE_ONLINE;
      case BUSY -> AgentState.AGENT_STATE_BUSY;
      case OFFLINE -> AgentState.AGENT_STATE_OFFLINE;
    };
  }

  private int string(String s) {
    String key = nz(s);
    Integer at = index.get(key);
    if (at == null) {
      at = index.size();
      index.put(key, at);
      out.addStrings(key);
    }
    return at;
  }

  private static long millis(Instant t) {
    return t == null ? 0 : t.toEpochMilli();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
