package io.autoservice.controller.api;

import io.autoservice.common.plan.Plan;
import io.autoservice.common.plan.PlanException;
import io.autoservice.common.plan.PlanGate;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.controller.auth.AuditLog;
import io.autoservice.controller.auth.Caller;
import io.autoservice.controller.auth.Passwords;
import io.autoservice.controller.auth.TokenStore;
import io.autoservice.controller.errors.Statuses;
import io.autoservice.controller.fleet.FleetRegistry;
import io.autoservice.controller.limits.WireLimits;
import io.autoservice.controller.live.WatchHub;
import io.autoservice.controller.model.AgentRecord;
import io.autoservice.controller.model.AgentState;
import io.autoservice.controller.model.AgentView;
import io.autoservice.controller.model.Refusal;
import io.autoservice.controller.model.RunFilter;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import io.autoservice.controller.runs.Dispatcher;
import io.autoservice.controller.store.EventStore;
import io.autoservice.controller.store.RunStore;
import io.autoservice.controller.store.StoreException;
import io.autoservice.controller.tls.AgentEnrollment;
import io.autoservice.proto.v1.AddUserRequest;
import io.autoservice.proto.v1.AddUserResponse;
import io.autoservice.proto.v1.CancelRunRequest;
import io.autoservice.proto.v1.CancelRunResponse;
import io.autoservice.proto.v1.ConsoleServiceGrpc;
import io.autoservice.proto.v1.CreateEnrollmentTokenRequest;
import io.autoservice.proto.v1.CreateEnrollmentTokenResponse;
import io.autoservice.proto.v1.DispatchRequest;
import io.autoservice.proto.v1.DispatchResponse;
import io.autoservice.proto.v1.FleetEvent;
import io.autoservice.proto.v1.FleetSnapshot;
import io.autoservice.proto.v1.GetReportRequest;
import io.autoservice.proto.v1.GetReportResponse;
import io.autoservice.proto.v1.GetTaskSchemasRequest;
import io.autoservice.proto.v1.GetTaskSchemasResponse;
import io.autoservice.proto.v1.ListAgentsRequest;
import io.autoservice.proto.v1.ListAgentsResponse;
import io.autoservice.proto.v1.ListAuditRequest;
import io.autoservice.proto.v1.ListAuditResponse;
import io.autoservice.proto.v1.ListRunsRequest;
import io.autoservice.proto.v1.ListRunsResponse;
import io.autoservice.proto.v1.ListUsersRequest;
import io.autoservice.proto.v1.ListUsersResponse;
import io.autoservice.proto.v1.RevokeAgentRequest;
import io.autoservice.proto.v1.RevokeAgentResponse;
import io.autoservice.proto.v1.RevokeUserRequest;
import io.autoservice.proto.v1.RevokeUserResponse;
import io.autoservice.proto.v1.SetUserPasswordRequest;
import io.autoservice.proto.v1.SetUserPasswordResponse;
import io.autoservice.proto.v1.WatchEvent;
import io.autoservice.proto.v1.WatchFleetRequest;
import io.autoservice.proto.v1.WatchFleetSnapshotRequest;
import io.autoservice.proto.v1.WatchRunsRequest;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;

/**
 * The technicians' API. Thin: it validates, maps the wire and delegates. Served behind the {@code
 * AuthInterceptor}, so every call has an authenticated {@link Caller} allowed to make it;
 * dispatches and cancels are recorded under the caller's name and audited.
 */
public final class ConsoleGrpcService extends ConsoleServiceGrpc.ConsoleServiceImplBase {
  static final Duration DEFAULT_DELIVERY_DEADLINE = Duration.ofDays(7);
  private static final int MAX_WATCHED_RUNS = 1_000;

