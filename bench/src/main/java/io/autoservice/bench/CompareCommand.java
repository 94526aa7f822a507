package io.autoservice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoservice.bench.report.Comparison;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code compare}: bench results side by side, each against the first. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the headline figures of several result files (from run --out) side by side, each",
      "later one with its change against the first, e.g. one replica against two."
    })
final class CompareCommand implements Callable<Integer> {
  @Parameters(
      arity = "2..*",
      paramLabel = "RESULT.json",
      description = "Result files, baseline first.")
  List<Path> files;

  @Override
  public Integer call() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> names = new ArrayList<>();
    List<JsonNode> results = new ArrayList<>();
    for (Path f : files) {
      names.add(f.getFileName().toString().replaceFirst("\\.json$", ""));
      results.add(json.readTree(f.toFile()));
    }
    Comparison.table(names, results).forEach(System.out::println);
    return 0;
  }
}
