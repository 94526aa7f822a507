package io.autoservice.common.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Configures Logback in code from {@link LogSettings}: stderr, and a rotated file if one is set.
 */
public final class LogSetup {
  /** Libraries whose INFO is noise in an operator's log (pools, migrations, HTTP, transport). */
  static final Map<String, Level> QUIET =
      Map.of(
          "com.zaxxer.hikari", Level.WARN,
          "org.flywaydb", Level.WARN,
          "com.linecorp.armeria", Level.WARN,
          "io.netty", Level.WARN,
          "io.grpc.netty", Level.WARN);

  private LogSetup() {}

  /**
   * Replaces the process's log configuration; {@code levels} overrides per logger.
   *
   * @throws IllegalArgumentException naming {@code log_file} when the file cannot be written
   */
  public static void apply(LogSettings settings, Map<String, String> levels) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      apply(context, settings, levels);
    }
  }

  static void apply(LoggerContext context, LogSettings settings, Map<String, String> levels) {
    context.reset();
    var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(settings.level()));
    QUIET.forEach((name, level) -> context.getLogger(name).setLevel(level));
    levels.forEach((name, level) -> context.getLogger(name).setLevel(Level.toLevel(level)));

    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("stderr");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder(context, settings));
    stderr.start();
    root.addAppender(stderr);

    if (settings.file() != null) {
      root.addAppender(file(context, settings));
    }
  }

  private static Appender<ILoggingEvent> file(LoggerContext context, LogSettings settings) {
    RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
    file.setContext(context);
    file.setName("file");
    String path = settings.file().toAbsolutePath().toString();
    file.setFile(path);
    SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
    policy.setContext(context);
    policy.setParent(file);
    policy.setFileNamePattern(path + ".%d{yyyy-MM-dd}.%i.gz");
    policy.setMaxFileSize(FileSize.valueOf(settings.fileMaxMb() + "MB"));
    policy.setTotalSizeCap(FileSize.valueOf(settings.totalMaxMb() + "MB"));
    policy.setMaxHistory(settings.maxHistoryDays());
    policy.start();
    file.setRollingPolicy(policy);
    file.setEncoder(encoder(context, settings));
    file.start();
    if (!file.isStarted()) {
      throw new IllegalArgumentException("log_file: cannot write " + path);
    }
    return file;
  }

  private static LayoutWrappingEncoder<ILoggingEvent> encoder(
      LoggerContext context, LogSettings settings) {
    Layout<ILoggingEvent> layout = settings.json() ? new JsonLineLayout() : new KeyValueLayout();
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.setLayout(layout);
    encoder.start();
    return encoder;
  }
}
