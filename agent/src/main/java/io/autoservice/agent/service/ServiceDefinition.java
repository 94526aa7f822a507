package io.autoservice.agent.service;

import java.time.Duration;
import java.util.List;

/**
 * The service as installed: its name, what the Services console shows, the command line the SCM
 * starts ({@code ImagePath}), the account ({@code LocalSystem}: the maintenance tools need it), an
 * automatic start, and restart-on-failure actions.
 */
public record ServiceDefinition(
    String name,
    String displayName,
    String description,
    String commandLine,
    String account,
    boolean automaticStart,
    FailureActions failureActions) {

  public static final String LOCAL_SYSTEM = "LocalSystem";

  /**
   * Restart after each of these delays for successive failures; the count starts again after {@code
   * resetPeriod} without one.
   */
  public record FailureActions(List<Duration> restartDelays, Duration resetPeriod) {
    public FailureActions {
      restartDelays = List.copyOf(restartDelays);
    }

    /** Three restarts, 5 s, 30 s then 2 min after a failure; the count resets after a day. */
    public static FailureActions standard() {
      return new FailureActions(
          List.of(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2)),
          Duration.ofDays(1));
    }
  }
}
