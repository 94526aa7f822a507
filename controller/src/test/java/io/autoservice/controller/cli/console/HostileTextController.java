package io.autoservice.controller.cli.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.proto.v1.AgentInfo;
import io.autoservice.proto.v1.AgentState;
import io.autoservice.proto.v1.AuditEntry;
import io.autoservice.proto.v1.CancelRunRequest;
import io.autoservice.proto.v1.CancelRunResponse;
import io.autoservice.proto.v1.ConsoleServiceGrpc;
import io.autoservice.proto.v1.DispatchRequest;
import io.autoservice.proto.v1.DispatchResponse;
import io.autoservice.proto.v1.FleetEvent;
import io.autoservice.proto.v1.GetReportRequest;
import io.autoservice.proto.v1.GetReportResponse;
import io.autoservice.proto.v1.ListAgentsRequest;
import io.autoservice.proto.v1.ListAgentsResponse;
import io.autoservice.proto.v1.ListAuditRequest;
import io.autoservice.proto.v1.ListAuditResponse;
import io.autoservice.proto.v1.ListRunsRequest;
import io.autoservice.proto.v1.ListRunsResponse;
import io.autoservice.proto.v1.MachineInfo;
import io.autoservice.proto.v1.RunState;
import io.autoservice.proto.v1.RunSummary;
import io.autoservice.proto.v1.WatchEvent;
import io.autoservice.proto.v1.WatchFleetRequest;
import io.autoservice.proto.v1.WatchRunsRequest;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A console service on loopback whose every answer carries terminal controls in every string an
 * agent can put there (or a bad stored row can hold): hostname, OS strings, labels, agent id, run
 * id, task types and ids, progress, output, reasons, verdicts, the report's error and metadata.
 * {@link #evil} names each field, so a failure says which one leaked.
 */
final class HostileTextController implements AutoCloseable {
  /**
   * ESC (a screen clear and a title change), BEL, C1 CSI, DEL, then a line break and a fake line.
   */
  static String evil(String field) {
    return field + "\u001b[2J\u001b]0;owned\u0007\u009b31m\u007f\r\nFORGED " + field;
  }

  static final String RUN = evil("run-id");
  static final String AGENT = evil("agent-id");
  static final String HOST = evil("hostname");
  private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

  private final Server server;

  HostileTextController() throws IOException {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(new Service())
            .build()
            .start();
  }

  String address() {
    return "127.0.0.1:" + server.getPort();
  }

  static AgentInfo agent() {
    return AgentInfo.newBuilder()
        .setAgentId(AGENT)
        .setMachine(
            MachineInfo.newBuilder()
                .setHostname(HOST)
                .setOsName(evil("os-name"))
                .setOsVersion(evil("os-version"))
                .setAgentVersion(evil("agent-version"))
                .setUsername(evil("username")))
        .addSupportedTaskTypes(evil("supported-type"))
        .putLabels(evil("label-key"), evil("label-value"))
        .setState(AgentState.AGENT_STATE_BUSY)
        .setLastSeen(WireMapper.toProto(AT))
        .setCurrentRunId(RUN)
        .setQueuedRuns(1)
        .build();
  }

  static RunSummary run(RunState state) {
    RunSummary.Builder b =
        RunSummary.newBuilder()
            .setRunId(RUN)
            .setAgentId(AGENT)
            .setHostname(HOST)
            .setState(state)
            .setDispatchedAt(WireMapper.toProto(AT))
            .setTotalTasks(2)
            .setCompletedTasks(state == RunState.RUN_STATE_FINISHED ? 2 : 1)
            .setDispatchedBy(evil("dispatched-by"))
            .setOrigin(evil("origin"));
    if (state == RunState.RUN_STATE_FINISHED) {
      b.setStatus(WireMapper.toProto(RunStatus.COMPLETED_WITH_ERRORS))
          .setFinishedAt(WireMapper.toProto(AT.plusSeconds(3)));
    }
    return b.build();
  }

  static RunReport report() {
    ObjectNode summary = Json.object();
    summary.putObject("human_readable").put("message", evil("verdict"));
    summary.putObject("results").put("value", evil("result-value"));
    TaskResult ok =
        new TaskResult(evil("task-type"), evil("task-id"), TaskStatus.SUCCESS, summary, 0.5, null);
    TaskResult failed =
        TaskResult.ofReason(
            evil("failed-type"), evil("failed-id"), TaskStatus.ERROR, evil("reason"), 0.25);
    ObjectNode meta = Json.object().put("hostname", HOST).put("os_name", evil("meta-os"));
    return new RunReport(
        RUN, RunStatus.COMPLETED_WITH_ERRORS, List.of(ok, failed), 1.5, AT, meta, evil("error"));
  }

  static List<RunEvent> events() {
    RunReport r = report();
    List<EventPayload> payloads =
        List.of(
            new EventPayload.RunStarted(List.of(evil("task-type"), evil("failed-type"))),
            new EventPayload.TaskStarted(0, evil("task-type"), evil("task-id")),
            new EventPayload.TaskProgress(0, 50, evil("progress")),
            new EventPayload.TaskOutput(0, EventPayload.OutputSource.STDOUT, evil("output")),
            new EventPayload.TaskFinished(0, r.tasks().get(0)),
            new EventPayload.TaskStarted(1, evil("failed-type"), evil("failed-id")),
            new EventPayload.TaskFinished(1, r.tasks().get(1)),
            new EventPayload.RunFinished(r));
    return java.util.stream.IntStream.range(0, payloads.size())
        .mapToObj(i -> new RunEvent(RUN, i + 1, AT.plusMillis(i), payloads.get(i)))
        .toList();
  }

  private static final class Service extends ConsoleServiceGrpc.ConsoleServiceImplBase {
    @Override
    public void listAgents(ListAgentsRequest req, StreamObserver<ListAgentsResponse> out) {
      out.onNext(ListAgentsResponse.newBuilder().addAgents(agent()).build());
      out.onCompleted();
    }

    @Override
    public void dispatch(DispatchRequest req, StreamObserver<DispatchResponse> out) {
      out.onNext(DispatchResponse.newBuilder().addRuns(run(RunState.RUN_STATE_QUEUED)).build());
      out.onCompleted();
    }

    @Override
    public void watchRuns(WatchRunsRequest req, StreamObserver<WatchEvent> out) {
      out.onNext(WatchEvent.newBuilder().setRunState(run(RunState.RUN_STATE_RUNNING)).build());
      for (RunEvent e : events()) {
        if (e.sequence() > req.getAfterSequence()) {
          out.onNext(WatchEvent.newBuilder().setRunEvent(WireMapper.toProto(e)).build());
        }
      }
      out.onNext(WatchEvent.newBuilder().setRunState(run(RunState.RUN_STATE_FINISHED)).build());
      out.onCompleted();
    }

    @Override
    public void watchFleet(WatchFleetRequest req, StreamObserver<FleetEvent> out) {
      out.onNext(FleetEvent.newBuilder().setAgent(agent()).build());
      out.onNext(FleetEvent.newBuilder().setRun(run(RunState.RUN_STATE_RUNNING)).build());
      out.onCompleted();
    }

    @Override
    public void listRuns(ListRunsRequest req, StreamObserver<ListRunsResponse> out) {
      out.onNext(ListRunsResponse.newBuilder().addRuns(run(RunState.RUN_STATE_FINISHED)).build());
      out.onCompleted();
    }

    @Override
    public void getReport(GetReportRequest req, StreamObserver<GetReportResponse> out) {
      out.onNext(
          GetReportResponse.newBuilder()
              .setRun(run(RunState.RUN_STATE_FINISHED))
              .setReport(WireMapper.toProto(report()))
              .build());
      out.onCompleted();
    }

    @Override
    public void cancelRun(CancelRunRequest req, StreamObserver<CancelRunResponse> out) {
      out.onNext(CancelRunResponse.newBuilder().setRun(run(RunState.RUN_STATE_RUNNING)).build());
      out.onCompleted();
    }

    @Override
    public void getAgentHistory(
        io.autoservice.proto.v1.GetAgentHistoryRequest req,
        StreamObserver<io.autoservice.proto.v1.GetAgentHistoryResponse> out) {
      io.autoservice.proto.v1.HistorySeries.Builder series =
          io.autoservice.proto.v1.HistorySeries.newBuilder()
              .setMetric(evil("metric"))
              .setSubject(evil("subject"));
      for (int i = 0; i < 2; i++) {
        series.addSamples(
            io.autoservice.proto.v1.HistorySample.newBuilder()
                .setTime(WireMapper.toProto(AT.plusSeconds(i)))
                .setValue(i)
                .setRunId(RUN)
                .setText(evil("history-text")));
      }
      out.onNext(
          io.autoservice.proto.v1.GetAgentHistoryResponse.newBuilder()
              .setAgentId(AGENT)
              .setHostname(HOST)
              .addSeries(series)
              .build());
      out.onCompleted();
    }

    @Override
    public void listAudit(ListAuditRequest req, StreamObserver<ListAuditResponse> out) {
      out.onNext(
          ListAuditResponse.newBuilder()
              .addEntries(
                  AuditEntry.newBuilder()
                      .setId(1)
                      .setAt(WireMapper.toProto(AT))
                      .setActor(evil("actor"))
                      .setAction(evil("action"))
                      .setTarget(RUN)
                      .setDetail(evil("detail"))
                      .setRemoteAddr(evil("remote-addr"))
                      .setPlanSha256(
                          "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"))
              .build());
      out.onCompleted();
    }

    @Override
    public void listAlerts(
        io.autoservice.proto.v1.ListAlertsRequest req,
        StreamObserver<io.autoservice.proto.v1.ListAlertsResponse> out) {
      out.onNext(
          io.autoservice.proto.v1.ListAlertsResponse.newBuilder()
              .setOpenCount(1)
              .addAlerts(hostileAlert())
              .build());
      out.onCompleted();
    }

    @Override
    public void acknowledgeAlert(
        io.autoservice.proto.v1.AcknowledgeAlertRequest req,
        StreamObserver<io.autoservice.proto.v1.AcknowledgeAlertResponse> out) {
      out.onNext(
          io.autoservice.proto.v1.AcknowledgeAlertResponse.newBuilder()
              .setAlert(hostileAlert().toBuilder().setAckedBy(evil("acked-by")))
              .build());
      out.onCompleted();
    }

    private static io.autoservice.proto.v1.Alert hostileAlert() {
      return io.autoservice.proto.v1.Alert.newBuilder()
          .setId(7)
          .setRule("smart_health_failed")
          .setAgentId(AGENT)
          .setHostname(HOST)
          .setSubject(evil("subject"))
          .setSeverity("critical")
          .setMessage(evil("alert-message"))
          .setRunId(RUN)
          .setState(io.autoservice.proto.v1.AlertState.ALERT_STATE_OPEN)
          .setRaisedAt(WireMapper.toProto(AT))
          .build();
    }

    @Override
    public void listSchedules(
        io.autoservice.proto.v1.ListSchedulesRequest req,
        StreamObserver<io.autoservice.proto.v1.ListSchedulesResponse> out) {
      out.onNext(
          io.autoservice.proto.v1.ListSchedulesResponse.newBuilder()
              .addSchedules(
                  io.autoservice.proto.v1.Schedule.newBuilder()
                      .setName(evil("schedule-name"))
                      .setCron(evil("cron"))
                      .setTimeZone(evil("time-zone"))
                      .putLabels(evil("label-key"), evil("label-value"))
                      .setEnabled(true)
                      .setCreatedBy(evil("created-by"))
                      .setNextOccurrence(WireMapper.toProto(AT)))
              .build());
      out.onCompleted();
    }

    @Override
    public void listScheduleOccurrences(
        io.autoservice.proto.v1.ListScheduleOccurrencesRequest req,
        StreamObserver<io.autoservice.proto.v1.ListScheduleOccurrencesResponse> out) {
      out.onNext(
          io.autoservice.proto.v1.ListScheduleOccurrencesResponse.newBuilder()
              .addDeliveries(
                  io.autoservice.proto.v1.ScheduleDelivery.newBuilder()
                      .setOccurrence(WireMapper.toProto(AT))
                      .setStartAt(WireMapper.toProto(AT))
                      .setAgentId(AGENT)
                      .setHostname(HOST)
                      .setState(io.autoservice.proto.v1.DeliveryState.DELIVERY_STATE_MISSED)
                      .setReason(evil("missed-reason"))
                      .setKind(evil("kind")))
              .build());
      out.onCompleted();
    }

    @Override
    public void listMaintenanceWindows(
        io.autoservice.proto.v1.ListMaintenanceWindowsRequest req,
        StreamObserver<io.autoservice.proto.v1.ListMaintenanceWindowsResponse> out) {
      out.onNext(
          io.autoservice.proto.v1.ListMaintenanceWindowsResponse.newBuilder()
              .addWindows(
                  io.autoservice.proto.v1.MaintenanceWindow.newBuilder()
                      .setLabelKey(evil("window-key"))
                      .setLabelValue(evil("window-value"))
                      .addDays(evil("day"))
                      .setFrom(evil("from"))
                      .setTo(evil("to"))
                      .setTimeZone(evil("zone"))
                      .setUpdatedBy(evil("updated-by")))
              .build());
      out.onCompleted();
    }
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }
}