  private final FleetRegistry fleet;
  private final Dispatcher dispatcher;
  private final RunStore store;
  private final EventStore events;
  private final WatchHub hub;
  private final Executor watchPool;
  private final Duration defaultDeadline;
  private final AuditTrail trail;
  private final AdminCalls admin;
  private final AgentAdminCalls agentAdmin;
  private final TaskSchemaCalls schemaCalls;
  private volatile AlertCalls alertCalls;
  private final ScheduleCalls schedules;
  private volatile HistoryCalls historyCalls;

  public ConsoleGrpcService(
      FleetRegistry fleet,
      Dispatcher dispatcher,
      RunStore store,
      EventStore events,
      WatchHub hub,
      Executor watchPool,
      Duration defaultDeadline,
      TokenStore tokens,
      Passwords passwords,
      AuditLog audit,
      AgentEnrollment enrollment) {
    this(
        fleet,
        dispatcher,
        store,
        events,
        hub,
        watchPool,
        defaultDeadline,
        tokens,
        passwords,
        audit,
        enrollment,
        null);
  }

  /** As above, serving schedules and maintenance windows with {@code schedules}. */
  public ConsoleGrpcService(
      FleetRegistry fleet,
      Dispatcher dispatcher,
      RunStore store,
      EventStore events,
      WatchHub hub,
      Executor watchPool,
      Duration defaultDeadline,
      TokenStore tokens,
      Passwords passwords,
      AuditLog audit,
      AgentEnrollment enrollment,
      io.autoservice.controller.store.ScheduleStore schedules,
      io.autoservice.controller.schedules.ScheduleLoop scheduleLoop,
      java.time.Clock clock) {
    this(
        fleet,
        dispatcher,
        store,
        events,
        hub,
        watchPool,
        defaultDeadline,
        tokens,
        passwords,
        audit,
        enrollment,
        new ScheduleCalls.Parts(schedules, scheduleLoop, clock));
  }

  private ConsoleGrpcService(
      FleetRegistry fleet,
      Dispatcher dispatcher,
      RunStore store,
      EventStore events,
      WatchHub hub,
      Executor watchPool,
      Duration defaultDeadline,
      TokenStore tokens,
      Passwords passwords,
      AuditLog audit,
      AgentEnrollment enrollment,
      ScheduleCalls.Parts scheduleParts) {
    this.fleet = fleet;
    this.dispatcher = dispatcher;
    this.store = store;
    this.events = events;
    this.hub = hub;
    this.watchPool = watchPool;
    this.defaultDeadline = defaultDeadline;
    this.trail = new AuditTrail(audit);
    this.admin = new AdminCalls(tokens, passwords, audit, trail);
    this.schemaCalls = new TaskSchemaCalls(fleet);
    this.agentAdmin = new AgentAdminCalls(enrollment, fleet);
    this.schedules = new ScheduleCalls(scheduleParts, fleet, trail);
  }

  @Override
  public void listAgents(ListAgentsRequest req, StreamObserver<ListAgentsResponse> out) {
    UnaryCalls.answer(
        out,
        () -> {
          Set<AgentState> states = EnumSet.noneOf(AgentState.class);
          req.getStatesList()
              .forEach(
                  s -> {
                    switch (s) {
                      case AGENT_STATE_ONLINE -> states.add(AgentState.ONLINE);
                      case AGENT_STATE_BUSY -> states.add(AgentState.BUSY);
                      case AGENT_STATE_OFFLINE -> states.add(AgentState.OFFLINE);
                      default -> {}
                    }
                  });
          ListAgentsResponse.Builder b = ListAgentsResponse.newBuilder();
          if (req.getStatesCount() > 0 && states.isEmpty()) {
            return b.build(); // asked only for states no agent is in here (e.g. revoked)
          }
          fleet
              .list(req.getLabelSelectorMap(), states)
              .forEach(v -> b.addAgents(ConsoleMapper.agent(v, !req.getOmitTaskTypes())));
          return b.build();
        });
  }

  /**
   * This service as the server binds it: Dispatch decodes deeper plans than protobuf's default, so
   * the plan gate, not the transport, refuses them (see {@link DispatchDecoding}).
   */
  public static io.grpc.ServerServiceDefinition definition(ConsoleGrpcService service) {
    return DispatchDecoding.apply(service.bindService());
  }

