package io.autoservice.common.logging;

import org.slf4j.LoggerFactory;

/** A process that logs one warning the way the controller and the agent start up. */
public final class LogbackStartProbe {
  private LogbackStartProbe() {}

  public static void main(String[] args) {
    LoggerFactory.getLogger("io.autoservice.probe.Start").warn("probe started");
  }
}
