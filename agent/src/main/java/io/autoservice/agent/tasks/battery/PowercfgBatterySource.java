package io.autoservice.agent.tasks.battery;

import io.autoservice.agent.process.ProcessResult;
import io.autoservice.agent.process.ProcessSpec;
import io.autoservice.agent.process.ToolCharset;
import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tasks.support.Durations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Windows: runs {@code powercfg /batteryreport /xml /output <temp file>} (an argument list, stdin
 * closed, at most {@value #TIMEOUT_SECONDS} s), reads the report (UTF-8, BOM dropped) with {@link
 * PowercfgReportParser} and deletes it. Runs only on Windows, where {@code powercfg.exe} lives in
 * {@code %SystemRoot%\System32}.
 */
public final class PowercfgBatterySource implements BatterySource {
  static final int TIMEOUT_SECONDS = 60;

  private final Path powercfg;

  public PowercfgBatterySource(Path powercfg) {
    this.powercfg = powercfg;
  }

  @Override
  public String describe() {
    return PowercfgReportParser.SOURCE;
  }

  /** The argument list for one report written to {@code output}. */
  static List<String> command(Path powercfg, Path output) {
    return List.of(powercfg.toString(), "/batteryreport", "/xml", "/output", output.toString());
  }

  @Override
  public List<BatteryReading> batteries(TaskContext ctx) throws IOException {
    if (!Files.isRegularFile(powercfg)) {
      throw new IOException("powercfg not found at " + powercfg);
    }
    Path dir = Files.createTempDirectory("autoservice-battery-");
    Path report = dir.resolve("battery-report.xml");
    try {
      ProcessSpec spec =
          ProcessSpec.of(command(powercfg, report), Duration.ofSeconds(TIMEOUT_SECONDS))
              .withCharset(ToolCharset.oem());
      ProcessResult r = ctx.exec(spec);
      if (r.timedOut() || r.cancelled()) {
        throw new IOException(
            "powercfg /batteryreport did not finish"
                + (r.cancelled()
                    ? " (cancelled)"
                    : " within " + Durations.text(Duration.ofSeconds(TIMEOUT_SECONDS))));
      }
      if (r.exitCode() != 0 || !Files.isRegularFile(report)) {
        String out = r.combined().strip();
        throw new IOException(
            "powercfg /batteryreport failed (exit code "
                + r.exitCode()
                + ")"
                + (out.isEmpty() ? "" : ": " + out));
      }
      String text = new String(Files.readAllBytes(report), StandardCharsets.UTF_8);
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      PowercfgReportParser.Report parsed = PowercfgReportParser.parse(text);
      if (parsed.kind() == PowercfgReportParser.Kind.UNKNOWN
          || (parsed.batteries().isEmpty() && !parsed.noBatteries())) {
        throw new IOException(
            "powercfg's battery report could not be read (" + parsed.kind() + ")");
      }
      return parsed.batteries();
    } finally {
      Files.deleteIfExists(report);
      Files.deleteIfExists(dir);
    }
  }
}