  @Override
  public void dispatch(DispatchRequest req, StreamObserver<DispatchResponse> out) {
    UnaryCalls.answer(
        out,
        () -> {
          Plan plan = validPlan(req);
          List<AgentRecord> targets = targets(req);
          if (!req.getForce()) {
            refuseUnsupported(plan, targets);
          }
          // Even forced: force sends task types an agent lacks, never values its own check refuses.
          List<String> badParams = DispatchParamCheck.problems(plan, targets, fleet.schemas());
          if (!badParams.isEmpty()) {
            throw Refusal.invalid(String.join("; ", badParams));
          }
          Duration deadline =
              req.getDeliveryDeadlineSeconds() > 0
                  ? Duration.ofSeconds(req.getDeliveryDeadlineSeconds())
                  : defaultDeadline;
          Caller caller = Caller.current();
          List<RunRecord> runs =
              durable(dispatcher.dispatch(plan, targets, caller.name(), deadline));
          trail.dispatched(caller, req, plan, runs);
          DispatchResponse.Builder b = DispatchResponse.newBuilder();
          runs.forEach(r -> b.addRuns(ConsoleMapper.run(r)));
          return b.build();
        });
  }

  @Override
  public void watchRuns(WatchRunsRequest req, StreamObserver<WatchEvent> out) {
    try {
      if (req.getRunIdsCount() == 0 || req.getRunIdsCount() > MAX_WATCHED_RUNS) {
        throw Refusal.invalid(
            "run_ids: expected 1 to "
                + MAX_WATCHED_RUNS
                + " run ids but got "
                + req.getRunIdsCount());
      }
      Map<String, RunRecord> initial = new HashMap<>();
      for (String id : new LinkedHashSet<>(req.getRunIdsList())) {
        initial.put(id, run(id));
      }
      new RunWatchStream(
              (ServerCallStreamObserver<WatchEvent>) out,
              store,
              events,
              watchPool,
              initial.keySet())
          .start(hub, req.getAfterSequence(), initial);
    } catch (Exception e) {
      out.onError(Statuses.exception(e));
    }
  }

  @Override
  public void watchFleet(WatchFleetRequest req, StreamObserver<FleetEvent> out) {
    try {
      List<AgentView> agents = fleet.list(req.getLabelSelectorMap(), Set.of());
      List<RunRecord> active = new ArrayList<>();
      for (AgentView v : agents) {
        if (v.currentRunId() != null) {
          dispatcher.activeRun(v.currentRunId()).ifPresent(active::add);
        }
      }
      Map<String, String> selector = req.getLabelSelectorMap();
      new FleetWatchStream(
              (ServerCallStreamObserver<FleetEvent>) out,
              watchPool,
              selector,
              agentId -> fleet.record(agentId).map(a -> a.matches(selector)).orElse(false),
              !req.getOmitTaskTypes())
          .start(hub, agents, active);
    } catch (Exception e) {
      out.onError(Statuses.exception(e));
    }
  }

  @Override
  public void watchFleetSnapshot(WatchFleetSnapshotRequest req, StreamObserver<FleetSnapshot> out) {
    try {
      Map<String, String> selector = req.getLabelSelectorMap();
      new FleetSnapshotStream(
              (ServerCallStreamObserver<FleetSnapshot>) out,
              watchPool,
              selector,
              agentId -> fleet.record(agentId).map(a -> a.matches(selector)).orElse(false))
          .start(hub, () -> fleet.list(selector, Set.of()), this::activeRuns);
    } catch (Exception e) {
      out.onError(Statuses.exception(e));
    }
  }

  private List<RunRecord> activeRuns(List<AgentView> agents) {
    List<RunRecord> active = new ArrayList<>();
    for (AgentView v : agents) {
      if (v.currentRunId() != null) {
        dispatcher.activeRun(v.currentRunId()).ifPresent(active::add);
      }
    }
    return active;
  }

