package io.autoservice.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The console's packages are layers, as the JDK's {@code jdeps} reads the compiled classes: view
 * records at the bottom, the client and the rendering on them, following a run above those, and the
 * verbs on top. A use against the arrows (say a view calling the client, or the client printing)
 * fails the build, and with it any cycle.
 */
class ConsoleLayersTest {
  private static final String ROOT = "io.autoservice.console.";

  /** Each package and the console packages it may use. */
  private static final Map<String, Set<String>> ALLOWED =
      Map.of(
          "view", Set.of(),
          "client", Set.of("view"),
          "render", Set.of("view"),
          "run", Set.of("view", "client", "render"),
          "verbs", Set.of("view", "client", "render", "run"));

  @Test
  void shouldUsePackagesOnlyDownTheLayers() {
    Map<String, Set<String>> graph = packageGraph();
    assertThat(graph).as("the dependency graph was read").containsKeys("verbs", "run", "client");

    List<String> wrong = new ArrayList<>();
    graph.forEach(
        (from, tos) -> {
          for (String to : tos) {
            if (!ALLOWED.getOrDefault(from, Set.of()).contains(to)) {
              wrong.add(from + " -> " + to);
            }
          }
        });
    assertThat(wrong).as("uses against the layers").isEmpty();
  }

  private static Map<String, Set<String>> packageGraph() {
    Path classes = Path.of("target", "classes");
    assertThat(classes).as("compiled classes").isDirectory();
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
    StringWriter out = new StringWriter();
    int rc =
        jdeps.run(
            new PrintWriter(out),
            new PrintWriter(new StringWriter()),
            "-verbose:package",
            "-filter:none",
            "-e",
            "io\\.autoservice\\.console\\..*",
            classes.toString());
    assertThat(rc).as("jdeps exit code").isZero();
    Map<String, Set<String>> graph = new TreeMap<>();
    for (String line : out.toString().lines().toList()) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 3 && f[0].startsWith(ROOT) && f[1].equals("->") && f[2].startsWith(ROOT)) {
        String from = f[0].substring(ROOT.length());
        String to = f[2].substring(ROOT.length());
        if (!from.equals(to)) {
          graph.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
        }
      }
    }
    return graph;
  }
}
