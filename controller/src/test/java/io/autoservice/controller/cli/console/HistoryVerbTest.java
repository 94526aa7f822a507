package io.autoservice.controller.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code console history} against a real controller: which PC a name means, and what it refuses.
 * (The figures themselves and their trend: HistoryIT.)
 */
class HistoryVerbTest {
  @TempDir Path dir;
  ConsoleHarness h;

  @BeforeEach
  void start() throws Exception {
    h = new ConsoleHarness(dir);
    h.agent("agent-a", "PC-ALPHA", Map.of());
    h.agent("agent-b", "FRONT-DESK", Map.of());
    h.agent("agent-c", "FRONT-DESK", Map.of());
  }

  @AfterEach
  void stop() throws Exception {
    h.close();
  }

  @Test
  void shouldFindAPcByIdOrByAHostnameOnlyOneAgentHas() {
    ConsoleHarness.Result byHost = h.console("history", "pc-alpha");
    ConsoleHarness.Result byId = h.console("history", "agent-a", "--json");

    assertThat(byHost.code()).isZero();
    assertThat(byHost.err()).contains("history of PC-ALPHA (agent-a)").contains("no history yet");
    assertThat(byHost.outLines()).hasSize(1).first().asString().startsWith("METRIC");
    assertThat(byId.code()).isZero();
    assertThat(byId.out()).contains("\"agent_id\": \"agent-a\"").contains("\"series\": [ ]");
  }

  @Test
  void shouldRefuseAnUnknownPcASharedHostnameAndABadMetricNamingWhy() {
    ConsoleHarness.Result unknown = h.console("history", "nowhere");
    ConsoleHarness.Result shared = h.console("history", "front-desk");
    ConsoleHarness.Result badMetric = h.console("history", "agent-a", "--metric", "Smart Health!");

    assertThat(unknown.code()).isNotZero();
    assertThat(unknown.err()).contains("agent nowhere not found (by id or hostname)");
    assertThat(shared.code()).isNotZero();
    assertThat(shared.err()).contains("is shared by 2 agents (agent-b, agent-c)");
    assertThat(badMetric.code()).isNotZero();
    assertThat(badMetric.err()).contains("metrics: expected dot-case names");
  }
}
