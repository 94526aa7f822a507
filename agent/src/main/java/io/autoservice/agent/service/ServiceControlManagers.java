package io.autoservice.agent.service;

import com.sun.jna.Platform;
import java.util.Optional;

/** The service control manager of this machine: Windows only. */
public final class ServiceControlManagers {
  /** What {@code agent service} says anywhere else. */
  public static final String WINDOWS_ONLY =
      "'agent service' is for Windows only (it talks to the Windows service manager). On Linux"
          + " the agent runs under systemd: deploy/linux/install-agent.sh installs it with the"
          + " unit deploy/systemd/autoservice-agent.service.";

  private ServiceControlManagers() {}

  /**
   * The Windows service control manager, or empty on any other OS. The JNA class is only touched on
   * Windows, so elsewhere no native library is ever looked for.
   */
  public static Optional<ServiceControlManager> forThisOs() {
    return Platform.isWindows()
        ? Optional.of(new WindowsServiceControlManager())
        : Optional.empty();
  }
}
