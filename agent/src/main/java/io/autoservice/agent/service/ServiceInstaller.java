package io.autoservice.agent.service;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code agent service install|uninstall|start|stop}: the service's registration with the SCM. Each
 * step names what it did; anything that cannot be done is an {@link InstallException} whose message
 * says why and what to do.
 */
public final class ServiceInstaller {
  /** Sleeps between two polls of the service's state (tests do not really sleep). */
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    Sleeper REAL = d -> Thread.sleep(d.toMillis());
  }

  /** A step that cannot be done, with a message for the technician. */
  public static final class InstallException extends Exception {
    public InstallException(String message) {
      super(message);
    }
  }

  private static final Duration POLL = Duration.ofMillis(500);

  private final ServiceControlManager scm;
  private final Sleeper sleeper;
  private final Duration timeout;
  private final Consumer<String> out;

  /**
   * @param timeout how long start, stop and uninstall wait for the service to get there
   * @param out where each step is said
   */
  public ServiceInstaller(
      ServiceControlManager scm, Sleeper sleeper, Duration timeout, Consumer<String> out) {
    this.scm = scm;
    this.sleeper = sleeper;
    this.timeout = timeout;
    this.out = out;
  }

  public void install(ServiceDefinition service) throws InstallException, InterruptedException {
    String name = service.name();
    Optional<ServiceState> existing = call(() -> scm.query(name));
    if (existing.isPresent()) {
      throw new InstallException(
          "Service "
              + name
              + " is already installed ("
              + existing.get()
              + "); run 'agent service uninstall' first to install it again");
    }
    call(
        () -> {
          scm.create(service);
          return null;
        });
    call(
        () -> {
          scm.setDescription(name, service.description());
          scm.setFailureActions(name, service.failureActions());
          return null;
        });
    out.accept(
        "Installed service "
            + name
            + " ("
            + service.account()
            + ", "
            + (service.automaticStart() ? "automatic start" : "manual start")
            + ", restarts on failure): "
            + service.commandLine());
  }

  public void uninstall(String name) throws InstallException, InterruptedException {
    ServiceState state = installedState(name);
    if (state != ServiceState.STOPPED) {
      stopAndWait(name, state);
    }
    call(
        () -> {
          scm.delete(name);
          return null;
        });
    out.accept("Removed service " + name);
  }

  public void start(String name) throws InstallException, InterruptedException {
    ServiceState state = installedState(name);
    if (state == ServiceState.RUNNING) {
      out.accept("Service " + name + " is already running");
      return;
    }
    call(
        () -> {
          scm.start(name);
          return null;
        });
    ServiceState reached = await(name, ServiceState.RUNNING);
    if (reached != ServiceState.RUNNING) {
      throw new InstallException(
          "Service "
              + name
              + " did not start ("
              + reached
              + " after "
              + timeout.toSeconds()
              + " s); see the service log in its data folder and the System event log");
    }
    out.accept("Service " + name + " is running");
  }

  public void stop(String name) throws InstallException, InterruptedException {
    ServiceState state = installedState(name);
    if (state == ServiceState.STOPPED) {
      out.accept("Service " + name + " is already stopped");
      return;
    }
    stopAndWait(name, state);
  }

  private void stopAndWait(String name, ServiceState state)
      throws InstallException, InterruptedException {
    if (state != ServiceState.STOP_PENDING) {
      out.accept("Stopping service " + name + " (the running task is cancelled and reported)");
      call(
          () -> {
            scm.stop(name);
            return null;
          });
    }
    ServiceState reached = await(name, ServiceState.STOPPED);
    if (reached != ServiceState.STOPPED) {
      throw new InstallException(
          "Service "
              + name
              + " did not stop within "
              + timeout.toSeconds()
              + " s ("
              + reached
              + ")");
    }
    out.accept("Service " + name + " stopped");
  }

  private ServiceState installedState(String name) throws InstallException {
    return call(() -> scm.query(name))
        .orElseThrow(() -> new InstallException("Service " + name + " is not installed"));
  }

  /** Polls until the service is in {@code wanted} or the timeout; returns the last state seen. */
  private ServiceState await(String name, ServiceState wanted)
      throws InstallException, InterruptedException {
    long polls = Math.max(1, timeout.toMillis() / POLL.toMillis());
    ServiceState seen = null;
    for (long i = 0; i <= polls; i++) {
      Optional<ServiceState> now = call(() -> scm.query(name));
      seen = now.orElse(ServiceState.STOPPED);
      // A service that fell back to STOPPED after its start will not get to RUNNING.
      boolean startFailed = wanted == ServiceState.RUNNING && seen == ServiceState.STOPPED && i > 0;
      if (seen == wanted || startFailed) {
        return seen;
      }
      sleeper.sleep(POLL);
    }
    return seen;
  }

  private interface ScmCall<T> {
    T call() throws ScmException;
  }

  private static <T> T call(ScmCall<T> c) throws InstallException {
    try {
      return c.call();
    } catch (ScmException e) {
      throw new InstallException(e.explain());
    }
  }
}
