package io.autoservice.console.render;

import io.autoservice.common.json.Json;
import io.autoservice.common.protocol.ClassicProtocolPrinter;
import io.autoservice.common.protocol.MarkerDialect;
import io.autoservice.common.protocol.ReportJson;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.text.SafeJson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes a run's final report once, as {@code agent run} does: pretty JSON in the dialect's shape
 * on stdout, then to the output file if one was asked for, with the same log lines on stderr. Once:
 * a Ctrl-C hook that gives up waiting and the run that finishes meanwhile must not both print.
 */
public final class ReportOutput {
  private final PrintStream stdout;
  private final MarkerDialect dialect;
  private final Path outputFile;
  private final AtomicBoolean written = new AtomicBoolean();

  public ReportOutput(PrintStream stdout, MarkerDialect dialect, Path outputFile) {
    this.stdout = stdout;
    this.dialect = dialect;
    this.outputFile = outputFile;
  }

  /** Prints the report unless one was printed already; returns whether it printed. */
  public boolean write(RunReport report, ClassicProtocolPrinter log) {
    if (!written.compareAndSet(false, true)) {
      return false;
    }
    // The file is read on a terminal too (cat, type): C1 controls escaped as well as C0.
    String text = SafeJson.text(Json.pretty(ReportJson.report(report, dialect)));
    stdout.println(text);
    stdout.flush();
    if (outputFile == null) {
      log.log("No --output-file provided; final report not written to disk.");
      return true;
    }
    try {
      Path out = outputFile.toAbsolutePath();
      Files.createDirectories(out.getParent());
      Files.writeString(out, text + System.lineSeparator(), StandardCharsets.UTF_8);
      log.log("Final report written to '" + out + "'");
    } catch (IOException e) {
      log.log("Failed to write final report to '" + outputFile + "': " + e);
    }
    return true;
  }

  /** How the first log line names the plan's source, as {@code agent run} does. */
  public static String describe(String source) {
    if (source == null) {
      return "(nothing)";
    }
    if (source.equals("-")) {
      return "stdin";
    }
    String s = source.strip();
    return s.startsWith("{") || s.startsWith("[")
        ? "argument ("
            + Math.min(s.length(), 200)
            + " of "
            + s.length()
            + " characters shown): "
            + s.substring(0, Math.min(s.length(), 200))
        : source;
  }
}
