package io.autoservice.controller.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.controller.hostile.HostileMessages.EventShape;
import io.autoservice.controller.hostile.HostileMessages.Numbering;
import io.autoservice.proto.v1.AddUserRequest;
import io.autoservice.proto.v1.AgentIdList;
import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.CancelRunRequest;
import io.autoservice.proto.v1.CommandAck;
import io.autoservice.proto.v1.ControllerMessage;
import io.autoservice.proto.v1.CreateEnrollmentTokenRequest;
import io.autoservice.proto.v1.DispatchRequest;
import io.autoservice.proto.v1.GetReportRequest;
import io.autoservice.proto.v1.Heartbeat;
import io.autoservice.proto.v1.Hello;
import io.autoservice.proto.v1.LabelSelector;
import io.autoservice.proto.v1.ListAgentsRequest;
import io.autoservice.proto.v1.ListAuditRequest;
import io.autoservice.proto.v1.ListRunsRequest;
import io.autoservice.proto.v1.LocalRunReport;
import io.autoservice.proto.v1.MachineInfo;
import io.autoservice.proto.v1.OpenRun;
import io.autoservice.proto.v1.Plan;
import io.autoservice.proto.v1.RenewCertificate;
import io.autoservice.proto.v1.Task;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile peers against a real controller: a scripted agent and a scripted console speak the real
 * protocol over loopback and fuzz every field of every message they can send (lengths, control
 * characters, nesting, unknown kinds, extreme numbers, out-of-order and repeated messages). After
 * each case the controller must end the stream or call with a status that says what happened (never
 * UNKNOWN or INTERNAL), still answer {@code ListRuns}, and still hold every event it acknowledged
 * (those an agent sends after its run's end are acknowledged and dropped by design, so its journal
 * never resends them; a gap before the end is a loss); every {@value #RESTART_EVERY} cases, and at
 * the end, it is restarted on the same data folder and must come up and hold them all. The table
 * goes to stdout and {@code target/hostile-peers.txt}.
 */
class HostilePeerIT {
  private static final int RESTART_EVERY = 40;
  private static final Set<Status.Code> BROKEN =
      Set.of(
          Status.Code.UNKNOWN,
          Status.Code.INTERNAL,
          Status.Code.DATA_LOSS,
          Status.Code.DEADLINE_EXCEEDED);
  private static final HostileTable TABLE = new HostileTable();
  private static final AtomicInteger CASES = new AtomicInteger();
  private static HostileController controller;

  @BeforeContainer
  static void start() throws Exception {
    Path data = Files.createTempDirectory(Path.of("target"), "hostile-");
    controller = new HostileController(data);
  }

  @AfterContainer
  static void stop() throws Exception {
    try {
      TABLE.restarted("final restart", controller.restartAndCheckAll());
      TABLE.publish(Path.of("target", "hostile-peers.txt"));
      assertThat(TABLE.allHeld()).as("every hostile case held:\n" + TABLE.render()).isTrue();
    } finally {
      controller.close();
    }
  }

  // ---- a hostile agent ----

  @Property(tries = 40, shrinking = ShrinkingMode.OFF)
  void helloFieldsCannotBreakTheController(@ForAll("hellos") Hello hello) throws Exception {
    runCase(
        "agent: Hello fields",
        () -> {
          HostileAgent agent = HostileAgent.connect(controller);
          agent.send(hello);
          ControllerMessage first = agent.next(2_000);
          if (first != null && first.hasWelcome()) {
            agent.send(
                AgentMessage.newBuilder().setHeartbeat(Heartbeat.getDefaultInstance()).build());
          }
          return new Outcome(agent.finish(), Set.of());
        });
  }

  @Property(tries = 60, shrinking = ShrinkingMode.OFF)
  void runEventsCannotLoseAnAcknowledgedEvent(
      @ForAll("events") List<Tuple.Tuple3<EventShape, Numbering, Boolean>> events)
      throws Exception {
    runCase(
        "agent: run events",
        () -> {
          Assigned a = assignedRun();
          long seq = 0;
          Set<String> runIds = new HashSet<>(Set.of(a.runId));
          for (Tuple.Tuple3<EventShape, Numbering, Boolean> e : events) {
            seq =
                switch (e.get2()) {
                  case NEXT -> seq + 1;
                  case REPEAT -> Math.max(seq, 1);
                  case GAP -> seq + 3;
                  case ZERO -> 0;
                  case HUGE -> Long.MAX_VALUE;
                  case BACKWARDS -> Math.max(1, seq - 2);
                };
            String runId = e.get3() ? a.runId : "other-" + seq;
            runIds.add(runId);
            a.agent.send(AgentMessage.newBuilder().setRunEvent(e.get1().build(runId, seq)).build());
            if (e.get2() == Numbering.HUGE || e.get2() == Numbering.ZERO) {
              seq = 0;
            }
          }
          // A window, not a wait: acks that come back before the half-close widen the ledger check;
          // which acks to expect from these numberings is what is under test, so there is no
          // condition.
          Thread.sleep(100);
          return new Outcome(a.agent.finish(), runIds);
        });
  }

  @Property(tries = 30, shrinking = ShrinkingMode.OFF)
  void commandAcksCannotBreakTheController(
      @ForAll("commandAcks") Tuple.Tuple4<Boolean, Integer, Boolean, String> ack) throws Exception {
    runCase(
        "agent: CommandAck",
        () -> {
          Assigned a = assignedRun();
          a.agent.send(
              AgentMessage.newBuilder()
                  .setCommandAck(
                      CommandAck.newBuilder()
                          .setRunId(ack.get1() ? a.runId : ack.get4())
                          .setCommandValue(ack.get2())
                          .setAccepted(ack.get3())
                          .setError(ack.get4()))
                  .build());
          a.agent.next(200);
          return new Outcome(a.agent.finish(), Set.of(a.runId));
        });
  }

  @Property(tries = 40, shrinking = ShrinkingMode.OFF)
  void otherAgentMessagesCannotBreakTheController(
      @ForAll("otherAgentMessages") List<AgentMessage> messages, @ForAll boolean helloFirst)
      throws Exception {
    runCase(
        "agent: heartbeats, renewals, uploads, unknown kinds",
        () -> {
          HostileAgent agent = HostileAgent.connect(controller);
          if (helloFirst) {
            agent.send(HostileAgent.hello("h" + CASES.get()));
          }
          for (AgentMessage m : messages) {
            agent.send(m);
          }
          agent.next(300);
          return new Outcome(agent.finish(), Set.of());
        });
  }

  // ---- a hostile console ----

  @Property(tries = 80, shrinking = ShrinkingMode.OFF)
  void consoleCallsCannotBreakTheController(@ForAll("consoleCalls") ConsoleCall call)
      throws Exception {
    runCase(
        "console: " + call.name(),
        () -> {
          try {
            call.call().call();
            return new Outcome(Status.OK, Set.of());
          } catch (StatusRuntimeException e) {
            return new Outcome(e.getStatus(), Set.of());
          }
        });
  }

  // ---- the harness ----

  record Outcome(Status status, Set<String> runIds) {}

  interface Case {
    Outcome run() throws Exception;
  }

  record Assigned(HostileAgent agent, String runId) {}

  record ConsoleCall(String name, Callable<Object> call) {}

  /** A fresh agent, welcomed, with a dispatched hello_service run assigned and accepted. */
  private static Assigned assignedRun() throws Exception {
    String agentId = "h" + CASES.get();
    HostileAgent agent = HostileAgent.connect(controller);
    agent.send(HostileAgent.hello(agentId));
    assertThat(agent.next(5_000)).as("Welcome").matches(ControllerMessage::hasWelcome);
    String runId =
        controller
            .console()
            .dispatch(
                DispatchRequest.newBuilder()
                    .setPlan(Plan.newBuilder().addTasks(Task.newBuilder().setType("hello_service")))
                    .setAgentIds(AgentIdList.newBuilder().addIds(agentId))
                    .build())
            .getRuns(0)
            .getRunId();
    ControllerMessage assign = agent.nextAssignment(5_000);
    assertThat(assign).as("the AssignRun of " + runId).isNotNull();
    agent.accept(runId);
    return new Assigned(agent, runId);
  }

  private static void runCase(String surface, Case c) throws Exception {
    int n = CASES.incrementAndGet();
    Outcome outcome = c.run();
    String broken =
        BROKEN.contains(outcome.status().getCode())
            ? "answered "
                + outcome.status().getCode()
                + ": "
                + HostileController.shortId(String.valueOf(outcome.status().getDescription()))
            : controller.check(outcome.runIds());
    TABLE.add(surface, outcome.status().getCode(), broken);
    assertThat(broken).as(surface).isNull();
    if (n % RESTART_EVERY == 0) {
      String afterRestart = controller.restartAndCheckAll();
      TABLE.restarted(surface, afterRestart);
      assertThat(afterRestart).as("after a restart").isNull();
    }
  }

  // ---- generators ----

  @Provide
  Arbitrary<Hello> hellos() {
    Arbitrary<MachineInfo> machine =
        Combinators.combine(
                HostileValues.text(),
                HostileValues.text(),
                HostileValues.text(),
                HostileValues.text(),
                HostileValues.text())
            .as(
                (host, os, version, agent, user) ->
                    MachineInfo.newBuilder()
                        .setHostname(host)
                        .setOsName(os)
                        .setOsVersion(version)
                        .setAgentVersion(agent)
                        .setUsername(user)
                        .build());
    Arbitrary<Map<String, String>> labels =
        Arbitraries.maps(HostileValues.text(), HostileValues.text()).ofMaxSize(4);
    Arbitrary<List<OpenRun>> open =
        Combinators.combine(HostileValues.id(), HostileValues.extremeLong())
            .as((id, seq) -> OpenRun.newBuilder().setRunId(id).setLastSequence(seq).build())
            .list()
            .ofMaxSize(3);
    return Combinators.combine(
            HostileValues.id(),
            machine,
            labels,
            HostileValues.text().list().ofMaxSize(4),
            open,
            Arbitraries.of(0, 1, 2, 99, -1))
        .as(
            (id, m, l, types, runs, revision) ->
                Hello.newBuilder()
                    .setAgentId(id)
                    .setMachine(m)
                    .putAllLabels(l)
                    .addAllSupportedTaskTypes(types)
                    .addAllOpenRuns(runs)
                    .setProtocolRevision(revision)
                    .build());
  }

  @Provide
  Arbitrary<List<Tuple.Tuple3<EventShape, Numbering, Boolean>>> events() {
    Arbitrary<Boolean> ownRun =
        Arbitraries.frequencyOf(
            Tuple.of(9, Arbitraries.just(true)), Tuple.of(1, Arbitraries.just(false)));
    return Combinators.combine(HostileMessages.event(), HostileMessages.numbering(), ownRun)
        .as(Tuple::of)
        .list()
        .ofMinSize(1)
        .ofMaxSize(10);
  }

  @Provide
  Arbitrary<Tuple.Tuple4<Boolean, Integer, Boolean, String>> commandAcks() {
    return Combinators.combine(
            Arbitraries.of(true, true, false),
            Arbitraries.of(0, 1, 2, 3, 42, -1),
            Arbitraries.of(true, false),
            HostileValues.text())
        .as(Tuple::of);
  }

  @Provide
  Arbitrary<List<AgentMessage>> otherAgentMessages() {
    Arbitrary<AgentMessage> one =
        Arbitraries.oneOf(
            Combinators.combine(HostileValues.id(), HostileValues.timestamp())
                .as(
                    (run, at) ->
                        AgentMessage.newBuilder()
                            .setHeartbeat(Heartbeat.newBuilder().setCurrentRunId(run).setSentAt(at))
                            .build()),
            HostileValues.text()
                .map(
                    csr ->
                        AgentMessage.newBuilder()
                            .setRenewCertificate(RenewCertificate.newBuilder().setCsrPem(csr))
                            .build()),
            Combinators.combine(
                    HostileValues.id(),
                    HostileValues.timestamp(),
                    HostileValues.timestamp(),
                    HostileMessages.plan(),
                    HostileMessages.report())
                .as(
                    (id, started, finished, plan, report) ->
                        AgentMessage.newBuilder()
                            .setLocalRunReport(
                                LocalRunReport.newBuilder()
                                    .setLocalRunId(id)
                                    .setStartedAt(started)
                                    .setFinishedAt(finished)
                                    .setPlan(plan)
                                    .setReport(report))
                            .build()),
            hellos().map(h -> AgentMessage.newBuilder().setHello(h).build()),
            Arbitraries.just(AgentMessage.getDefaultInstance()),
            Arbitraries.just(
                AgentMessage.newBuilder()
                    .setUnknownFields(HostileMessages.unknownField(77))
                    .build()));
    return one.list().ofMinSize(1).ofMaxSize(5);
  }

  @Provide
  Arbitrary<ConsoleCall> consoleCalls() {
    Arbitrary<ConsoleCall> dispatch =
        Combinators.combine(
                HostileMessages.plan(),
                HostileValues.id().list().ofMaxSize(3),
                Arbitraries.maps(HostileValues.text(), HostileValues.text()).ofMaxSize(3),
                Arbitraries.of(0, 1, 2),
                HostileValues.extremeLong())
            .as(
                (plan, ids, labels, target, deadline) ->
                    new ConsoleCall(
                        "Dispatch",
                        () -> {
                          DispatchRequest.Builder b =
                              DispatchRequest.newBuilder()
                                  .setPlan(plan)
                                  .setDeliveryDeadlineSeconds(deadline);
                          switch (target) {
                            case 0 ->
                                b.setAgentIds(
                                    AgentIdList.newBuilder()
                                        .addAllIds(ids.isEmpty() ? List.of("h1") : ids));
                            case 1 -> b.setLabels(LabelSelector.newBuilder().putAllLabels(labels));
                            default -> b.setAll(true).setForce(false);
                          }
                          return controller.console().dispatch(b.build());
                        }));
    Arbitrary<ConsoleCall> cancel =
        Combinators.combine(HostileValues.id(), HostileValues.text())
            .as(
                (run, reason) ->
                    new ConsoleCall(
                        "CancelRun",
                        () ->
                            controller
                                .console()
                                .cancelRun(
                                    CancelRunRequest.newBuilder()
                                        .setRunId(run)
                                        .setReason(reason)
                                        .build())));
    Arbitrary<ConsoleCall> listRuns =
        Combinators.combine(
                HostileValues.id(),
                Arbitraries.of(0, 1, 2, 5, 99),
                Arbitraries.of(0, 1, 3, 77),
                HostileValues.timestamp(),
                HostileValues.extremeInt())
            .as(
                (agent, state, status, since, limit) ->
                    new ConsoleCall(
                        "ListRuns",
                        () ->
                            controller
                                .console()
                                .listRuns(
                                    ListRunsRequest.newBuilder()
                                        .setAgentId(agent)
                                        .setStateValue(state)
                                        .setStatusValue(status)
                                        .setSince(since)
                                        .setLimit(limit)
                                        .build())));
    Arbitrary<ConsoleCall> report =
        HostileValues.id()
            .map(
                run ->
                    new ConsoleCall(
                        "GetReport",
                        () ->
                            controller
                                .console()
                                .getReport(GetReportRequest.newBuilder().setRunId(run).build())));
    Arbitrary<ConsoleCall> addUser =
        Combinators.combine(HostileValues.id(), Arbitraries.of(0, 1, 2, 3, 50))
            .as(
                (name, role) ->
                    new ConsoleCall(
                        "AddUser",
                        () ->
                            controller
                                .console()
                                .addUser(
                                    AddUserRequest.newBuilder()
                                        .setName(name)
                                        .setRoleValue(role)
                                        .build())));
    Arbitrary<ConsoleCall> agents =
        Combinators.combine(
                Arbitraries.maps(HostileValues.text(), HostileValues.text()).ofMaxSize(3),
                Arbitraries.of(0, 1, 2, 3, 40))
            .as(
                (labels, state) ->
                    new ConsoleCall(
                        "ListAgents",
                        () ->
                            controller
                                .console()
                                .listAgents(
                                    ListAgentsRequest.newBuilder()
                                        .putAllLabelSelector(labels)
                                        .addStatesValue(state)
                                        .build())));
    Arbitrary<ConsoleCall> enrol =
        Combinators.combine(
                Arbitraries.maps(HostileValues.text(), HostileValues.text()).ofMaxSize(3),
                HostileValues.extremeInt(),
                HostileValues.extremeLong())
            .as(
                (labels, uses, ttl) ->
                    new ConsoleCall(
                        "CreateEnrollmentToken",
                        () ->
                            controller
                                .console()
                                .createEnrollmentToken(
                                    CreateEnrollmentTokenRequest.newBuilder()
                                        .putAllLabels(labels)
                                        .setUses(uses)
                                        .setTtlSeconds(ttl)
                                        .build())));
    Arbitrary<ConsoleCall> audit =
        Combinators.combine(
                HostileValues.extremeInt(),
                HostileValues.text(),
                HostileValues.text(),
                HostileValues.timestamp())
            .as(
                (limit, actor, action, since) ->
                    new ConsoleCall(
                        "ListAudit",
                        () ->
                            controller
                                .console()
                                .listAudit(
                                    ListAuditRequest.newBuilder()
                                        .setLimit(limit)
                                        .setActor(actor)
                                        .setAction(action)
                                        .setSince(since)
                                        .build())));
    return Arbitraries.frequencyOf(
        Tuple.of(4, dispatch),
        Tuple.of(2, cancel),
        Tuple.of(1, listRuns),
        Tuple.of(1, report),
        Tuple.of(1, addUser),
        Tuple.of(1, agents),
        Tuple.of(1, enrol),
        Tuple.of(1, audit));
  }
}
