package io.autoservice.controller.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * JVM flags for the short-lived console processes: C1 only and a class-data archive made by the
 * first console run, which together about halve a verb's start on a 2-core machine. Speed only: the
 * jar and its arguments are what a technician runs. Without an archive (it could not be made) the
 * verbs just start slower.
 */
final class ConsoleJvm {
  /** {@code -Xlog:disable}: a class-data warning must never reach a verb's stdout. */
  private static final List<String> BASE =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xlog:disable");

  private static Path archive;
  private static boolean tried;

  private ConsoleJvm() {}

  /** The flags; the first call makes the archive in {@code dir} by running {@code trainingArgs}. */
  static synchronized List<String> flags(Path dir, List<String> trainingArgs) throws Exception {
    if (archive == null && !tried) {
      tried = true;
      Path jsa = dir.resolve("console-" + ProcessHandle.current().pid() + ".jsa");
      List<String> cmd =
          FleetProcesses.command(
              with("-XX:ArchiveClassesAtExit=" + jsa), FleetProcesses.CONTROLLER_JAR, trainingArgs);
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectInput(ProcessBuilder.Redirect.from(FleetProcesses.nullFile()))
              .start();
      if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.isRegularFile(jsa)) {
        jsa.toFile().deleteOnExit(); // 25 MB, and only good for this build of the jar
        archive = jsa;
      } else {
        p.destroyForcibly();
      }
    }
    return archive == null ? BASE : with("-XX:SharedArchiveFile=" + archive);
  }

  private static List<String> with(String flag) {
    List<String> all = new ArrayList<>(BASE);
    all.add(flag);
    return all;
  }
}
