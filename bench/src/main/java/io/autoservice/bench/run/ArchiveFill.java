package io.autoservice.bench.run;

import io.autoservice.bench.report.Results;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Fills the controller's store with finished runs before it starts, by running the controller jar's
 * own {@code io.autoservice.controller.store.SyntheticRuns}: the rows are the controller's, written
 * by its store code, so the bench needs no knowledge of the schema. A million runs through the wire
 * would take hours at the fleet's runs/s; this takes about a minute.
 */
final class ArchiveFill {
  private static final String MAIN = "io.autoservice.controller.store.SyntheticRuns";

  private ArchiveFill() {}

  static void run(BenchOptions o, Results results) throws IOException, InterruptedException {
    Path data = o.workDir().toAbsolutePath().resolve("controller-data");
    Files.createDirectories(data);
    Path log = o.workDir().resolve("archive-fill.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    System.err.printf(
        Locale.ROOT,
        "bench: filling the store with %,d finished runs (log %s)%n",
        o.archiveRuns(),
        log);
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx512m",
                    "-cp",
                    o.controllerJar().toAbsolutePath().toString(),
                    MAIN,
                    data.toString(),
                    Long.toString(o.archiveRuns()),
                    Integer.toString(Math.max(1, o.agents())),
                    "sim-%06d"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(Math.max(o.phaseTimeoutSeconds(), 3600), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("filling the store did not finish in time; see " + log);
    }
    if (p.exitValue() != 0) {
      throw new IOException("filling the store failed (exit " + p.exitValue() + "); see " + log);
    }
    double s = (System.nanoTime() - t0) / 1e9;
    results.add(
        "console runs", "finished runs written to the store first", o.archiveRuns(), "runs");
    results.add("console runs", "store fill time", Math.round(s * 10) / 10.0, "s");
  }
}
