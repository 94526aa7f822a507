package io.autoservice.controller.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.common.json.Json;
import io.autoservice.controller.server.ControllerServer;
import io.autoservice.controller.server.ControllerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped dashboard asks only for series a started controller exposes: it cannot drift. */
class GrafanaDashboardTest {
  private static final Path DASHBOARD =
      Path.of(System.getProperty("fixtures.dir", "../fixtures"))
          .resolveSibling("deploy")
          .resolve("grafana")
          .resolve("autoservice-controller.json");

  private static final Pattern METRIC = Pattern.compile("\\b(?:autoservice|jvm|process)_[a-z_]+");

  @TempDir Path dir;

  @Test
  void shouldNameOnlyMetricsTheControllerExposes() throws Exception {
    Set<String> asked = namesInExpressions(Json.mapper().readTree(Files.readString(DASHBOARD)));
    Set<String> exposed;
    try (ControllerServer server =
        ControllerServer.start(
            ControllerSettings.defaults()
                .withManagementListen("127.0.0.1:0", null)
                .with("127.0.0.1:0", dir),
            Clock.systemUTC(),
            true)) {
      String address = server.managementAddress().orElseThrow().toString();
      // jvm_gc_pause_* appears only after the first collection, which a fresh CI JVM with a
      // roomy heap may not have had yet; a running controller collects within seconds.
      System.gc();
      exposed = Scrape.of(address, null).names();
      for (int i = 0; i < 50 && !exposed.containsAll(asked); i++) {
        Thread.sleep(100);
        exposed = Scrape.of(address, null).names();
      }
    }

    assertThat(asked).as("metrics the dashboard asks for").hasSizeGreaterThan(15);
    assertThat(exposed).as("series on /metrics").containsAll(asked);
  }

  private static Set<String> namesInExpressions(JsonNode node) {
    Set<String> names = new TreeSet<>();
    collect(node, names);
    return names;
  }

  private static void collect(JsonNode node, Set<String> names) {
    node.fields()
        .forEachRemaining(
            e -> {
              if (e.getKey().equals("expr") && e.getValue().isTextual()) {
                Matcher m = METRIC.matcher(e.getValue().asText());
                while (m.find()) {
                  names.add(m.group());
                }
              } else {
                collect(e.getValue(), names);
              }
            });
    if (node.isArray()) {
      node.forEach(child -> collect(child, names));
    }
  }
}