  @Override
  public void listRuns(ListRunsRequest req, StreamObserver<ListRunsResponse> out) {
    UnaryCalls.answer(
        out,
        () -> {
          RunFilter f =
              new RunFilter(
                  req.getAgentId().isEmpty()
                      ? null
                      : WireLimits.agentId("agent_id", req.getAgentId()),
                  ConsoleMapper.state(req.getState()),
                  req.getStatus() == io.autoservice.proto.v1.RunStatus.RUN_STATUS_UNSPECIFIED
                      ? null
                      : WireMapper.fromProto(req.getStatus()),
                  req.hasSince() ? WireLimits.instant("since", req.getSince()) : null,
                  req.getLimit());
          ListRunsResponse.Builder b = ListRunsResponse.newBuilder();
          for (RunRecord r : store.runs(f)) {
            b.addRuns(ConsoleMapper.run(dispatcher.activeRun(r.runId()).orElse(r)));
          }
          return b.build();
        });
  }

  @Override
  public void getReport(GetReportRequest req, StreamObserver<GetReportResponse> out) {
    UnaryCalls.answer(
        out,
        () -> {
          RunRecord r = run(req.getRunId());
          GetReportResponse.Builder b = GetReportResponse.newBuilder().setRun(ConsoleMapper.run(r));
          if (r.report() != null) {
            b.setReport(WireMapper.toProto(r.report()));
          } else if (r.state() == RunState.FINISHED) {
            // Ended on the controller (expired, cancelled in the queue, lost): say so in a report.
            b.setReport(
                io.autoservice.proto.v1.RunReport.newBuilder()
                    .setRunId(r.runId())
                    .setStatus(WireMapper.toProto(r.status()))
                    .setRunTimestamp(WireMapper.toProto(r.dispatchedAt()))
                    .setError(r.error() == null ? "" : r.error()));
          }
          return b.build();
        });
  }

  @Override
  public void cancelRun(CancelRunRequest req, StreamObserver<CancelRunResponse> out) {
    UnaryCalls.answer(
        out,
        () -> {
          WireLimits.runId("run_id", req.getRunId());
          WireLimits.identity(
              "reason", req.getReason().replace('\t', ' '), WireLimits.REASON, true);
          RunRecord run = durable(dispatcher.cancel(req.getRunId(), req.getReason()));
          trail.cancelled(Caller.current(), run, req.getReason());
          return CancelRunResponse.newBuilder().setRun(ConsoleMapper.run(run)).build();
        });
  }

  @Override
  public void listAudit(ListAuditRequest req, StreamObserver<ListAuditResponse> out) {
    UnaryCalls.answer(out, () -> admin.listAudit(req));
  }

  @Override
  public void addUser(AddUserRequest req, StreamObserver<AddUserResponse> out) {
    UnaryCalls.answer(out, () -> admin.addUser(req));
  }

  @Override
  public void listUsers(ListUsersRequest req, StreamObserver<ListUsersResponse> out) {
    UnaryCalls.answer(out, admin::listUsers);
  }

  @Override
  public void revokeUser(RevokeUserRequest req, StreamObserver<RevokeUserResponse> out) {
    UnaryCalls.answer(out, () -> admin.revokeUser(req));
  }

  @Override
  public void createEnrollmentToken(
      CreateEnrollmentTokenRequest req, StreamObserver<CreateEnrollmentTokenResponse> out) {
    UnaryCalls.answer(out, () -> agentAdmin.createToken(req));
  }

  @Override
  public void revokeAgent(RevokeAgentRequest req, StreamObserver<RevokeAgentResponse> out) {
    UnaryCalls.answer(out, () -> agentAdmin.revoke(req));
  }

  @Override
  public void getTaskSchemas(
      GetTaskSchemasRequest req, StreamObserver<GetTaskSchemasResponse> out) {
    UnaryCalls.answer(out, () -> schemaCalls.schemas(req));
  }

