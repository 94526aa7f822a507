package io.autoservice.bench.report;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A command line as the results record it. Paths under the folder the bench ran in (the project
 * root) are written relative to it: committed results must not name one machine's checkout.
 */
public final class RecordedCommand {
  private RecordedCommand() {}

  public static String of(List<String> command, Path workingDir) {
    String prefix = workingDir.toAbsolutePath().normalize() + "/";
    return command.stream()
        .map(arg -> arg.startsWith(prefix) ? arg.substring(prefix.length()) : arg)
        .collect(Collectors.joining(" "));
  }
}
