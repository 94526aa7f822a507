package io.autoservice.common.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import io.autoservice.common.text.SafeText;
import java.util.Map;

/**
 * Logback's configuration until a process applies its settings (and in tests): text on stderr at
 * INFO, or {@code -Dautoservice.log}'s level. Found through {@code META-INF/services}, so no {@code
 * logback.xml} is needed and Logback's DEBUG-to-stdout fallback never runs.
 */
public final class DefaultLogConfigurator extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext context) {
    // With no status listener Logback prints its warnings on stdout, which carries agent reports
    // and console JSON; its own OnErrorConsoleStatusListener replays the start-up INFO on stderr,
    // which carries the classic protocol. Its errors go to stderr, one line each, the rest nowhere.
    StatusListener errors =
        status -> {
          if (status.getLevel() == Status.ERROR) {
            System.err.println(
                SafeText.line(
                    "logback: "
                        + status.getMessage()
                        + (status.getThrowable() == null ? "" : ": " + status.getThrowable())));
          }
        };
    context.getStatusManager().add(errors);
    LogSetup.apply(
        context, LogSettings.stderr(System.getProperty("autoservice.log", "info")), Map.of());
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
