package io.autoservice.agent.tasks.adwcleaner;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.autoservice.agent.process.ToolCharset;
import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tasks.TaskDescriptor;
import io.autoservice.agent.tasks.TaskHandler;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.tasks.ToolCall;
import io.autoservice.agent.tasks.ToolNotRun;
import io.autoservice.agent.tasks.ToolRun;
import io.autoservice.agent.tasks.support.Durations;
import io.autoservice.agent.tools.Tool;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.ParamSpec;
import io.autoservice.common.plan.ParamType;
import io.autoservice.common.plan.TaskParams;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code adwcleaner_clean}: removes adware and potentially unwanted programs with Malwarebytes
 * AdwCleaner and reports what its log says was removed.
 *
 * <p>AdwCleaner reports only through its log files, so the result is read from the newest log
 * written during this run (the original took any newest file of one folder, so an old log could
 * pass for this run's). A relative {@code working_path} is resolved against the default folder,
 * never the agent's working folder: the original UI's {@code ..\data\logs} only worked when started
 * from the right folder.
 *
 * <p>Specification: docs/tasks.md#adwcleaner_clean.
 */
public final class AdwCleanerCleanHandler implements TaskHandler {
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
  static final int MAX_LOG_BYTES = 4 << 20;

  private static final ParamSchema PARAMS =
      ParamSchema.of(
          ParamSpec.optional(
              "executable_path", ParamType.STRING, "adwcleaner.exe (or its folder) to use."),
          ParamSpec.optional(
              "working_path",
              ParamType.STRING,
              "AdwCleaner's data folder for its logs (default: <temp>/autoservice/adwcleaner)."),
          ParamSpec.optional(
                  "clean_preinstalled", ParamType.BOOLEAN, "Also remove preinstalled software.")
              .withDefault(BooleanNode.FALSE));

  private final Path defaultWorkingPath;

  public AdwCleanerCleanHandler() {
    this(Path.of(System.getProperty("java.io.tmpdir"), "autoservice", "adwcleaner"));
  }

  /**
   * @param defaultWorkingPath the working folder when the plan gives none (made absolute)
   */
  AdwCleanerCleanHandler(Path defaultWorkingPath) {
    this.defaultWorkingPath = defaultWorkingPath.toAbsolutePath().normalize();
  }

  @Override
  public TaskDescriptor descriptor() {
    return TaskDescriptor.of(
            "adwcleaner_clean",
            "Removes adware and potentially unwanted programs with Malwarebytes AdwCleaner.",
            PARAMS,
            DEFAULT_TIMEOUT)
        .runs(Tool.ADWCLEANER)
        .onlyOnWindows();
  }

  @Override
  public TaskOutcome run(TaskContext ctx) {
    long started = System.currentTimeMillis();
    TaskParams params = ctx.params();
    ToolCall call = ctx.tool(Tool.ADWCLEANER);
    try {
      call.locate();
    } catch (ToolNotRun e) {
      return AdwCleanerOutcome.failure(e.reason(), null);
    }
    Path wp;
    try {
      wp = workingPath(params.string("working_path"));
      Files.createDirectories(wp);
    } catch (IllegalArgumentException e) {
      return AdwCleanerOutcome.failure(e.getMessage(), null);
    } catch (IOException e) {
      return AdwCleanerOutcome.failure("could not create working_path: " + e.getMessage(), null);
    }
    ToolRun run;
    try {
      run =
          call.args("/eula", "/clean", "/noreboot", "/path", wp.toString())
              .args(params.flag("clean_preinstalled") ? List.of("/preinstalled") : List.of())
              .charset(ToolCharset.oem())
              .run();
    } catch (ToolNotRun e) {
      return e.withCommand(AdwCleanerOutcome.failure(e.reason(), wp));
    }
    Optional<Path> log = Optional.empty();
    String text = null;
    if (run.exitCode() == 0 && !run.timedOut()) {
      try {
        log = AdwCleanerLogs.newest(wp, started);
        if (log.isPresent()) {
          text = AdwCleanerLogParser.decode(read(log.get()));
        }
      } catch (IOException e) {
        ctx.log("could not read AdwCleaner's log: " + e.getMessage());
      }
    }
    String timedOut =
        run.timedOut() ? "AdwCleaner did not finish within " + Durations.text(run.timeout()) : null;
    TaskOutcome outcome =
        run.withCommand(
            AdwCleanerOutcome.build(run.result(), wp, log.orElse(null), text, timedOut));
    return log.isPresent()
        ? outcome.withExtra("log_file", TextNode.valueOf(log.get().toString()))
        : outcome;
  }

  /**
   * The absolute working folder: the default one, or {@code given} resolved against it.
   *
   * @throws IllegalArgumentException if {@code given} holds quotes or control characters or is not
   *     a path
   */
  Path workingPath(Optional<String> given) {
    Optional<String> g = given.map(String::strip).filter(s -> !s.isEmpty());
    if (g.isEmpty()) {
      return defaultWorkingPath;
    }
    String v = g.get();
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '"' || Character.isISOControl(c)) {
        throw new IllegalArgumentException("working_path holds a quote or control character");
      }
    }
    try {
      return defaultWorkingPath.resolve(Path.of(v)).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("working_path is not a valid path: " + e.getMessage());
    }
  }

  private static byte[] read(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      return in.readNBytes(MAX_LOG_BYTES);
    }
  }
}
