package io.autoservice.console.client;

import io.autoservice.common.auth.Role;
import io.autoservice.common.net.HostPort;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.wire.RoleWire;
import io.autoservice.console.view.AgentRevocation;
import io.autoservice.console.view.AgentRow;
import io.autoservice.console.view.AuditRow;
import io.autoservice.console.view.DispatchTarget;
import io.autoservice.console.view.EnrollmentTicket;
import io.autoservice.console.view.FleetItem;
import io.autoservice.console.view.HistoryView;
import io.autoservice.console.view.ReportAnswer;
import io.autoservice.console.view.RunRow;
import io.autoservice.console.view.RunWatchItem;
import io.autoservice.console.view.UserRow;
import io.autoservice.proto.v1.AddUserRequest;
import io.autoservice.proto.v1.AddUserResponse;
import io.autoservice.proto.v1.CancelRunRequest;
import io.autoservice.proto.v1.ConsoleServiceGrpc;
import io.autoservice.proto.v1.CreateEnrollmentTokenRequest;
import io.autoservice.proto.v1.GetReportRequest;
import io.autoservice.proto.v1.ListAgentsRequest;
import io.autoservice.proto.v1.ListUsersRequest;
import io.autoservice.proto.v1.RevokeAgentRequest;
import io.autoservice.proto.v1.RevokeUserRequest;
import io.autoservice.proto.v1.SetUserPasswordRequest;
import io.autoservice.proto.v1.WatchFleetRequest;
import io.autoservice.proto.v1.WatchRunsRequest;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The technician's client of the controller's {@code ConsoleService}: the console CLI's transport
 * edge. It speaks the console's view types ({@link AgentRow}, {@link RunRow}, common's plans,
 * events and reports) and never hands out generated classes. Every failed call throws a {@link
 * ConsoleException} that carries the line to show and the exit code.
 *
 * <p>Every call carries the bearer token given at {@link #connect} ({@link BearerToken}); without
 * one the controller refuses every call ({@link ConsoleException.Kind#DENIED}).
 *
 * <p>Unary calls get a default deadline of {@link #DEFAULT_DEADLINE} (a shorter one set by a caller
 * wins); the two watches get none. Thread-safe: calls may come from any thread (a Ctrl-C hook
 * cancels a run while the main thread watches it).
 */
public final class ConsoleClient implements AutoCloseable, UserAdmin {
  /** Default deadline of a unary call. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);

  private final Replicas replicas;

  private ConsoleClient(Replicas replicas) {
    this.replicas = replicas;
  }

  /**
   * Opens a channel to the controller at {@code target}; {@link #close()} shuts it down.
   *
   * @param token the bearer token to send, {@code null} for none
   * @param caFile the controller's CA certificate to verify it with; {@code null} for plaintext
   */
  public static ConsoleClient connect(HostPort target, String token, java.nio.file.Path caFile)
      throws UsageException {
    return connect(List.of(target), token, caFile);
  }

  /**
   * As above, with several controller replicas: calls go to the first until it cannot be reached,
   * then to the next (a call refused as UNAVAILABLE is made again there, each replica tried once);
   * a watch lost with its replica is reopened on the next one by whoever reopens it.
   */
  public static ConsoleClient connect(
      List<HostPort> targets, String token, java.nio.file.Path caFile) throws UsageException {
    List<ManagedChannel> channels = new java.util.ArrayList<>();
    try {
      for (HostPort target : targets) {
        channels.add(
            caFile == null
                ? ConsoleChannels.plaintext(target)
                : ConsoleChannels.tls(target, caFile));
      }
    } catch (UsageException | RuntimeException e) {
      channels.forEach(ManagedChannel::shutdownNow);
      throw e;
    }
    return new ConsoleClient(
        Replicas.of(targets.stream().map(HostPort::toString).toList(), channels, true, token));
  }

  /**
   * A client over a channel the caller owns (and shuts down), e.g. an in-process one.
   *
   * @param target how messages name the controller, e.g. {@code 127.0.0.1:7443}
   * @param token the bearer token to send, {@code null} for none
   */
  public static ConsoleClient over(Channel channel, String target, String token) {
    return new ConsoleClient(Replicas.of(List.of(target), List.of(channel), false, token));
  }

  /** The controller's address calls go to now, as messages name it. */
  public String target() {
    return replicas.current().target();
  }

  /** How many controller replicas this client may call. */
  public int replicaCount() {
    return replicas.size();
  }

  private ConsoleServiceGrpc.ConsoleServiceBlockingStub stub() {
    return replicas.current().stub();
  }

  /** Agents carrying all {@code labels}, in any of {@code states} (all when empty), by hostname. */
  public List<AgentRow> agents(Map<String, String> labels, Set<AgentRow.State> states) {
    return call(
        () ->
            stub().listAgents(listAgents(labels, states)).getAgentsList().stream()
                .map(AgentRow::from)
                .toList());
  }

  /** One agent by id, if the controller knows it. */
  public Optional<AgentRow> agent(String agentId) {
    return agents(Map.of(), Set.of()).stream().filter(a -> a.agentId().equals(agentId)).findFirst();
  }

  /**
   * Dispatches a plan: one run per target agent.
   *
   * @param force dispatch even to agents that do not advertise a task type of the plan
   * @param deliveryDeadline how long a run may wait for an offline agent; {@code null} for the
   *     controller's default (7 days)
   */
  public List<RunRow> dispatch(
      Plan plan, DispatchTarget target, boolean force, Duration deliveryDeadline) {
    return callOnce(
        () ->
            stub().dispatch(target.request(plan, force, deliveryDeadline)).getRunsList().stream()
                .map(RunRow::from)
                .toList());
  }

  /** Runs, newest first. */
  public List<RunRow> runs(RunRow.Query query) {
    return call(
        () -> stub().listRuns(query.toProto()).getRunsList().stream().map(RunRow::from).toList());
  }

  /** A run and its final report (absent while the run is not finished). */
  public ReportAnswer report(String runId) {
    return ReportAnswer.from(
        call(() -> stub().getReport(GetReportRequest.newBuilder().setRunId(runId).build())));
  }

  /** Cancels a queued or running run; returns the run after the request. */
  public RunRow cancel(String runId, String reason) {
    return call(
        () ->
            RunRow.from(
                stub()
                    .cancelRun(
                        CancelRunRequest.newBuilder()
                            .setRunId(runId)
                            .setReason(reason == null ? "" : reason)
                            .build())
                    .getRun()));
  }

  /** A page of alerts, newest first, and the fleet's open count. */
  public io.autoservice.console.view.AlertRow.Page alerts(
      io.autoservice.console.view.AlertRow.Query query) {
    return call(
        () -> {
          io.autoservice.proto.v1.ListAlertsResponse r = stub().listAlerts(query.toProto());
          return new io.autoservice.console.view.AlertRow.Page(
              r.getAlertsList().stream().map(io.autoservice.console.view.AlertRow::from).toList(),
              r.getOpenCount());
        });
  }

  /** Acknowledges an alert (role technician or admin); the alert as it now stands. */
  public io.autoservice.console.view.AlertRow acknowledgeAlert(long id, String note) {
    return call(
        () ->
            io.autoservice.console.view.AlertRow.from(
                stub()
                    .acknowledgeAlert(
                        io.autoservice.proto.v1.AcknowledgeAlertRequest.newBuilder()
                            .setId(id)
                            .setNote(note == null ? "" : note)
                            .build())
                    .getAlert()));
  }

  /** One PC's history (by agent id or hostname): a series per (metric, subject). */
  public HistoryView history(String agent, java.util.Collection<String> metrics, Instant since) {
    return call(
        () -> HistoryView.from(stub().getAgentHistory(HistoryView.request(agent, metrics, since))));
  }

  /** Audit-log entries, newest first (role admin). */
  public List<AuditRow> audit(AuditRow.Query query) {
    return call(
        () ->
            stub().listAudit(query.toProto()).getEntriesList().stream()
                .map(AuditRow::from)
                .toList());
  }

  /** Creates a user; the answer holds its token, which is shown nowhere else (role admin). */
  @Override
  public UserRow.Created addUser(String name, Role role) {
    AddUserResponse r =
        callOnce(
            () ->
                stub()
                    .addUser(
                        AddUserRequest.newBuilder()
                            .setName(name)
                            .setRole(RoleWire.toProto(role))
                            .build()));
    return new UserRow.Created(UserRow.from(r.getUser()), r.getToken());
  }

  /** Every user, by name (role admin). */
  @Override
  public List<UserRow> users() {
    return call(
        () ->
            stub().listUsers(ListUsersRequest.getDefaultInstance()).getUsersList().stream()
                .map(UserRow::from)
                .toList());
  }

  /** Revokes a user's token at once (role admin). */
  @Override
  public UserRow revokeUser(String name) {
    return UserRow.from(
        call(() -> stub().revokeUser(RevokeUserRequest.newBuilder().setName(name).build()))
            .getUser());
  }

  @Override
  public UserRow setPassword(String name, String password) {
    return UserRow.from(
        call(() ->
                stub()
                    .setUserPassword(
                        SetUserPasswordRequest.newBuilder()
                            .setName(name)
                            .setPassword(password)
                            .build()))
            .getUser());
  }

  /** Creates an enrolment token (admins only). */
  public EnrollmentTicket createEnrollmentToken(
      Map<String, String> labels, int uses, Duration ttl) {
    return EnrollmentTicket.from(
        callOnce(
            () ->
                stub()
                    .createEnrollmentToken(
                        CreateEnrollmentTokenRequest.newBuilder()
                            .putAllLabels(labels)
                            .setUses(uses)
                            .setTtlSeconds(ttl.toSeconds())
                            .build())));
  }

  /** Revokes an agent's certificates and closes its stream (admins only). */
  public AgentRevocation revokeAgent(String agentId) {
    return AgentRevocation.from(
        call(
            () -> stub().revokeAgent(RevokeAgentRequest.newBuilder().setAgentId(agentId).build())));
  }

  /**
   * Watches runs: their stored events after {@code afterSequence} first, then live ones, with state
   * changes; the stream ends once every run finished. No deadline.
   */
  public WatchStream<RunWatchItem> watchRuns(Collection<String> runIds, long afterSequence) {
    WatchRunsRequest req =
        WatchRunsRequest.newBuilder().addAllRunIds(runIds).setAfterSequence(afterSequence).build();
    return watch(() -> stub().watchRuns(req), RunWatchItem::from);
  }

  /** Watches the fleet: every agent carrying the labels and the progress of their runs. */
  public WatchStream<FleetItem> watchFleet(Map<String, String> labels) {
    WatchFleetRequest req = WatchFleetRequest.newBuilder().putAllLabelSelector(labels).build();
    return watch(() -> stub().watchFleet(req), FleetItem::from);
  }

  // ---- schedules and maintenance windows

  public io.autoservice.console.view.ScheduleRows.ScheduleRow createSchedule(
      io.autoservice.console.view.ScheduleRows.NewSchedule schedule) {
    return io.autoservice.console.view.ScheduleRows.ScheduleRow.of(
        callOnce(() -> stub().createSchedule(schedule.request())).getSchedule());
  }

  public List<io.autoservice.console.view.ScheduleRows.ScheduleRow> schedules() {
    return call(
        () ->
            stub()
                .listSchedules(io.autoservice.proto.v1.ListSchedulesRequest.getDefaultInstance())
                .getSchedulesList()
                .stream()
                .map(io.autoservice.console.view.ScheduleRows.ScheduleRow::of)
                .toList());
  }

  public io.autoservice.console.view.ScheduleRows.ScheduleRow setScheduleEnabled(
      String name, boolean enabled) {
    return io.autoservice.console.view.ScheduleRows.ScheduleRow.of(
        call(() ->
                stub()
                    .setScheduleEnabled(
                        io.autoservice.proto.v1.SetScheduleEnabledRequest.newBuilder()
                            .setName(name)
                            .setEnabled(enabled)
                            .build()))
            .getSchedule());
  }

  public void deleteSchedule(String name) {
    call(
        () ->
            stub()
                .deleteSchedule(
                    io.autoservice.proto.v1.DeleteScheduleRequest.newBuilder()
                        .setName(name)
                        .build()));
  }

  /** Fires the schedule now; returns how many PCs the occurrence went to. */
  public int runScheduleNow(String name) {
    return callOnce(
            () ->
                stub()
                    .runScheduleNow(
                        io.autoservice.proto.v1.RunScheduleNowRequest.newBuilder()
                            .setName(name)
                            .build()))
        .getAgents();
  }

  /** A schedule's deliveries per PC, newest first, then occurrences that reached no PC. */
  public List<io.autoservice.console.view.ScheduleRows.DeliveryRow> scheduleOccurrences(
      String name, int limit) {
    return io.autoservice.console.view.ScheduleRows.DeliveryRow.all(
        call(
            () ->
                stub()
                    .listScheduleOccurrences(
                        io.autoservice.proto.v1.ListScheduleOccurrencesRequest.newBuilder()
                            .setName(name)
                            .setLimit(limit)
                            .build())));
  }

  public io.autoservice.console.view.ScheduleRows.WindowRow setWindow(
      String labelKey, String labelValue, List<String> days, String from, String to, String zone) {
    return io.autoservice.console.view.ScheduleRows.WindowRow.from(
        call(() ->
                stub()
                    .setMaintenanceWindow(
                        io.autoservice.proto.v1.SetMaintenanceWindowRequest.newBuilder()
                            .setWindow(
                                io.autoservice.proto.v1.MaintenanceWindow.newBuilder()
                                    .setLabelKey(labelKey)
                                    .setLabelValue(labelValue)
                                    .addAllDays(days)
                                    .setFrom(from)
                                    .setTo(to)
                                    .setTimeZone(zone == null ? "" : zone))
                            .build()))
            .getWindow());
  }

  public List<io.autoservice.console.view.ScheduleRows.WindowRow> windows() {
    return call(
        () ->
            stub()
                .listMaintenanceWindows(
                    io.autoservice.proto.v1.ListMaintenanceWindowsRequest.getDefaultInstance())
                .getWindowsList()
                .stream()
                .map(io.autoservice.console.view.ScheduleRows.WindowRow::from)
                .toList());
  }

  public void deleteWindow(String labelKey, String labelValue) {
    call(
        () ->
            stub()
                .deleteMaintenanceWindow(
                    io.autoservice.proto.v1.DeleteMaintenanceWindowRequest.newBuilder()
                        .setLabelKey(labelKey)
                        .setLabelValue(labelValue)
                        .build()));
  }

  private static ListAgentsRequest listAgents(
      Map<String, String> labels, Set<AgentRow.State> states) {
    ListAgentsRequest.Builder b = ListAgentsRequest.newBuilder().putAllLabelSelector(labels);
    states.forEach(s -> b.addStates(s.toProto()));
    return b.build();
  }

  private <M, T> WatchStream<T> watch(Supplier<Iterator<M>> open, Function<M, T> mapper) {
    // The call is bound to its own cancellable context, so close() can stop a blocked reader.
    Context.CancellableContext context = Context.current().withCancellation();
    Context previous = context.attach();
    try {
      int at = replicas.currentIndex();
      String target = target();
      return new WatchStream<>(
          context, call(open::get), mapper, target, () -> replicas.unreachable(at));
    } finally {
      context.detach(previous);
    }
  }

  /** Makes the call on the current replica, and on the next ones while they are unreachable. */
  private <T> T call(Supplier<T> call) {
    return call(call, true);
  }

  /**
   * A call that must not happen twice (a dispatch creates runs): made on the next replica only when
   * this one refused the connection, so the request never left; a connection lost during the call
   * is reported, not repeated.
   */
  private <T> T callOnce(Supplier<T> call) {
    return call(call, false);
  }

  private static boolean neverSent(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.ConnectException) {
        return true;
      }
    }
    return false;
  }

  private <T> T call(Supplier<T> call, boolean repeatable) {
    for (int tried = 1; ; tried++) {
      int at = replicas.currentIndex();
      String target = target();
      try {
        return call.get();
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
          throw ConsoleException.from(e, target);
        }
        replicas.unreachable(at);
        if (!repeatable && !neverSent(e)) {
          throw ConsoleException.from(e, target);
        }
        if (tried >= replicas.size()) {
          throw ConsoleException.from(e, target);
        }
      }
    }
  }

  /** Shuts down the channels this client opened (nothing for a channel passed to {@link #over}). */
  @Override
  public void close() {
    replicas.close();
  }
}
