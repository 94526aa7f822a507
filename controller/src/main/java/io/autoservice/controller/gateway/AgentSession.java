package io.autoservice.controller.gateway;

import io.autoservice.common.event.RunEvent;
import io.autoservice.common.result.OfflineRun;
import io.autoservice.common.text.SafeText;
import io.autoservice.common.tls.Pem;
import io.autoservice.common.wire.LocalRunWire;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.controller.errors.Statuses;
import io.autoservice.controller.fleet.AgentLink;
import io.autoservice.controller.fleet.FleetRegistry;
import io.autoservice.controller.limits.UndecodableMessages;
import io.autoservice.controller.limits.WireLimits;
import io.autoservice.controller.metrics.RefusalCounter;
import io.autoservice.controller.model.AgentRecord;
import io.autoservice.controller.model.EventRow;
import io.autoservice.controller.model.Refusal;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.runs.Dispatcher;
import io.autoservice.controller.runs.EventIngest;
import io.autoservice.controller.runs.EventVerdict;
import io.autoservice.controller.runs.LocalRunIntake;
import io.autoservice.controller.store.AfterBatch;
import io.autoservice.controller.tls.AgentEnrollment;
import io.autoservice.controller.tls.AgentIdentity;
import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.AssignRun;
import io.autoservice.proto.v1.CancelRun;
import io.autoservice.proto.v1.CertificateIssued;
import io.autoservice.proto.v1.CommandAck;
import io.autoservice.proto.v1.ControllerMessage;
import io.autoservice.proto.v1.EventAck;
import io.autoservice.proto.v1.Hello;
import io.autoservice.proto.v1.Welcome;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.SynchronizationContext;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's {@code Connect} stream on the controller side.
 *
 * <p>Inbound: the first message must be Hello. Events are read with manual flow control: the agent
 * gets up to {@value #CREDITS} messages of credit, and an event's credit comes back only after it
 * was committed, so a fast agent or a slow disk bounds itself; over the agent's message rate it
 * comes back only once the {@link EventRateLimiter} allows. Acks follow commits.
 *
 * <p>Outbound: every write goes through this stream's {@link SynchronizationContext} (one writer
 * per stream), is queued, and is sent only while the transport is ready; the onReady handler
 * resumes the drain. Nothing but Welcome is sent before Welcome.
 */
final class AgentSession implements StreamObserver<AgentMessage>, AgentLink {
  private static final Logger log = LoggerFactory.getLogger(AgentSession.class);

  /**
   * Messages an agent may have in flight. Small on purpose: ten thousand agents starting a run at
   * once each send this many before any is committed; beyond it the {@link IngestBudget} decides.
   */
  static final int CREDITS = 16;

  private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private final ServerCallStreamObserver<ControllerMessage> out;
  private final FleetRegistry fleet;
  private final Dispatcher dispatcher;
  private final EventIngest ingest;
  private final LocalRunIntake localRuns;
  private final int heartbeatSeconds;
  private final EventRateLimiter limiter;
  private final IngestBudget budget;
  private final SynchronizationContext ctx =
      new SynchronizationContext((t, e) -> log.error("agent stream task failed", e));
  private final Deque<ControllerMessage> queue = new ArrayDeque<>();
  private final List<ControllerMessage> held = new ArrayList<>();
  private boolean welcomed;
  private boolean closed;
  private volatile String agentId;
  private final AgentIdentity identity;
  private final AgentEnrollment enrollment;
  private volatile String hostname;

  /** Messages the agent may still send before the controller gives it more credit. */
  private final java.util.concurrent.atomic.AtomicInteger credit =
      new java.util.concurrent.atomic.AtomicInteger();

