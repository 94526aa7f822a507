package io.autoservice.agent.fleet;

import static java.util.Objects.requireNonNull;

import io.autoservice.agent.fleet.tls.CertificateRenewer;
import io.autoservice.common.plan.Plan;
import io.autoservice.common.text.SafeText;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.proto.v1.AgentGatewayGrpc;
import io.autoservice.proto.v1.AssignRun;
import io.autoservice.proto.v1.CancelRun;
import io.autoservice.proto.v1.CommandAck;
import io.autoservice.proto.v1.ControllerMessage;
import io.autoservice.proto.v1.Welcome;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's side of {@code AgentGateway.Connect} (proto/PROTOCOL.md): owns the stream, not the
 * channel. Shaped like grpc-java's {@code LoadReportClient}.
 *
 * <p><b>Threading.</b> Every stream event (gRPC callbacks, timers, the run thread's "events
 * appended" nudge) runs on one single-thread executor, the stream context, so state needs no lock
 * and the stream has one writer. The run thread never writes: it appends to the {@link RunJournal}
 * and nudges.
 *
 * <p><b>Session.</b> Open the stream, send Hello (with the journal's open runs). On Welcome:
 * restart each run's send cursor at what the controller holds (so everything after it is resent),
 * start heartbeats. Then: AssignRun and CancelRun are answered with CommandAck through {@link
 * FleetRunner}; EventAck drops acknowledged events from the journal; events are written while the
 * transport is ready.
 *
 * <p><b>Reconnect</b> forever, as {@link ReconnectDelays} says; UNAUTHENTICATED, PERMISSION_DENIED
 * and UNIMPLEMENTED stop the client instead, and {@link #terminated()} completes with that status.
 * With several controller addresses ({@link ControllerConnector#rotating}) each reconnect goes to
 * the next address, and the client stays on an address as long as its stream lasts.
 */
public final class FleetClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FleetClient.class);

  /** Heartbeat interval when Welcome does not say. */
  static final long DEFAULT_HEARTBEAT_SECONDS = 15;

  private final ControllerConnector connector;
  private final AgentProfile profile;
  private final FleetRunner runs;
  private final RunJournal journal;
  private final AgentFigures figures;
  private final ScheduledExecutorService timer;
  private final Clock clock;
  private final AgentListener listener;
  private final StreamContext context = new StreamContext();
  private final ReconnectDelays delays;
  private final Outbox outbox;
  private final ControllerStream.Handler handler = new StreamHandler();
  private final AtomicBoolean drainQueued = new AtomicBoolean();
  private final CompletableFuture<Status> terminated = new CompletableFuture<>();
  private final DeliveryWatch delivery = new DeliveryWatch();
  private final LocalRunUploads uploads;

  // Confined to the stream context.
  private CertificateRenewer renewer;
  private ControllerStream stream;
  private ControllerConnector.Attempt attempt;
  private ScheduledFuture<?> reconnect;
  private boolean stopped;

  /**
   * @param channel to the controller (the caller owns and shuts it down)
   * @param profile what Hello says about this agent
   * @param runs executes assigned plans
   * @param journal holds events until the controller acks them
   * @param backoffPolicies reconnect delays; a fresh policy after each session that stayed healthy
   * @param timer schedules reconnects and heartbeats (a fake one in tests)
   * @param clock for heartbeat timestamps
   * @param listener observes connections and runs
   */
  public FleetClient(
      Channel channel,
      AgentProfile profile,
      FleetRunner runs,
      RunJournal journal,
      BackoffPolicy.Provider backoffPolicies,
      ScheduledExecutorService timer,
      Clock clock,
      AgentListener listener) {
    this(channel, profile, runs, journal, backoffPolicies, timer, clock, listener, null);
  }

  /**
   * As above, and uploads the reports {@code agent run --sync} queued in {@code localRuns} after
   * each Welcome ({@link LocalRunUploads}); null uploads nothing.
   */
  public FleetClient(
      Channel channel,
      AgentProfile profile,
      FleetRunner runs,
      RunJournal journal,
      BackoffPolicy.Provider backoffPolicies,
      ScheduledExecutorService timer,
      Clock clock,
      AgentListener listener,
      LocalRunOutbox localRuns) {
    this(channel, profile, runs, journal, backoffPolicies, timer, clock, listener, localRuns, null);
  }

  /** As above, with the reconnect delays given (tests: on the fake timer's clock). */
  FleetClient(
      Channel channel,
      AgentProfile profile,
      FleetRunner runs,
      RunJournal journal,
      BackoffPolicy.Provider backoffPolicies,
      ScheduledExecutorService timer,
      Clock clock,
      AgentListener listener,
      LocalRunOutbox localRuns,
      ReconnectDelays delays) {
    this(
        ControllerConnector.fixed(channel),
        profile,
        runs,
        journal,
        backoffPolicies,
        timer,
        clock,
        listener,
        localRuns,
        delays);
  }

  /**
   * An agent given its controller addresses through {@code connector} (which owns the channels and
   * the caller closes after the client), uploading {@code localRuns} as above.
   */
  public FleetClient(
      ControllerConnector connector,
      AgentProfile profile,
      FleetRunner runs,
      RunJournal journal,
      BackoffPolicy.Provider backoffPolicies,
      ScheduledExecutorService timer,
      Clock clock,
      AgentListener listener,
      LocalRunOutbox localRuns) {
    this(
        connector,
        profile,
        runs,
        journal,
        backoffPolicies,
        timer,
        clock,
        listener,
        localRuns,
        null);
  }

  /** As above, with the reconnect delays given (tests: on the fake timer's clock). */
  FleetClient(
      ControllerConnector connector,
      AgentProfile profile,
      FleetRunner runs,
      RunJournal journal,
      BackoffPolicy.Provider backoffPolicies,
      ScheduledExecutorService timer,
      Clock clock,
      AgentListener listener,
      LocalRunOutbox localRuns,
      ReconnectDelays delays) {
    this.uploads = new LocalRunUploads(localRuns);
    this.connector = requireNonNull(connector, "connector");
    this.profile = requireNonNull(profile, "profile");
    this.runs = requireNonNull(runs, "runs");
    this.journal = requireNonNull(journal, "journal");
    this.delays =
        delays != null
            ? delays
            : new ReconnectDelays(
                requireNonNull(backoffPolicies, "backoffPolicies"),
                System::nanoTime,
                new java.util.SplittableRandom());
    this.timer = requireNonNull(timer, "timer");
    this.clock = requireNonNull(clock, "clock");
    this.listener = requireNonNull(listener, "listener");
    this.outbox = new Outbox(journal);
    this.figures = new AgentFigures(profile.taskTypes());
  }

  /**
   * Renews the agent's certificate over the stream when it is due (checked at every Welcome and
   * heartbeat). Set before {@link #start}; without it (plaintext) nothing is renewed.
   */
  public void renewCertificates(CertificateRenewer renewer) {
    context.execute(() -> this.renewer = renewer);
  }

  /** Opens the first stream. */
  public void start() {
    context.execute(this::connect);
  }

  /**
   * Continues a run that {@link RunRecovery} found interrupted and resumable: it runs after (or
   * before) any run the controller assigns, and its events are journaled and sent like theirs.
   */
  public void resume(RunRecovery.Resumable run) {
    runs.resume(run, this::append);
  }

  /**
   * Completes when the client stops: with OK after {@link #shutdown} or {@link #close}, with the
   * controller's status when it refused this agent for good.
   */
  public CompletableFuture<Status> terminated() {
    return terminated.copy();
  }

  /**
   * Stops gracefully: cancels the queued and running runs, waits up to {@code grace} for their
   * reports to be delivered and acknowledged, then half-closes the stream. Blocks.
   *
   * @return true if everything was delivered in time
   */
  public boolean shutdown(Duration grace) throws InterruptedException {
    long deadline = System.nanoTime() + grace.toNanos();
    runs.cancelAll("agent stopping");
    boolean delivered = delivery.await(() -> runs.isIdle() && journal.isEmpty(), deadline);
    stopAndWait(false);
    return delivered;
  }

  /** Stops at once: cancels the stream and the timers; runs are left to their owner. */
  @Override
  public void close() {
    stopAndWait(true);
  }

  private void stopAndWait(boolean abrupt) {
    context.execute(() -> stop(abrupt));
    context.shutdown();
    try {
      context.awaitTermination(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    terminated.complete(Status.OK);
  }

  // ---- stream context

  private void connect() {
    reconnect = null;
    if (stopped || stream != null) {
      return;
    }
    var next = connector.open();
    if (next.isEmpty()) {
      retryLater(
          Status.UNAVAILABLE.withDescription("no controller address resolves"),
          new Metadata(),
          false,
          connector.ended(null),
          "Cannot connect to the controller");
      return;
    }
    attempt = next.get();
    ControllerStream s = new ControllerStream(context, handler);
    stream = s;
    AgentGatewayGrpc.newStub(attempt.channel()).connect(s);
    s.queue(FleetMessages.hello(profile, journal.openRuns()));
    s.drain(outbox);
  }

  private void stop(boolean abrupt) {
    stopped = true;
    if (reconnect != null) {
      reconnect.cancel(false);
    }
    ControllerStream s = stream;
    stream = null;
    if (s != null) {
      if (abrupt) {
        s.cancel("agent stopping");
      } else {
        s.halfClose();
      }
      log.info("Disconnected from the controller: agent stopping");
      listener.disconnected(Status.OK.withDescription("agent stopping"));
    }
    terminated.complete(Status.OK);
  }

  private void onWelcome(ControllerStream s, Welcome welcome) {
    if (s.isWelcomed()) {
      log.warn("The controller sent a second Welcome on one stream; ignored");
      return;
    }
    if (!welcome.getAgentId().isEmpty() && !welcome.getAgentId().equals(profile.agentId())) {
      log.warn(
          "The controller registered this agent as {} but its id is {}",
          SafeText.line(welcome.getAgentId()),
          profile.agentId());
    }
    delays.welcomed();
    connector.welcomed(attempt);
    figures.welcomed();
    Map<String, Long> acked = new HashMap<>();
    welcome.getAckedList().forEach(a -> acked.merge(a.getRunId(), a.getSequence(), Math::max));
    int open = journal.openRuns().size();
    outbox.welcome(acked);
    s.welcomed();
    long interval =
        welcome.getHeartbeatIntervalSeconds() > 0
            ? welcome.getHeartbeatIntervalSeconds()
            : DEFAULT_HEARTBEAT_SECONDS;
    scheduleHeartbeat(s, TimeUnit.SECONDS.toNanos(interval));
    log.atInfo()
        .setMessage(
            "Connected to the controller at {} as agent {} ({} open runs, heartbeat every {} s)")
        .addArgument(attempt.address())
        .addArgument(profile.agentId())
        .addArgument(open)
        .addArgument(interval)
        .addKeyValue("agent_id", profile.agentId())
        .addKeyValue("controller", attempt.address())
        .addKeyValue("open_runs", open)
        .log();
    listener.connected();
    delivery.signal();
    askRenewal(s);
    uploads.welcomed(s);
    s.drain(outbox);
  }

  private void askRenewal(ControllerStream s) {
    if (renewer != null) {
      renewer.due().ifPresent(csr -> s.queue(FleetMessages.renewCertificate(csr)));
    }
  }

  private void onAssign(ControllerStream s, AssignRun assign) {
    FleetRunner.Decision decision;
    try {
      Plan plan = WireMapper.fromProto(assign.getPlan());
      decision = runs.assign(assign.getRunId(), plan, this::append);
    } catch (RuntimeException e) {
      decision = FleetRunner.Decision.refused("plan cannot be read: " + e.getMessage());
    }
    s.queue(FleetMessages.ack(assign.getRunId(), CommandAck.Command.COMMAND_ASSIGN_RUN, decision));
    s.drain(outbox);
  }

  private void onCancel(ControllerStream s, CancelRun cancel) {
    String reason =
        cancel.getReason().isBlank() ? "cancelled by the controller" : cancel.getReason();
    FleetRunner.Decision decision = runs.cancel(cancel.getRunId(), reason);
    s.queue(FleetMessages.ack(cancel.getRunId(), CommandAck.Command.COMMAND_CANCEL_RUN, decision));
    s.drain(outbox);
  }

  private void onClosed(ControllerStream s, Status status, Metadata trailers) {
    stream = null;
    s.ended();
    listener.disconnected(status);
    ControllerConnector.Attempt ended = attempt;
    attempt = null;
    boolean roundFailed = connector.ended(ended);
    if (stopped) {
      return;
    }
    String what =
        (s.isWelcomed()
                ? "Disconnected from the controller at "
                : "Cannot connect to the controller at ")
            + ended.address();
    retryLater(status, trailers, s.isWelcomed(), roundFailed, what);
  }

  private void retryLater(
      Status status, Metadata trailers, boolean welcomed, boolean roundFailed, String what) {
    long delay = delays.afterClose(status, trailers, welcomed, roundFailed);
    if (delay == ReconnectDelays.NEVER) {
      log.error(
          "The controller refused this agent ({}); stopping. Check the agent's identity, its"
              + " enrolment or its version, then start it again.",
          describe(status));
      stopped = true;
      terminated.complete(status);
      return;
    }
    log.atWarn()
        .setMessage("{} ({}); reconnecting in {} ms")
        .addArgument(what)
        .addArgument(describe(status))
        .addArgument(TimeUnit.NANOSECONDS.toMillis(delay))
        .addKeyValue("retry_ms", TimeUnit.NANOSECONDS.toMillis(delay))
        .log();
    reconnect = timer.schedule(() -> context.execute(this::connect), delay, TimeUnit.NANOSECONDS);
  }

  private void scheduleHeartbeat(ControllerStream s, long intervalNanos) {
    Runnable due = () -> context.execute(() -> heartbeat(s, intervalNanos));
    s.heartbeat(timer.schedule(due, intervalNanos, TimeUnit.NANOSECONDS));
  }

  private void heartbeat(ControllerStream s, long intervalNanos) {
    if (s == stream && !s.isFinished()) {
      s.queue(
          FleetMessages.heartbeat(
              clock.instant(), runs.currentRunId(), figures.toSend(journal.totalBytes())));
      askRenewal(s);
      uploads.poll(s);
      s.drain(outbox);
      scheduleHeartbeat(s, intervalNanos);
    }
  }

  // ---- other threads

  /** The run's event sink (run thread): journal first, then ask the stream context to send. */
  private void append(io.autoservice.common.event.RunEvent event) {
    journal.append(WireMapper.toProto(event));
    if (event.payload() instanceof io.autoservice.common.event.EventPayload.TaskFinished f) {
      figures.taskFinished(f.result());
    }
    if (drainQueued.compareAndSet(false, true)) {
      context.execute(
          () -> {
            drainQueued.set(false);
            if (stream != null) {
              stream.drain(outbox);
            }
          });
    }
  }

  /** The status for a log line; its description is the controller's text. */
  private static String describe(Status status) {
    return status.getDescription() == null
        ? status.getCode().toString()
        : status.getCode() + ": " + SafeText.line(status.getDescription());
  }

  /** Routes stream callbacks, ignoring those of a stream that was already replaced. */
  private final class StreamHandler implements ControllerStream.Handler {
    @Override
    public void onMessage(ControllerStream s, ControllerMessage message) {
      if (s != stream) {
        return;
      }
      switch (message.getKindCase()) {
        case WELCOME -> onWelcome(s, message.getWelcome());
        case ASSIGN_RUN -> onAssign(s, message.getAssignRun());
        case CANCEL_RUN -> onCancel(s, message.getCancelRun());
        case EVENT_ACK -> {
          outbox.ack(message.getEventAck().getRunId(), message.getEventAck().getSequence());
          delivery.signal();
        }
        case CERTIFICATE_ISSUED -> {
          if (renewer != null) {
            renewer.issued(message.getCertificateIssued().getCertificatePem());
          }
        }
        case LOCAL_RUN_ACK -> {
          uploads.acked(s, message.getLocalRunAck());
          s.drain(outbox);
        }
        case KIND_NOT_SET ->
            log.warn(
                "The controller sent an empty message (expected: welcome, assign_run, cancel_run,"
                    + " event_ack or local_run_ack); ignored");
      }
    }

    @Override
    public void onReady(ControllerStream s) {
      if (s == stream) {
        s.drain(outbox); // wake-ups can be spurious: drain re-checks isReady()
      }
    }

    @Override
    public void onClosed(ControllerStream s, Status status, Metadata trailers) {
      if (s == stream) {
        FleetClient.this.onClosed(s, status, trailers);
      }
    }
  }
}
