package io.autoservice.agent.service;

import java.time.Duration;

/**
 * What the service tells the service control manager ({@code SERVICE_STATUS}): its state, whether
 * it accepts stop and shutdown, its exit codes once stopped, and for a pending state the checkpoint
 * and the time until the next one (the SCM gives up on a service whose checkpoint stops moving).
 */
public record ServiceStatus(
    ServiceState state,
    boolean acceptsStop,
    int win32ExitCode,
    int serviceExitCode,
    int checkPoint,
    Duration waitHint) {

  static ServiceStatus pending(ServiceState state, int checkPoint, Duration waitHint) {
    return new ServiceStatus(state, false, 0, 0, checkPoint, waitHint);
  }

  static ServiceStatus running() {
    return new ServiceStatus(ServiceState.RUNNING, true, 0, 0, 0, Duration.ZERO);
  }

  /**
   * Stopped with the agent's exit code: 0 is a clean stop; anything else is reported as a
   * service-specific error, which the SCM logs and which triggers the failure actions.
   */
  static ServiceStatus stopped(int agentExitCode) {
    return agentExitCode == 0
        ? new ServiceStatus(ServiceState.STOPPED, false, 0, 0, 0, Duration.ZERO)
        : new ServiceStatus(
            ServiceState.STOPPED,
            false,
            ScmException.ERROR_SERVICE_SPECIFIC_ERROR,
            agentExitCode,
            0,
            Duration.ZERO);
  }
}
