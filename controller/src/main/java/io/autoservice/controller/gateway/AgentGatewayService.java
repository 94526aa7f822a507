package io.autoservice.controller.gateway;

import io.autoservice.common.tls.Pem;
import io.autoservice.controller.errors.Statuses;
import io.autoservice.controller.fleet.FleetRegistry;
import io.autoservice.controller.limits.WireLimits;
import io.autoservice.controller.metrics.RefusalCounter;
import io.autoservice.controller.model.Refusal;
import io.autoservice.controller.runs.Dispatcher;
import io.autoservice.controller.runs.EventIngest;
import io.autoservice.controller.runs.LocalRunIntake;
import io.autoservice.controller.store.StoreException;
import io.autoservice.controller.tls.AgentEnrollment;
import io.autoservice.controller.tls.AgentIdentity;
import io.autoservice.controller.tls.AgentIdentityInterceptor;
import io.autoservice.proto.v1.AgentGatewayGrpc;
import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.ControllerMessage;
import io.autoservice.proto.v1.EnrollRequest;
import io.autoservice.proto.v1.EnrollResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents' door: one {@link AgentSession} per {@code Connect} stream, and enrolment. With {@code
 * enrollment} null (a controller started with {@code --insecure}) there is no enrolment and streams
 * carry no certificate identity.
 */
public final class AgentGatewayService extends AgentGatewayGrpc.AgentGatewayImplBase {
  private static final Logger log = LoggerFactory.getLogger(AgentGatewayService.class);

  /** Bytes of agent events the controller holds uncommitted, fleet-wide, before it slows agents. */
  static final long INGEST_BUDGET_BYTES = 32L * 1024 * 1024;

  private final FleetRegistry fleet;
  private final Dispatcher dispatcher;
  private final EventIngest ingest;
  private final LocalRunIntake localRuns;
  private final ScheduledExecutorService retries;
  private final int heartbeatSeconds;
  private final AgentEnrollment enrollment;
  private final int messagesPerSecond;
  private final IngestBudget budget;
  private final RefusalCounter refusals;

  /**
   * @param messagesPerSecond the most messages one agent stream may send per second
   *     (flow-controlled)
   */
  public AgentGatewayService(
      FleetRegistry fleet,
      Dispatcher dispatcher,
      EventIngest ingest,
      LocalRunIntake localRuns,
      ScheduledExecutorService retries,
      int heartbeatSeconds,
      int messagesPerSecond,
      AgentEnrollment enrollment,
      RefusalCounter refusals) {
    this.refusals = refusals;
    this.fleet = fleet;
    this.dispatcher = dispatcher;
    this.ingest = ingest;
    this.localRuns = localRuns;
    this.retries = retries;
    this.heartbeatSeconds = heartbeatSeconds;
    this.enrollment = enrollment;
    this.messagesPerSecond = messagesPerSecond;
    this.budget = new IngestBudget(INGEST_BUDGET_BYTES);
  }

  @Override
  public StreamObserver<AgentMessage> connect(StreamObserver<ControllerMessage> responseObserver) {
    return new AgentSession(
        (ServerCallStreamObserver<ControllerMessage>) responseObserver,
        fleet,
        dispatcher,
        ingest,
        localRuns,
        heartbeatSeconds,
        AgentIdentity.current(),
        enrollment,
        new EventRateLimiter(messagesPerSecond, retries, System::nanoTime),
        budget,
        refusals);
  }

  @Override
  public void enroll(EnrollRequest req, StreamObserver<EnrollResponse> out) {
    EnrollResponse answer;
    try {
      answer = enrolled(req);
    } catch (Refusal e) {
      out.onError(Statuses.exception(e));
      return;
    } catch (StoreException e) {
      // e.g. a token row whose labels cannot be read: the agent may try again, never UNKNOWN
      log.warn("enrolment failed on the store: {}", e.getMessage());
      out.onError(
          Statuses.exception(
              Refusal.unavailable(
                  "the controller cannot enrol agents right now; try again later")));
      return;
    } catch (RuntimeException e) {
      log.error("enrolment failed", e);
      out.onError(
          Statuses.exception(
              new Refusal(Refusal.Code.INTERNAL, "the controller could not enrol this agent")));
      return;
    }
    out.onNext(answer);
    out.onCompleted();
  }

  private EnrollResponse enrolled(EnrollRequest req) {
    if (enrollment == null) {
      throw Refusal.failedPrecondition(
          "this controller runs with --insecure: there is no enrolment without TLS");
    }
    // The hostname only reaches the audit log, but it is an agent's string like any other.
    WireLimits.identity("hostname", req.getHostname(), WireLimits.HOSTNAME, true);
    AgentEnrollment.Enrolled e =
        enrollment.enroll(
            req.getToken(),
            req.getCsrPem(),
            req.getHostname(),
            AgentIdentityInterceptor.remoteAddress());
    return EnrollResponse.newBuilder()
        .setAgentId(e.agentId())
        .setCertificatePem(Pem.of(e.certificate()))
        .setCaCertificatePem(Pem.of(enrollment.caCertificate()))
        .putAllLabels(e.labels())
        .build();
  }
}
