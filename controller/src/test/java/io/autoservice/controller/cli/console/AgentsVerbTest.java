package io.autoservice.controller.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.common.json.Json;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentsVerbTest {
  @TempDir Path dir;
  ConsoleHarness h;

  @BeforeEach
  void start() throws Exception {
    h = new ConsoleHarness(dir);
    h.agent("agent-b", "PC-BRAVO", Map.of("site", "back-office"));
    h.agent("agent-a", "PC-ALPHA", Map.of("site", "front-desk", "floor", "1"));
  }

  @AfterEach
  void stop() throws Exception {
    h.close();
  }

  @Test
  void shouldListAgentsAsAnAlignedTableOrderedByHostname() {
    ConsoleHarness.Result r = h.console("agents");

    assertThat(r.code()).as("exit code; stderr: %s", r.err()).isZero();
    assertThat(r.outLines()).hasSize(3);
    assertThat(r.outLines().get(0))
        .isEqualTo(
            "ID       HOSTNAME  STATE   OS                         VERSION     LAST SEEN  CURRENT"
                + " RUN  QUEUED");
    assertThat(r.outLines().get(1))
        .matches(
            "agent-a  PC-ALPHA  online  Windows 11 Pro 10\\.0\\.22631  0\\.1\\.0-test  \\d+s ago +-"
                + "            0");
    assertThat(r.outLines().get(2)).startsWith("agent-b  PC-BRAVO  online");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void shouldPrintTheSameFieldsAsJson() throws Exception {
    ConsoleHarness.Result r = h.console("agents", "--json");

    assertThat(r.code()).as("exit code; stderr: %s", r.err()).isZero();
    JsonNode list = Json.parse(r.out());
    assertThat(list.isArray()).isTrue();
    assertThat(list).hasSize(2);
    JsonNode a = list.get(0);
    assertThat(a.get("agent_id").asText()).isEqualTo("agent-a");
    assertThat(a.get("hostname").asText()).isEqualTo("PC-ALPHA");
    assertThat(a.get("state").asText()).isEqualTo("online");
    assertThat(a.get("os").asText()).isEqualTo("Windows 11 Pro 10.0.22631");
    assertThat(a.get("agent_version").asText()).isEqualTo("0.1.0-test");
    assertThat(a.get("last_seen").asText()).endsWith("Z");
    assertThat(a.get("current_run_id").isNull()).isTrue();
    assertThat(a.get("queued_runs").asInt()).isZero();
    assertThat(a.get("labels").get("site").asText()).isEqualTo("front-desk");
    assertThat(a.get("supported_task_types")).hasSize(2);
  }

  @Test
  void shouldFilterByLabelAndState() {
    ConsoleHarness.Result byLabel = h.console("agents", "--label", "site=front-desk");
    ConsoleHarness.Result twoLabels =
        h.console("agents", "--label", "site=front-desk", "--label", "floor=2");
    ConsoleHarness.Result busy = h.console("agents", "--state", "busy");
    ConsoleHarness.Result online = h.console("agents", "--state", "online", "--state", "offline");

    assertThat(byLabel.outLines()).hasSize(2);
    assertThat(byLabel.outLines().get(1)).startsWith("agent-a");
    assertThat(twoLabels.outLines()).hasSize(1);
    assertThat(twoLabels.err()).contains("no agent matches");
    assertThat(busy.outLines()).hasSize(1);
    assertThat(online.outLines()).hasSize(3);
  }

  @Test
  void shouldAcceptTheControllerOptionAfterTheVerb() {
    ConsoleHarness.Result r =
        ConsoleHarness.raw(
            "console", "agents", "--controller", h.address, "--insecure", "--token", h.techToken);

    assertThat(r.code()).isZero();
    assertThat(r.outLines()).hasSize(3);
  }
}
