package io.autoservice.controller.metrics;

import io.autoservice.controller.store.StoreWriter;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller is as healthy as its store: a controller that cannot commit cannot acknowledge an
 * event or store a dispatch, so it says NOT_SERVING (gRPC health, for the whole server and each
 * service) and {@code /readyz} answers 503 until commits go through again. Two witnesses: the
 * writer's own commits (a failure at once, a success clears it) and a periodic cheap probe (the
 * write lock can be taken, the migrations succeeded), which also catches a store gone bad while
 * nothing is written.
 */
public final class StoreHealth implements StoreWriter.Observer {
  private static final Logger log = LoggerFactory.getLogger(StoreHealth.class);

  private final HealthStatusManager health;
  private final List<String> services;
  private final ControllerMeters meters;
  private final Supplier<Optional<String>> probe;
  private volatile String commitProblem;
  private volatile String probeProblem;
  private boolean started; // guarded by this
  private ServingStatus shown; // guarded by this

  /**
   * @param services the gRPC services whose status follows the store's (besides the server's, "")
   * @param probe empty when the store can commit, else why not
   */
  public StoreHealth(
      HealthStatusManager health,
      List<String> services,
      ControllerMeters meters,
      Supplier<Optional<String>> probe) {
    this.health = health;
    this.services = List.copyOf(services);
    this.meters = meters;
    this.probe = probe;
  }

  /** The controller serves now: statuses are set from here on. */
  public synchronized void start() {
    started = true;
    shown = null;
    update();
  }

  @Override
  public void committed(int changes, long nanos) {
    meters.storeCommitted(changes, nanos);
    if (commitProblem != null) {
      commitProblem = null;
      probeProblem = null; // a commit went through: the store can commit, whatever the last probe
      update();
    }
  }

  @Override
  public void failed(String why) {
    commitProblem = "a commit failed: " + why;
    update();
  }

  /** Runs the probe (on a timer). */
  public void probe() {
    probeProblem = probe.get().orElse(null);
    update();
  }

  /** Why the store is not ready; empty when it is. */
  public Optional<String> problem() {
    String c = commitProblem;
    return Optional.ofNullable(c != null ? c : probeProblem);
  }

  private synchronized void update() {
    if (!started) {
      return;
    }
    Optional<String> problem = problem();
    ServingStatus status = problem.isEmpty() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    if (status == shown) {
      return;
    }
    ServingStatus before = shown;
    shown = status;
    if (problem.isPresent()) {
      log.error("NOT_SERVING: {}", problem.get());
    } else if (before == ServingStatus.NOT_SERVING) {
      log.info("SERVING again: the store commits");
    }
    health.setStatus("", status);
    services.forEach(s -> health.setStatus(s, status));
  }
}