  @Override
  public void setUserPassword(
      SetUserPasswordRequest req, StreamObserver<SetUserPasswordResponse> out) {
    UnaryCalls.answer(out, () -> admin.setPassword(req));
  }

  // ---- schedules and maintenance windows (ScheduleCalls)

  @Override
  public void createSchedule(
      io.autoservice.proto.v1.CreateScheduleRequest req,
      StreamObserver<io.autoservice.proto.v1.CreateScheduleResponse> out) {
    UnaryCalls.answer(out, () -> schedules.create(req));
  }

  @Override
  public void listSchedules(
      io.autoservice.proto.v1.ListSchedulesRequest req,
      StreamObserver<io.autoservice.proto.v1.ListSchedulesResponse> out) {
    UnaryCalls.answer(out, () -> schedules.list());
  }

  @Override
  public void setScheduleEnabled(
      io.autoservice.proto.v1.SetScheduleEnabledRequest req,
      StreamObserver<io.autoservice.proto.v1.SetScheduleEnabledResponse> out) {
    UnaryCalls.answer(out, () -> schedules.setEnabled(req));
  }

  @Override
  public void deleteSchedule(
      io.autoservice.proto.v1.DeleteScheduleRequest req,
      StreamObserver<io.autoservice.proto.v1.DeleteScheduleResponse> out) {
    UnaryCalls.answer(out, () -> schedules.delete(req));
  }

  @Override
  public void runScheduleNow(
      io.autoservice.proto.v1.RunScheduleNowRequest req,
      StreamObserver<io.autoservice.proto.v1.RunScheduleNowResponse> out) {
    UnaryCalls.answer(out, () -> schedules.runNow(req));
  }

  @Override
  public void listScheduleOccurrences(
      io.autoservice.proto.v1.ListScheduleOccurrencesRequest req,
      StreamObserver<io.autoservice.proto.v1.ListScheduleOccurrencesResponse> out) {
    UnaryCalls.answer(out, () -> schedules.occurrences(req));
  }

  @Override
  public void setMaintenanceWindow(
      io.autoservice.proto.v1.SetMaintenanceWindowRequest req,
      StreamObserver<io.autoservice.proto.v1.SetMaintenanceWindowResponse> out) {
    UnaryCalls.answer(out, () -> schedules.setWindow(req));
  }

  @Override
  public void listMaintenanceWindows(
      io.autoservice.proto.v1.ListMaintenanceWindowsRequest req,
      StreamObserver<io.autoservice.proto.v1.ListMaintenanceWindowsResponse> out) {
    UnaryCalls.answer(out, () -> schedules.windows());
  }

  @Override
  public void deleteMaintenanceWindow(
      io.autoservice.proto.v1.DeleteMaintenanceWindowRequest req,
      StreamObserver<io.autoservice.proto.v1.DeleteMaintenanceWindowResponse> out) {
    UnaryCalls.answer(out, () -> schedules.deleteWindow(req));
  }

  @Override
  public void getAgentHistory(
      io.autoservice.proto.v1.GetAgentHistoryRequest req,
      StreamObserver<io.autoservice.proto.v1.GetAgentHistoryResponse> out) {
    if (historyCalls == null) {
      super.getAgentHistory(req, out);
      return;
    }
    UnaryCalls.answer(out, () -> historyCalls.history(req));
  }

  // ---- helpers

  private RunRecord run(String id) throws Refusal {
    if (id.isBlank()) {
      throw Refusal.invalid("run_id: expected a run id but it is empty");
    }
    WireLimits.runId("run_id", id);
    return dispatcher
        .activeRun(id)
        .or(() -> store.run(id))
        .orElseThrow(() -> Refusal.notFound("run " + id + " not found"));
  }