  /** Acks and credit of committed events, sent once per group commit: see {@link AfterBatch}. */
  private final java.util.concurrent.ConcurrentHashMap<String, Long> pendingAcks =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final java.util.concurrent.atomic.AtomicInteger pendingRequests =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicBoolean flushPending =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** Messages the agent may have in flight now; grows to {@value #CREDITS}. */
  private final java.util.concurrent.atomic.AtomicInteger window =
      new java.util.concurrent.atomic.AtomicInteger(1);

  private final RefusalCounter refusals;

  AgentSession(
      ServerCallStreamObserver<ControllerMessage> out,
      FleetRegistry fleet,
      Dispatcher dispatcher,
      EventIngest ingest,
      LocalRunIntake localRuns,
      int heartbeatSeconds,
      AgentIdentity identity,
      AgentEnrollment enrollment,
      EventRateLimiter limiter,
      IngestBudget budget,
      RefusalCounter refusals) {
    this.refusals = refusals;
    this.budget = budget;
    this.identity = identity;
    this.enrollment = enrollment;
    this.out = out;
    this.limiter = limiter;
    this.fleet = fleet;
    this.dispatcher = dispatcher;
    this.ingest = ingest;
    this.localRuns = localRuns;
    this.heartbeatSeconds = heartbeatSeconds;
    // Hooks first: a cancel can arrive before the first message.
    out.setOnCancelHandler(() -> ctx.execute(this::cleanup));
    out.setOnReadyHandler(() -> ctx.execute(this::drain));
    out.disableAutoRequest();
    request(1);
  }

  /**
   * One message's credit comes back, and one more while the agent's window is under {@value
   * #CREDITS} and the fleet's uncommitted bytes are well under the {@link IngestBudget}: an agent
   * starts with one message in flight and earns more as the store keeps up, so ten thousand agents
   * starting at once hold ten thousand messages in the controller, not sixteen times that.
   */
  private void giveBack() {
    int more = 0;
    if (budget.roomy() && window.get() < CREDITS) {
      window.incrementAndGet();
      more = 1;
    }
    requestAfterBatch(1 + more);
  }

  /** Gives the agent credit for {@code n} more messages. */
  private void request(int n) {
    credit.addAndGet(n);
    out.request(n);
  }

  /**
   * As {@link #request}, but once for the whole group commit when called from its steps (see {@link
   * AfterBatch}), together with the acks of the same commit.
   */
  private void requestAfterBatch(int n) {
    credit.addAndGet(n);
    pendingRequests.addAndGet(n);
    flushAfterBatch();
  }

  /** Acks {@code seq} of {@code runId} once the group commit's steps are done (one per run). */
  private void ackAfterBatch(String runId, long seq) {
    pendingAcks.merge(runId, seq, Math::max);
    flushAfterBatch();
  }

  private void flushAfterBatch() {
    if (flushPending.compareAndSet(false, true)) {
      AfterBatch.defer(this::flushAcksAndCredit);
    }
  }

  private void flushAcksAndCredit() {
    flushPending.set(false); // first: what arrives from now on schedules another flush
    int n = pendingRequests.getAndSet(0);
    if (n > 0) {
      out.request(n);
    }
    for (String runId : pendingAcks.keySet()) {
      Long seq = pendingAcks.remove(runId);
      if (seq != null) {
        send(ack(runId, seq));
      }
    }
  }

  @Override
  public boolean heldBack() {
    return agentId != null && credit.get() <= 0;
  }

  // ---- inbound (gRPC delivers these one at a time for this call)

  /**
   * Every path out of here either answers the message or ends the stream through {@link #fail}, so
   * the session's cleanup always runs: an exception escaping to gRPC would end the stream {@code
   * UNKNOWN} and leave the agent {@code busy} until the offline sweep.
   */
  @Override
  public void onNext(AgentMessage m) {
    credit.decrementAndGet();
    try {
      Optional<String> undecodable = UndecodableMessages.refusal(m);
      if (undecodable.isPresent()) {
        throw new WireLimits.FieldRefused(
            "message", undecodable.get().replaceFirst("^message: ", ""));
      }
      if (agentId == null) {
        hello(m);
        return;
      }
      message(m);
    } catch (Refusal bad) { // a field over its limits (WireLimits.FieldRefused), ...
      log.warn(
          "agent {}: refused a {} message: {}",
          agentId == null ? "(before Hello)" : agentId,
          m.getKindCase(),
          bad.getMessage());
      if (bad instanceof WireLimits.FieldRefused) {
        refusals.refused("message_limit");
      }
      fail(bad);
    } catch (RuntimeException e) {
      log.error("agent {}: cannot handle a {} message; stream closed", agentId, m.getKindCase(), e);
      fail(
          new Refusal(
              Refusal.Code.INTERNAL,
              "the controller could not handle this "
                  + m.getKindCase()
                  + " message; send it again later"));
    }
  }

  private void message(AgentMessage m) {
    fleet.seen(agentId);
    // Every message's credit comes back through the rate limiter (see EventRateLimiter).
    String id = agentId;
    Runnable credit =
        limiter.admit(
            agentId,
            () -> {
              fleet.seen(id); // silence counts from when the agent may send again
              giveBack();
            });
    switch (m.getKindCase()) {
      case RUN_EVENT -> event(AgentMessageLimits.event(m.getRunEvent()), credit);
      case COMMAND_ACK -> {
        CommandAck a = AgentMessageLimits.commandAck(m.getCommandAck());
        if (a.getCommand() == CommandAck.Command.COMMAND_ASSIGN_RUN) {
          dispatcher.assignAcked(agentId, a.getRunId(), a.getAccepted(), a.getError());
        }
        credit.run();
      }
      case RENEW_CERTIFICATE -> {
        renew(m.getRenewCertificate().getCsrPem());
        credit.run();
      }
      case LOCAL_RUN_REPORT -> localRun(m.getLocalRunReport());
      case HEARTBEAT -> {
        AgentMessageLimits.heartbeat(m.getHeartbeat());
        if (m.getHeartbeat().hasStats()) {
          fleet.figures().reported(agentId, m.getHeartbeat().getStats());
        }
        credit.run();
      }
      case HELLO -> fail(Refusal.invalid("Expected one Hello per stream but got a second"));
      default -> credit.run();
    }
  }

  private void hello(AgentMessage m) {
    if (!m.hasHello()) {
      fail(Refusal.invalid("Expected Hello as the first message but got " + m.getKindCase()));
      return;
    }
    Hello h = m.getHello();
    if (!AGENT_ID.matcher(h.getAgentId()).matches()) {
      fail(
          Refusal.invalid(
              "Expected hello.agent_id of 1-128 letters, digits, '.', '_' or '-' but got \""
                  + SafeText.line(
                      h.getAgentId().length() > 40
                          ? h.getAgentId().substring(0, 40) + "…"
                          : h.getAgentId())
                  + "\""));
      return;
    }
    if (h.getMachine().getHostname().isBlank()) {
      fail(Refusal.invalid("Expected hello.machine.hostname but it is empty"));
      return;
    }
    AgentMessageLimits.hello(h);
    if (identity != null && !identity.agentId().equals(h.getAgentId())) {
      log.warn(
          "agent stream with the certificate of {} claimed to be {}: refused",
          identity.agentId(),
          h.getAgentId());
      fail(
          Refusal.permissionDenied(
              "this stream's certificate is for agent "
                  + identity.agentId()
                  + " but Hello claims agent "
                  + h.getAgentId()));
      return;
    }
    agentId = h.getAgentId();
    var mi = h.getMachine();
    Map<String, String> labels = new java.util.TreeMap<>(h.getLabelsMap());
    if (enrollment != null) {
      labels.putAll(
          enrollment.enrolledLabels(agentId)); // the token's labels win over the agent's own
    }
    hostname = mi.getHostname();
    AgentRecord record =
        new AgentRecord(
            agentId,
            mi.getHostname(),
            mi.getOsName(),
            mi.getOsVersion(),
            mi.getAgentVersion(),
            mi.getUsername(),
            labels,
            h.getSupportedTaskTypesList(),
            Instant.EPOCH,
            Instant.EPOCH);
    java.util.concurrent.CompletableFuture<Void> mine = dispatcher.acquire(agentId);
    if (mine.isDone() && !mine.isCompletedExceptionally()) {
      welcome(h, record);
      return;
    }
    // Another controller replica drove this agent: it lets go first (the hello's credit is not
    // given back meanwhile, so nothing else arrives).
    mine.whenComplete(
        (x, e) -> {
          if (e != null) {
            fail(
                new Refusal(
                    Refusal.Code.UNAVAILABLE,
                    "this controller replica cannot take the agent now; try another: "
                        + e.getMessage()));
            return;
          }
          try {
            welcome(h, record);
          } catch (RuntimeException bad) {
            log.error("agent {}: cannot welcome it; stream closed", agentId, bad);
            fail(new Refusal(Refusal.Code.INTERNAL, "the controller could not welcome the agent"));
          }
        });
  }

  private void welcome(Hello h, AgentRecord record) {
    fleet.schemas().reported(agentId, h.getTaskSchemasList());
    fleet
        .connected(record, this)
        .ifPresent(old -> old.close("replaced by a newer stream of the same agent"));
    List<String> open =
        h.getOpenRunsList().stream().map(io.autoservice.proto.v1.OpenRun::getRunId).toList();
    Map<String, Long> acked = dispatcher.agentConnected(agentId, this, open);
    Welcome.Builder w =
        Welcome.newBuilder().setAgentId(agentId).setHeartbeatIntervalSeconds(heartbeatSeconds);
    acked.forEach((run, seq) -> w.addAcked(EventAck.newBuilder().setRunId(run).setSequence(seq)));
    ControllerMessage welcome = ControllerMessage.newBuilder().setWelcome(w).build();
    ctx.execute(
        () -> {
          queue.addFirst(welcome);
          welcomed = true;
          queue.addAll(held);
          held.clear();
          drain();
        });
    request(1); // the Hello's credit back; the window then grows with the store's pace (giveBack)
  }

  private void event(io.autoservice.proto.v1.RunEvent e, Runnable credit) {
    RunEvent domain;
    try {
      // Decoded in full before the ingest sees its sequence: an event that cannot be stored is
      // refused, never taken as accepted (then a resend would pass for a duplicate and be acked).
      domain = WireMapper.fromProto(e);
    } catch (RuntimeException bad) { // IllegalArgumentException, DateTimeException, ...
      log.warn(
          "agent {}: refused an undecodable event of run {}: {}",
          agentId,
          e.getRunId(),
          bad.toString());
      fail(Refusal.invalid("run_event: cannot be read: " + bad.getMessage()));
      return;
    }
    EventRow row = new EventRow(e.getRunId(), e.getSequence(), domain.time(), e.toByteArray());
    int bytes = row.body().length;
    budget.taken(bytes);
    EventVerdict v =
        ingest.offer(
            agentId,
            domain,
            row,
            acked -> {
              ackAfterBatch(e.getRunId(), acked);
              budget.released(bytes, credit);
            });
    if (v.action() != EventVerdict.Action.ACCEPT) {
      budget.released(bytes, () -> {});
    }
    switch (v.action()) {
      case DUPLICATE -> {
        send(ack(e.getRunId(), v.ackSequence()));
        credit.run();
      }
      case REJECT -> {
        log.atWarn()
            .setMessage("refused an agent's event")
            .addKeyValue("agent_id", agentId)
            .addKeyValue("reason", v.reason())
            .log();
        fail(Refusal.failedPrecondition(v.reason()));
      }
      case ACCEPT -> {} // acked and credited once committed
    }
  }

  /**
   * An upload of a run made with {@code agent run --sync}: acked once stored (the credit comes back
   * then, as for events); a database failure closes the stream, so the agent uploads it again.
   */
  private void localRun(io.autoservice.proto.v1.LocalRunReport sent) {
    OfflineRun run;
    io.autoservice.proto.v1.LocalRunReport m = sent;
    try {
      m = AgentMessageLimits.localRun(sent);
      run = LocalRunWire.fromProto(m);
    } catch (RuntimeException bad) {
      // Malformed for good: refused, so the agent sets it aside instead of sending it forever.
      log.atWarn()
          .setMessage("refused a local run upload")
          .addKeyValue("agent_id", agentId)
          .addKeyValue("reason", bad.getMessage())
          .log();
      send(
          ControllerMessage.newBuilder()
              .setLocalRunAck(LocalRunWire.refused(m.getLocalRunId(), bad.getMessage()))
              .build());
      request(1);
      return;
    }
    localRuns
        .receive(agentId, hostname, run)
        .whenComplete(
            (answer, failure) -> {
              if (failure != null) {
                log.error(
                    "agent {}: cannot store local run {}: {}",
                    agentId,
                    run.localRunId(),
                    failure.toString());
                fail(
                    Refusal.unavailable(
                        "cannot store local run " + run.localRunId() + " now; upload it again"));
                return;
              }
              send(
                  ControllerMessage.newBuilder()
                      .setLocalRunAck(
                          answer.accepted()
                              ? LocalRunWire.accepted(
                                  answer.localRunId(), answer.runId(), answer.note())
                              : LocalRunWire.refused(answer.localRunId(), answer.error()))
                      .build());
              request(1);
            });
  }

  /** Renews the stream's certificate; the new one takes effect on the agent's next connection. */
  private void renew(String csrPem) {
    if (identity == null || enrollment == null) {
      log.info("agent {}: renewal asked on a stream without a certificate; ignored", agentId);
      return;
    }
    try {
      java.security.cert.X509Certificate cert = enrollment.renew(identity, csrPem);
      log.info("agent {}: certificate renewed until {}", agentId, cert.getNotAfter().toInstant());
      send(
          ControllerMessage.newBuilder()
              .setCertificateIssued(
                  CertificateIssued.newBuilder()
                      .setCertificatePem(Pem.of(cert))
                      .setCaCertificatePem(Pem.of(enrollment.caCertificate())))
              .build());
    } catch (Refusal e) {
      log.atWarn()
          .setMessage("refused a certificate renewal")
          .addKeyValue("agent_id", agentId)
          .addKeyValue("reason", e.getMessage())
          .log();
      if (e.code() == Refusal.Code.FAILED_PRECONDITION
          || e.code() == Refusal.Code.RESOURCE_EXHAUSTED) {
        fail(e); // not due, too soon: said plainly; a request with a bad CSR is only logged, as
        // before
      }
    }
  }

  @Override
  public void onError(Throwable t) {
    ctx.execute(this::cleanup);
  }

  @Override
  public void onCompleted() {
    ctx.execute(
        () -> {
          cleanup();
          out.onCompleted();
        });
  }

  // ---- outbound (AgentLink; any thread)

  @Override
  public void assign(RunRecord run) {
    send(
        ControllerMessage.newBuilder()
            .setAssignRun(
                AssignRun.newBuilder()
                    .setRunId(run.runId())
                    .setPlan(PlanWire.of(run.plan()))
                    .setDispatchedAt(
                        com.google.protobuf.Timestamp.newBuilder()
                            .setSeconds(run.dispatchedAt().getEpochSecond()))
                    .setDispatchedBy(run.dispatchedBy() == null ? "" : run.dispatchedBy()))
            .build());
  }

  @Override
  public void cancel(String runId, String reason) {
    send(
        ControllerMessage.newBuilder()
            .setCancelRun(CancelRun.newBuilder().setRunId(runId).setReason(reason))
            .build());
  }

  @Override
  public void close(String why) {
    ctx.execute(
        () -> {
          if (!closed) {
            closed = true;
            out.onError(Statuses.exception(new Refusal(Refusal.Code.ABORTED, why)));
          }
        });
  }

  @Override
  public void revoke(String why) {
    ctx.execute(
        () -> {
          if (!closed) {
            closed = true;
            out.onError(Statuses.exception(Refusal.permissionDenied(why)));
          }
          cleanup();
        });
  }

  private static ControllerMessage ack(String runId, long seq) {
    return ControllerMessage.newBuilder()
        .setEventAck(EventAck.newBuilder().setRunId(runId).setSequence(seq))
        .build();
  }

  private void send(ControllerMessage m) {
    ctx.execute(
        () -> {
          if (closed) {
            return;
          }
          if (welcomed) {
            queue.add(m);
          } else {
            held.add(m);
          }
          drain();
        });
  }

  private void drain() {
    while (!closed && welcomed && out.isReady() && !queue.isEmpty()) {
      try {
        out.onNext(queue.poll());
      } catch (StatusRuntimeException | IllegalStateException e) {
        closed = true;
        return;
      }
    }
  }

  private void fail(Refusal refusal) {
    // Statuses cuts the description: one echoing a hostile value must not outgrow the peer's header
    // limit, or the agent sees a bare HTTP/2 reset instead of the reason.
    Status status = Statuses.of(refusal);
    ctx.execute(
        () -> {
          if (!closed) {
            closed = true;
            out.onError(status.asRuntimeException());
          }
          cleanup();
        });
  }

  /** Safe to run more than once and in any order with the other hooks. */
  private void cleanup() {
    closed = true;
    queue.clear();
    held.clear();
    String id = agentId;
    if (id != null) {
      fleet.disconnected(id, this);
    }
  }
}
