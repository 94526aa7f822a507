package io.autoservice.agent.tasks.win11;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.process.ToolCharset;
import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tasks.TaskDescriptor;
import io.autoservice.agent.tasks.TaskHandler;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.tasks.ToolCall;
import io.autoservice.agent.tasks.ToolNotRun;
import io.autoservice.agent.tasks.ToolRun;
import io.autoservice.agent.tasks.support.Tails;
import io.autoservice.agent.tasks.support.TempFolders;
import io.autoservice.agent.tools.Tool;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.ParamSchema;
import io.autoservice.common.plan.ParamSpec;
import io.autoservice.common.plan.ParamType;
import io.autoservice.common.plan.TaskParams;
import io.autoservice.common.result.TaskStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code whynotwin11_check}: asks WhyNotWin11 whether the PC meets Windows 11's hardware
 * requirements.
 *
 * <p>WhyNotWin11 appends to an existing CSV, so the CSV path must not exist before the run: the
 * original created it empty first, so no header was written and its fallback locations were never
 * searched. Its exit code is not a verdict (1 = not ready).
 *
 * <p>Specification: docs/tasks.md#whynotwin11_check.
 */
public final class WhyNotWin11Handler implements TaskHandler {
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
  static final int EXCERPT_CHARS = 1000;
  static final int MAX_CSV_BYTES = 1 << 20;
  static final String TEMP_CSV_NAME = "whynotwin11-result.csv";

  private static final ParamSchema PARAMS =
      ParamSchema.of(
          ParamSpec.optional(
              "executable_path", ParamType.STRING, "WhyNotWin11Portable.exe (or its folder)."),
          ParamSpec.optional(
              "working_dir", ParamType.STRING, "Folder to run WhyNotWin11 in (default: its own)."),
          ParamSpec.optional(
              "output_csv",
              ParamType.STRING,
              "Keep the CSV at this path (default: a temporary file)."));

  @Override
  public TaskDescriptor descriptor() {
    return TaskDescriptor.of(
            "whynotwin11_check",
            "Checks with WhyNotWin11 whether the PC meets the Windows 11 hardware requirements.",
            PARAMS,
            DEFAULT_TIMEOUT)
        .runs(Tool.WHYNOTWIN11)
        .onlyOnWindows();
  }

  @Override
  public TaskOutcome run(TaskContext ctx) throws IOException {
    TaskParams params = ctx.params();
    ToolCall whyNotWin11 = ctx.tool(Tool.WHYNOTWIN11);
    Path exe;
    try {
      exe = whyNotWin11.locate();
    } catch (ToolNotRun e) {
      return error(e.reason(), null);
    }
    Path wd;
    Path userCsv = null;
    try {
      wd =
          params
              .string("working_dir")
              .filter(s -> !s.isBlank())
              .map(s -> safePath("working_dir", s))
              .map(p -> p.toAbsolutePath().normalize())
              .orElse(exe.getParent());
      if (!Files.isDirectory(wd)) {
        return error("working_dir " + wd + " is not a folder", null);
      }
      Optional<String> csvParam = params.string("output_csv").filter(s -> !s.isBlank());
      if (csvParam.isPresent()) {
        userCsv = wd.resolve(safePath("output_csv", csvParam.get())).toAbsolutePath().normalize();
        if (Files.isDirectory(userCsv)) {
          return error("output_csv " + userCsv + " is a folder; give a file name", null);
        }
      }
    } catch (IllegalArgumentException e) {
      return error(e.getMessage(), null);
    }

    Path tempDir = userCsv == null ? Files.createTempDirectory("autoservice-wnw11-") : null;
    Path csv = userCsv != null ? userCsv : tempDir.resolve(TEMP_CSV_NAME);
    long sizeBefore = Files.isRegularFile(csv) ? Files.size(csv) : -1;
    try {
      long started = System.currentTimeMillis();
      ToolRun run;
      try {
        run =
            whyNotWin11
                .args("/export", "CSV", csv.toString(), "/silent")
                .timeout(DEFAULT_TIMEOUT)
                .charset(ToolCharset.oem())
                .workingDir(wd)
                .run();
      } catch (ToolNotRun e) {
        return e.withCommand(error(e.reason(), null));
      }
      Optional<Path> found = findCsv(csv, sizeBefore, wd, started);
      byte[] bytes = found.isPresent() ? read(found.get()) : null;
      return run.withCommand(
          WhyNotWin11Outcome.build(
              bytes,
              found.orElse(csv),
              run.commandJson(),
              run.exitCode(),
              Tails.lastChars(run.stderr(), EXCERPT_CHARS)));
    } finally {
      if (tempDir != null) {
        TempFolders.delete(tempDir, ctx::log);
      }
    }
  }

  /**
   * The CSV this run wrote: {@code expected} if it exists and (if it existed before) grew, else the
   * first fallback written since {@code startedMillis}.
   */
  static Optional<Path> findCsv(Path expected, long sizeBefore, Path wd, long startedMillis)
      throws IOException {
    if (Files.isRegularFile(expected)) {
      if (sizeBefore < 0 || Files.size(expected) > sizeBefore) {
        return Optional.of(expected);
      }
      return Optional.empty();
    }
    for (Path p :
        List.of(
            wd.resolve("App").resolve("WhyNotWin11").resolve("result.csv"),
            wd.resolve("result.csv"))) {
      // File times may be rounded to 2 s (FAT) — allow that much.
      if (Files.isRegularFile(p)
          && Files.getLastModifiedTime(p).toMillis() >= startedMillis - 2000) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** A path parameter, refused if it holds quotes or control characters or is not a path. */
  static Path safePath(String name, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || Character.isISOControl(c)) {
        throw new IllegalArgumentException(name + " holds a quote or control character");
      }
    }
    try {
      return Path.of(value.strip());
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(name + " is not a valid path: " + e.getMessage());
    }
  }

  private static byte[] read(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      return in.readNBytes(MAX_CSV_BYTES);
    }
  }

  private static TaskOutcome error(String reason, ObjectNode results) {
    ObjectNode r = results == null ? Json.object() : results;
    r.put("ready", false);
    r.put("error", reason);
    return TaskOutcome.reason(TaskStatus.ERROR, reason, r);
  }
}
