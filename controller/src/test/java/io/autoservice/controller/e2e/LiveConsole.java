package io.autoservice.controller.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** A console verb left running, its stdout read line by line as it comes, each line timed. */
final class LiveConsole {
  /** A line the process printed, with when the test read it. */
  record TimedLine(Instant at, String line) {}

  private final Process process;
  private final Path err;
  private final List<TimedLine> lines = new ArrayList<>();
  private final Thread reader;

  LiveConsole(Process process, Path err) {
    this.process = process;
    this.err = err;
    this.reader = new Thread(this::read, "e2e-console-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        Instant at = Instant.now();
        synchronized (lines) {
          lines.add(new TimedLine(at, line));
        }
      }
    } catch (IOException e) {
      // The process died: what was read is what there is.
    }
  }

  /** Waits for exit (and for its stdout to be read to the end); returns the exit code. */
  int await(Duration max) throws Exception {
    if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(
          "console did not exit within "
              + max
              + "; stdout so far:\n"
              + text()
              + "\nstderr:\n"
              + stderr());
    }
    reader.join(10_000);
    return process.exitValue();
  }

  List<TimedLine> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  String text() {
    return lines().stream().map(TimedLine::line).collect(Collectors.joining("\n"));
  }

  String stderr() {
    return FleetProcesses.read(err);
  }
}