  static Plan validPlan(DispatchRequest req) throws Refusal {
    Optional<String> undecodable = DispatchDecoding.refusal(req);
    if (undecodable.isPresent()) {
      throw Refusal.invalid(undecodable.get());
    }
    if (!req.hasPlan() || req.getPlan().getTasksCount() == 0) {
      throw Refusal.invalid("plan: expected at least one task");
    }
    try {
      // The gate every door applies, then the parser's structure checks a local plan gets.
      Plan plan = PlanGate.check(WireMapper.fromProto(req.getPlan()));
      return PlanParser.fromJson(plan.toJson());
    } catch (PlanException e) {
      throw Refusal.invalid(String.join("; ", e.problems()));
    }
  }

  private List<AgentRecord> targets(DispatchRequest req) throws Refusal {
    List<AgentRecord> out = new ArrayList<>();
    switch (req.getTargetCase()) {
      case AGENT_IDS -> {
        for (String id : new LinkedHashSet<>(req.getAgentIds().getIdsList())) {
          out.add(
              fleet.known(id).orElseThrow(() -> Refusal.notFound("agent " + id + " not found")));
        }
      }
      case LABELS ->
          fleet.list(req.getLabels().getLabelsMap(), Set.of()).forEach(v -> out.add(v.record()));
      case ALL -> fleet.list(Map.of(), Set.of()).forEach(v -> out.add(v.record()));
      default -> throw Refusal.invalid("target: expected agent_ids, labels or all");
    }
    if (out.isEmpty()) {
      throw Refusal.failedPrecondition(
          req.getTargetCase() == DispatchRequest.TargetCase.LABELS
              ? "no agent carries the labels " + req.getLabels().getLabelsMap()
              : "no agents to dispatch to");
    }
    return out;
  }

  static void refuseUnsupported(Plan plan, List<AgentRecord> targets) throws Refusal {
    List<String> problems = new ArrayList<>();
    for (AgentRecord a : targets) {
      Set<String> missing = new TreeSet<>();
      plan.tasks()
          .forEach(
              t -> {
                if (!a.taskTypes().contains(t.type())) {
                  missing.add(t.type());
                }
              });
      if (!missing.isEmpty()) {
        problems.add(
            "agent "
                + a.hostname()
                + " ("
                + a.agentId()
                + ") cannot run "
                + String.join(", ", missing));
      }
    }
    if (!problems.isEmpty()) {
      throw Refusal.invalid(
          String.join("; ", problems) + " (dispatch with force to send it anyway)");
    }
  }

  /** Waits for a change to be committed: the answer to a technician means it is durable. */
  private static <T> T durable(java.util.concurrent.CompletableFuture<T> change) throws Exception {
    try {
      return change.get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } catch (java.util.concurrent.TimeoutException e) {
      throw new StoreException("the store did not confirm the change within 30 s", e);
    }
  }

  /** Serves each PC's history with {@code calls}; without it GetAgentHistory is unimplemented. */
  public ConsoleGrpcService withHistory(HistoryCalls calls) {
    this.historyCalls = calls;
    return this;
  }

  /** Serves ListAlerts and AcknowledgeAlert from {@code alerts}; without it they are refused. */
  public ConsoleGrpcService withAlerts(
      io.autoservice.controller.store.AlertStore alerts, java.time.Clock clock) {
    this.alertCalls = new AlertCalls(alerts, trail, clock);
    return this;
  }

  private AlertCalls alertCalls() throws Refusal {
    AlertCalls a = alertCalls;
    if (a == null) {
      throw Refusal.failedPrecondition("alerts are not served by this controller");
    }
    return a;
  }

  @Override
  public void listAlerts(
      io.autoservice.proto.v1.ListAlertsRequest req,
      StreamObserver<io.autoservice.proto.v1.ListAlertsResponse> out) {
    UnaryCalls.answer(out, () -> alertCalls().list(req));
  }

  @Override
  public void acknowledgeAlert(
      io.autoservice.proto.v1.AcknowledgeAlertRequest req,
      StreamObserver<io.autoservice.proto.v1.AcknowledgeAlertResponse> out) {
    UnaryCalls.answer(out, () -> alertCalls().acknowledge(req));
  }
}
