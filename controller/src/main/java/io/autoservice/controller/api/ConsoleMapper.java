package io.autoservice.controller.api;

import io.autoservice.common.wire.WireMapper;
import io.autoservice.controller.model.AgentRecord;
import io.autoservice.controller.model.AgentView;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.proto.v1.AgentInfo;
import io.autoservice.proto.v1.AgentState;
import io.autoservice.proto.v1.MachineInfo;
import io.autoservice.proto.v1.RunState;
import io.autoservice.proto.v1.RunStatus;
import io.autoservice.proto.v1.RunSummary;

/**
 * Controller domain -> the console wire shapes several calls share (agents, runs); a calls class
 * maps the shapes only its own responses use.
 */
final class ConsoleMapper {
  private ConsoleMapper() {}

  static AgentInfo agent(AgentView v) {
    return agent(v, true);
  }

  /**
   * As {@link #agent(AgentView)}, without the supported task types when {@code taskTypes} is false.
   */
  static AgentInfo agent(AgentView v, boolean taskTypes) {
    AgentRecord r = v.record();
    AgentInfo.Builder b =
        AgentInfo.newBuilder()
            .setAgentId(r.agentId())
            .setMachine(
                MachineInfo.newBuilder()
                    .setHostname(nz(r.hostname()))
                    .setOsName(nz(r.osName()))
                    .setOsVersion(nz(r.osVersion()))
                    .setAgentVersion(nz(r.agentVersion()))
                    .setUsername(nz(r.username())))
            .addAllSupportedTaskTypes(taskTypes ? r.taskTypes() : java.util.List.of())
            .putAllLabels(r.labels())
            .setState(
                switch (v.state()) {
                  case ONLINE -> AgentState.AGENT_STATE_ONLINE;
                  case BUSY -> AgentState.AGENT_STATE_BUSY;
                  case OFFLINE -> AgentState.AGENT_STATE_OFFLINE;
                })
            .setFirstSeen(WireMapper.toProto(r.firstSeen()))
            .setCurrentRunId(nz(v.currentRunId()))
            .setQueuedRuns(v.queuedRuns());
    if (v.lastSeen() != null) {
      b.setLastSeen(WireMapper.toProto(v.lastSeen()));
    }
    if (v.stats() != null) {
      b.setStats(v.stats());
    }
    return b.build();
  }

  static RunSummary run(RunRecord r) {
    RunSummary.Builder b =
        RunSummary.newBuilder()
            .setRunId(r.runId())
            .setAgentId(r.agentId())
            .setHostname(nz(r.hostname()))
            .setState(state(r.state()))
            .setStatus(
                r.status() == null
                    ? RunStatus.RUN_STATUS_UNSPECIFIED
                    : WireMapper.toProto(r.status()))
            .setDispatchedAt(WireMapper.toProto(r.dispatchedAt()))
            .setTotalTasks(r.totalTasks())
            .setCompletedTasks(r.completedTasks())
            .setDispatchedBy(nz(r.dispatchedBy()))
            .setOrigin(r.origin().wireName());
    if (r.finishedAt() != null) {
      b.setFinishedAt(WireMapper.toProto(r.finishedAt()));
    }
    return b.build();
  }

  static RunState state(io.autoservice.controller.model.RunState s) {
    return switch (s) {
      case QUEUED -> RunState.RUN_STATE_QUEUED;
      case ASSIGNED -> RunState.RUN_STATE_ASSIGNED;
      case RUNNING -> RunState.RUN_STATE_RUNNING;
      case FINISHED -> RunState.RUN_STATE_FINISHED;
    };
  }

  static io.autoservice.controller.model.RunState state(RunState s) {
    return switch (s) {
      case RUN_STATE_QUEUED -> io.autoservice.controller.model.RunState.QUEUED;
      case RUN_STATE_ASSIGNED -> io.autoservice.controller.model.RunState.ASSIGNED;
      case RUN_STATE_RUNNING -> io.autoservice.controller.model.RunState.RUNNING;
      case RUN_STATE_FINISHED -> io.autoservice.controller.model.RunState.FINISHED;
      default -> null;
    };
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
