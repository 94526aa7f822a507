package io.autoservice.common.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.OnErrorConsoleStatusListener;
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
    // and console JSON: its errors go to stderr instead, the rest nowhere.
    OnErrorConsoleStatusListener errors = new OnErrorConsoleStatusListener();
    errors.setContext(context);
    errors.start();
    context.getStatusManager().add(errors);
    LogSetup.apply(
        context, LogSettings.stderr(System.getProperty("autoservice.log", "info")), Map.of());
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
