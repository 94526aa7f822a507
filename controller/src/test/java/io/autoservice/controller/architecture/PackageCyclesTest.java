package io.autoservice.controller.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The controller's packages depend on each other in one direction only, as the JDK's {@code jdeps}
 * reads the compiled classes: a cycle (say {@code fleet} and {@code live} using each other) fails
 * the build, and the bottom package {@code model} depends on no other package of the controller.
 */
class PackageCyclesTest {
  private static final String ROOT = "io.autoservice.controller.";

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
            "io\\.autoservice\\.controller\\..*",
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

  @Test
  void shouldHaveNoCycleBetweenPackages() {
    Map<String, Set<String>> graph = packageGraph();
    assertThat(graph).as("the dependency graph was read").containsKeys("server", "runs", "store");
    List<String> cycles = new ArrayList<>();
    for (String start : graph.keySet()) {
      // Any path from a package back to itself is a cycle.
      Deque<List<String>> paths = new ArrayDeque<>();
      paths.add(List.of(start));
      Set<String> seen = new HashSet<>();
      while (!paths.isEmpty()) {
        List<String> path = paths.poll();
        for (String next : graph.getOrDefault(path.get(path.size() - 1), Set.of())) {
          if (next.equals(start)) {
            List<String> cycle = new ArrayList<>(path);
            cycle.add(start);
            cycles.add(String.join(" -> ", cycle));
          } else if (seen.add(next)) {
            List<String> longer = new ArrayList<>(path);
            longer.add(next);
            paths.add(longer);
          }
        }
      }
    }
    assertThat(cycles).as("package cycles").isEmpty();
  }

  @Test
  void shouldKeepTheModelAtTheBottomAndTheStoreAboveIt() {
    Map<String, Set<String>> graph = packageGraph();
    assertThat(graph.getOrDefault("model", Set.of())).as("model depends on").isEmpty();
    assertThat(graph.getOrDefault("store", Set.of())).as("store depends on").containsOnly("model");
  }
}
