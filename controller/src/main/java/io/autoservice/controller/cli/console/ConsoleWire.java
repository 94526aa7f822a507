package io.autoservice.controller.cli.console;
import io.autoservice.common.wire.RoleWire;
import io.autoservice.controller.model.AuditEntry;

import com.google.protobuf.Timestamp;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.common.auth.Role;
import io.autoservice.proto.v1.AgentIdList;
import io.autoservice.proto.v1.AgentInfo;
import io.autoservice.proto.v1.AgentState;
import io.autoservice.proto.v1.DispatchRequest;
import io.autoservice.proto.v1.FleetEvent;
import io.autoservice.proto.v1.LabelSelector;
import io.autoservice.proto.v1.ListAgentsRequest;
import io.autoservice.proto.v1.ListAuditRequest;
import io.autoservice.proto.v1.ListRunsRequest;
import io.autoservice.proto.v1.RunState;
import io.autoservice.proto.v1.RunSummary;
import io.autoservice.proto.v1.UserInfo;
import io.autoservice.proto.v1.UserRole;
import io.autoservice.proto.v1.WatchEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The console CLI's one mapping between console wire types and its own view types, in both
 * directions, so that the verbs never see generated classes. Events, plans and reports go
 * through common's {@link WireMapper}, as on the agent and the controller.
 */
final class ConsoleWire {
  private ConsoleWire() {}

  // ---- requests

  static ListAgentsRequest listAgents(Map<String, String> labels, Set<AgentRow.State> states) {
    ListAgentsRequest.Builder b = ListAgentsRequest.newBuilder().putAllLabelSelector(labels);
    states.forEach(s -> b.addStates(toProto(s)));
    return b.build();
  }

  static DispatchRequest dispatch(
      Plan plan, DispatchTarget target, boolean force, Duration deadline) {
    DispatchRequest.Builder b =
        DispatchRequest.newBuilder().setPlan(WireMapper.toProto(plan)).setForce(force);
    if (target instanceof DispatchTarget.Agents a) {
      b.setAgentIds(AgentIdList.newBuilder().addAllIds(a.ids()));
    } else if (target instanceof DispatchTarget.Labels l) {
      b.setLabels(LabelSelector.newBuilder().putAllLabels(l.labels()));
    } else {
      b.setAll(true);
    }
    if (deadline != null) {
      b.setDeliveryDeadlineSeconds(Math.max(1, deadline.toSeconds()));
    }
    return b.build();
  }

  static ListRunsRequest listRuns(RunQuery q) {
    ListRunsRequest.Builder b = ListRunsRequest.newBuilder().setLimit(Math.max(0, q.limit()));
    if (q.agentId() != null) {
      b.setAgentId(q.agentId());
    }
    if (q.state() != null) {
      b.setState(toProto(q.state()));
    }
    if (q.status() != null) {
      b.setStatus(WireMapper.toProto(q.status()));
    }
    if (q.since() != null) {
      b.setSince(WireMapper.toProto(q.since()));
    }
    return b.build();
  }

  static ListAuditRequest listAudit(AuditQuery q) {
    ListAuditRequest.Builder b = ListAuditRequest.newBuilder().setLimit(Math.max(0, q.limit()));
    if (q.actor() != null) {
      b.setActor(q.actor());
    }
    if (q.action() != null) {
      b.setAction(q.action());
    }
    if (q.since() != null) {
      b.setSince(WireMapper.toProto(q.since()));
    }
    return b.build();
  }

  // ---- answers

  static AuditRow audit(io.autoservice.proto.v1.AuditEntry e) {
    return new AuditRow(
        e.getId(),
        e.hasAt() ? time(e.getAt()) : null,
        e.getActor(),
        e.getAction(),
        e.getTarget(),
        e.getDetail(),
        e.getRemoteAddr(),
        e.getPlanSha256().isEmpty() ? null : e.getPlanSha256());
  }

  static UserRow user(UserInfo u) {
    return new UserRow(
        u.getName(),
        RoleWire.fromProto(u.getRole()),
        u.hasCreatedAt() ? time(u.getCreatedAt()) : null,
        u.hasRevokedAt() ? time(u.getRevokedAt()) : null);
  }

