package io.autoservice.agent.tasks.bleachbit;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.ParamSpec;
import io.autoservice.common.plan.ParamType;
import io.autoservice.common.plan.TaskParams;
import io.autoservice.common.result.TaskStatus;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code bleachbit_clean}: deletes junk files with BleachBit's command line, or previews what it
 * would delete.
 *
 * <p>{@code bleachbit.exe} is the GUI and exits 120 on console flags, so it is replaced by the
 * {@code bleachbit_console.exe} beside it. BleachBit is a Python program: piped, it writes UTF-8,
 * or the ANSI code page on Windows, so each line is decoded as UTF-8 where valid, else as ANSI. The
 * original said {@code success} whenever the exit code was 0; here the summary BleachBit printed
 * decides.
 *
 * <p>Specification: docs/tasks.md#bleachbit_clean.
 */
public final class BleachBitCleanHandler implements TaskHandler {
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
  static final int MAX_OPTIONS = 500;
  static final int EXCERPT_CHARS = 1000;

  /** What {@code bleachbit.exe} (the GUI) returns when given console flags. */
  static final int GUI_EXIT_CODE = 120;

  static final Pattern OPTION = Pattern.compile("^[a-z0-9_]+\\.[a-z0-9_]+$");

  private static final ParamSchema PARAMS =
      ParamSchema.of(
          ParamSpec.required(
              "options",
              ParamType.STRING_LIST,
              "Cleaner options to run, e.g. [\"system.tmp\", \"firefox.cache\"]."),
          ParamSpec.optional(
                  "preview", ParamType.BOOLEAN, "Only list what would be deleted (--preview).")
              .withDefault(BooleanNode.FALSE),
          ParamSpec.optional(
              "executable_path",
              ParamType.STRING,
              "bleachbit_console.exe (or its folder) to use."));

  @Override
  public TaskDescriptor descriptor() {
    return TaskDescriptor.of(
            "bleachbit_clean",
            "Deletes junk files (temporary files, caches, logs) with BleachBit, or previews what it would delete.",
            PARAMS,
            DEFAULT_TIMEOUT)
        .runs(Tool.BLEACHBIT);
  }

  @Override
  public TaskOutcome run(TaskContext ctx) {
    TaskParams params = ctx.params();
    boolean preview = params.flag("preview");
    List<String> options = params.strings("options");
    Optional<String> problem = checkOptions(options);
    if (problem.isPresent()) {
      return failure(problem.get(), preview);
    }
    Charset fallback = ctx.tools().isWindows() ? ansiCodePage() : Charset.forName("windows-1252");
    ToolCall call = ctx.tool(Tool.BLEACHBIT);
    ToolRun run;
    try {
      Path exe = console(call.locate(), ctx);
      run =
          call.at(exe)
              .args(preview ? "--preview" : "--clean")
              .args(options)
              .workingDir(exe.getParent())
              .charset(ToolCharset.auto(fallback))
              .onStdout(
                  line -> {
                    if (!line.isBlank()) {
                      ctx.progress(-1, line.strip());
                    }
                  })
              .run();
    } catch (ToolNotRun e) {
      return e.withCommand(failure(e.reason(), preview));
    }
    String timedOut =
        run.timedOut() ? "BleachBit did not finish within " + Durations.text(run.timeout()) : null;
    return run.withCommand(
        BleachBitOutcome.build(
            run.stdoutLines(), run.stderrLines(), run.exitCode(), preview, timedOut));
  }

  /** Why {@code options} cannot be run, if they cannot. */
  static Optional<String> checkOptions(List<String> options) {
    if (options.isEmpty()) {
      return Optional.of(
          "No cleaner options given: list the BleachBit cleaners to run in \"options\","
              + " e.g. [\"system.tmp\", \"firefox.cache\"].");
    }
    if (options.size() > MAX_OPTIONS) {
      return Optional.of(
          "Too many cleaner options: " + options.size() + " (at most " + MAX_OPTIONS + ").");
    }
    for (String o : options) {
      if (o == null || !OPTION.matcher(o).matches()) {
        return Optional.of(
            "\""
                + o
                + "\" is not a BleachBit cleaner option: expected cleaner.option in lower"
                + " case, e.g. system.tmp");
      }
    }
    return Optional.empty();
  }

  /**
   * The console program for {@code exe}: the {@code bleachbit_console.exe} beside a GUI {@code
   * bleachbit.exe}.
   */
  static Path console(Path exe, TaskContext ctx) {
    if (exe.getFileName() != null
        && exe.getFileName().toString().equalsIgnoreCase("bleachbit.exe")) {
      Path sibling = exe.resolveSibling("bleachbit_console.exe");
      if (Files.isRegularFile(sibling)) {
        ctx.log("Detected GUI executable; switching to console executable: " + sibling);
        return sibling;
      }
    }
    return exe;
  }

  /** The ANSI code page a Windows Python writes to a pipe, if Java can decode it line by line. */
  private static Charset ansiCodePage() {
    Charset cp1252 = Charset.forName("windows-1252");
    try {
      Charset cs = Charset.forName(System.getProperty("native.encoding", "windows-1252"));
      ToolCharset.auto(cs); // throws if it is not ASCII-compatible
      return cs;
    } catch (IllegalArgumentException e) {
      return cp1252;
    }
  }

  /** Before BleachBit ran: bad options or no program. */
  static TaskOutcome failure(String reason, boolean preview) {
    ObjectNode results = Json.object();
    for (String k :
        List.of("space_recovered_bytes", "files_deleted", "special_operations", "errors")) {
      results.putNull(k);
    }
    results.put("preview", preview);
    results.put("error", reason);
    return TaskOutcome.reason(TaskStatus.ERROR, reason, results);
  }
}
