package io.autoservice.agent.cli;

import io.autoservice.agent.fleet.ControllerEndpoints;
import io.autoservice.common.net.ControllerAddresses;

/** The agent's {@code --controller}: one {@code HOST:PORT} or several, comma-separated. */
final class ControllerOption {
  private ControllerOption() {}

  /**
   * @throws IllegalArgumentException naming {@code --controller} and the entry at fault
   */
  static ControllerEndpoints endpoints(String value) {
    return new ControllerEndpoints(
        ControllerAddresses.parse("--controller", value), ControllerEndpoints.Resolver.SYSTEM);
  }
}