  static AgentRow agent(AgentInfo a) {
    return new AgentRow(
        a.getAgentId(),
        a.getMachine().getHostname(),
        fromProto(a.getState()),
        a.getMachine().getOsName(),
        a.getMachine().getOsVersion(),
        a.getMachine().getAgentVersion(),
        a.getLabelsMap(),
        a.getSupportedTaskTypesList(),
        a.hasLastSeen() ? time(a.getLastSeen()) : null,
        a.getCurrentRunId().isEmpty() ? null : a.getCurrentRunId(),
        a.getQueuedRuns());
  }

  static RunRow run(RunSummary r) {
    return new RunRow(
        r.getRunId(),
        r.getAgentId(),
        r.getHostname(),
        fromProto(r.getState()),
        r.getStatus() == io.autoservice.proto.v1.RunStatus.RUN_STATUS_UNSPECIFIED
            ? null
            : WireMapper.fromProto(r.getStatus()),
        r.hasDispatchedAt() ? time(r.getDispatchedAt()) : null,
        r.hasFinishedAt() ? time(r.getFinishedAt()) : null,
        r.getTotalTasks(),
        r.getCompletedTasks(),
        r.getDispatchedBy(),
        // A controller that predates local runs sends none: all its runs were dispatched.
        r.getOrigin().isEmpty() ? "dispatched" : r.getOrigin());
  }

  /** Throws {@link IllegalArgumentException} for an event without a payload (a broken peer). */
  static RunWatchItem watchItem(WatchEvent e) {
    return switch (e.getKindCase()) {
      case RUN_EVENT -> new RunWatchItem.Event(WireMapper.fromProto(e.getRunEvent()));
      case RUN_STATE -> new RunWatchItem.StateChanged(run(e.getRunState()));
      case RESYNC ->
          new RunWatchItem.Resync(
              e.getResync().getRunId(), e.getResync().getLastDeliveredSequence());
      case KIND_NOT_SET ->
          throw new IllegalArgumentException(
              "watch event: expected run_event, run_state or resync but none was set");
    };
  }

  static FleetItem fleetItem(FleetEvent e) {
    return switch (e.getKindCase()) {
      case AGENT -> new FleetItem.AgentChanged(agent(e.getAgent()));
      case RUN -> new FleetItem.RunChanged(run(e.getRun()));
      case KIND_NOT_SET ->
          throw new IllegalArgumentException("fleet event: expected agent or run but none was set");
    };
  }

  // ---- enums and times

  static AgentState toProto(AgentRow.State s) {
    return switch (s) {
      case ONLINE -> AgentState.AGENT_STATE_ONLINE;
      case BUSY -> AgentState.AGENT_STATE_BUSY;
      case OFFLINE -> AgentState.AGENT_STATE_OFFLINE;
      case REVOKED -> AgentState.AGENT_STATE_REVOKED;
      case UNKNOWN -> AgentState.AGENT_STATE_UNSPECIFIED;
    };
  }

  static AgentRow.State fromProto(AgentState s) {
    return switch (s) {
      case AGENT_STATE_ONLINE -> AgentRow.State.ONLINE;
      case AGENT_STATE_BUSY -> AgentRow.State.BUSY;
      case AGENT_STATE_OFFLINE -> AgentRow.State.OFFLINE;
      case AGENT_STATE_REVOKED -> AgentRow.State.REVOKED;
      default -> AgentRow.State.UNKNOWN;
    };
  }

  static RunState toProto(RunRow.State s) {
    return switch (s) {
      case QUEUED -> RunState.RUN_STATE_QUEUED;
      case ASSIGNED -> RunState.RUN_STATE_ASSIGNED;
      case RUNNING -> RunState.RUN_STATE_RUNNING;
      case FINISHED -> RunState.RUN_STATE_FINISHED;
      case UNKNOWN -> RunState.RUN_STATE_UNSPECIFIED;
    };
  }

  static RunRow.State fromProto(RunState s) {
    return switch (s) {
      case RUN_STATE_QUEUED -> RunRow.State.QUEUED;
      case RUN_STATE_ASSIGNED -> RunRow.State.ASSIGNED;
      case RUN_STATE_RUNNING -> RunRow.State.RUNNING;
      case RUN_STATE_FINISHED -> RunRow.State.FINISHED;
      default -> RunRow.State.UNKNOWN;
    };
  }



  private static Instant time(Timestamp t) {
    return WireMapper.fromProto(t);
  }
}
