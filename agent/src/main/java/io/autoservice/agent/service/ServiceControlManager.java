package io.autoservice.agent.service;

import java.util.Optional;

/**
 * What the agent needs from the Windows service control manager. The real one is {@link
 * WindowsServiceControlManager} (Advapi32 through JNA, Windows only); tests use a fake.
 */
public interface ServiceControlManager {

  /** The service's current state, or empty when no service has this name. */
  Optional<ServiceState> query(String name) throws ScmException;

  /** Creates the service (own process, with its account, start type and command line). */
  void create(ServiceDefinition service) throws ScmException;

  /** The text the Services console shows under the service. */
  void setDescription(String name, String description) throws ScmException;

  /** Restart actions, applied also when the service stops with a non-zero exit code. */
  void setFailureActions(String name, ServiceDefinition.FailureActions actions) throws ScmException;

  /** Marks the service for deletion (gone once stopped and every handle on it is closed). */
  void delete(String name) throws ScmException;

  void start(String name) throws ScmException;

  /** Sends SERVICE_CONTROL_STOP; returns at once. */
  void stop(String name) throws ScmException;

  /**
   * Connects this process to the SCM as the service's own process and runs {@code handler}: its
   * {@link ServiceHandler#run} on the SCM's thread, controls as they come. Blocks until the handler
   * reported STOPPED and returned.
   */
  void runDispatcher(String name, ServiceHandler handler) throws ScmException;

  /** The service side of the SCM: what the dispatcher calls. */
  interface ServiceHandler {
    /** The service's main: reports statuses through {@code status}; returns once STOPPED. */
    void run(StatusReporter status);

    /** A control from the SCM (on another thread); must return quickly. */
    void onControl(Control control);
  }

  /** {@code SetServiceStatus}. */
  interface StatusReporter {
    void report(ServiceStatus status);
  }

  /** The controls the agent acts on; anything else is {@link #OTHER}. */
  enum Control {
    STOP,
    SHUTDOWN,
    INTERROGATE,
    OTHER
  }
}
