package io.autoservice.controller.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.common.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DispatchVerbTest {
  static final String PLAN =
      "{\"tasks\":[{\"type\":\"hello_service\"},{\"type\":\"disk_space_report\"}]}";

  @TempDir Path dir;
  ConsoleHarness h;

  @BeforeEach
  void start() throws Exception {
    h = new ConsoleHarness(dir.resolve("data"));
    h.agent("agent-a", "PC-ALPHA", Map.of("site", "front-desk"));
    h.agent("agent-b", "PC-BRAVO", Map.of("site", "back-office"));
  }

  @AfterEach
  void stop() throws Exception {
    h.close();
  }

  @Test
  void shouldDispatchToOneAgentById() throws Exception {
    Path plan = Files.writeString(dir.resolve("plan.json"), PLAN);

    ConsoleHarness.Result r = h.console("dispatch", plan.toString(), "--agent", "agent-a");

    assertThat(r.code()).isZero();
    assertThat(r.outLines()).hasSize(2);
    assertThat(r.outLines().get(0)).matches("RUN ID +AGENT +HOSTNAME +STATE");
    assertThat(r.outLines().get(1))
        .matches("[0-9a-f-]{36}  agent-a  PC-ALPHA  (queued|assigned|running)");
  }

  @Test
  void shouldDispatchToAgentsCarryingALabel() throws Exception {
    ConsoleHarness.Result r = h.console("dispatch", PLAN, "--label", "site=back-office", "--json");

    assertThat(r.code()).isZero();
    JsonNode runs = Json.parse(r.out());
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).get("agent_id").asText()).isEqualTo("agent-b");
    assertThat(runs.get(0).get("total_tasks").asInt()).isEqualTo(2);
  }

  @Test
  void shouldDispatchToAllAgents() {
    ConsoleHarness.Result r = h.console("dispatch", PLAN, "--all", "--deadline", "2h");

    assertThat(r.code()).isZero();
    assertThat(r.outLines()).hasSize(3);
    assertThat(r.out()).contains("agent-a").contains("agent-b");
  }

  @Test
  void shouldRefuseAnUnknownTaskTypeWithoutForce() {
    String plan = "{\"tasks\":[{\"type\":\"sfc_scan\"}]}";

    ConsoleHarness.Result refused = h.console("dispatch", plan, "--agent", "agent-a");
    ConsoleHarness.Result forced = h.console("dispatch", plan, "--agent", "agent-a", "--force");

    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.out()).isEmpty();
    assertThat(refused.err().strip())
        .isEqualTo(
            "error: agent PC-ALPHA (agent-a) cannot run sfc_scan (dispatch with force to send it"
                + " anyway)");
    assertThat(forced.code()).isZero();
  }

  @Test
  void shouldNameEveryPlaceOfAnInvalidPlan() {
    ConsoleHarness.Result r =
        h.console(
            "dispatch",
            "{\"tasks\":[{\"id\":1},{\"type\":\"x\",\"params\":3}]}",
            "--agent",
            "agent-a");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains("error: tasks[0]: \"type\" is missing")
        .contains("error: tasks[1].params: expected an object, got the number 3");
  }

  @Test
  void shouldExplainAPlanThatFitsAsJsonButIsTooLargeOnTheWire() throws Exception {
    // given: 4 MB of JSON, within the plan limit, but 2 million one-digit numbers become about
    // 22 MB of protobuf (each a Value holding a double), past the controller's 8 MiB per message
    String list = "[" + "0,".repeat(999) + "0]";
    StringBuilder json = new StringBuilder("{\"tasks\":[");
    for (int i = 0; i < 1_000; i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"type\":\"hello_service\",\"a\":")
          .append(list)
          .append(",\"b\":")
          .append(list)
          .append('}');
    }
    Path plan = Files.writeString(dir.resolve("wide.json"), json.append("]}"));

    // when
    ConsoleHarness.Result r = h.console("dispatch", plan.toString(), "--agent", "agent-a");

    // then
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip())
        .startsWith(
            "error: the plan is larger on the wire than the controller accepts (gRPC message exceeds maximum size 8388608");
    assertThat(r.err()).contains("split it into smaller plans");
  }

  @Test
  void shouldSayWhenAnAgentOrALabelMatchesNothing() {
    ConsoleHarness.Result unknown = h.console("dispatch", PLAN, "--agent", "nobody");
    ConsoleHarness.Result noLabel = h.console("dispatch", PLAN, "--label", "site=moon");

    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err().strip()).isEqualTo("error: agent nobody not found");
    assertThat(noLabel.code()).isEqualTo(1);
    assertThat(noLabel.err()).startsWith("error: no agent carries the labels");
  }

  @Test
  void shouldFollowTheCreatedRunsToTheirEnd() {
    ConsoleHarness.Result r = h.console("dispatch", PLAN, "--all", "--follow");

    assertThat(r.code()).isZero();
    assertThat(r.out())
        .containsPattern("PC-ALPHA [0-9a-f]{8} \\[1/2\\] TASK_OK hello_service")
        .containsPattern("PC-BRAVO [0-9a-f]{8} \\[2/2\\] TASK_OK disk_space_report")
        .containsPattern("PC-ALPHA [0-9a-f]{8} finished: ok \\(2/2 tasks\\)")
        .containsPattern("PC-BRAVO [0-9a-f]{8} finished: ok \\(2/2 tasks\\)");
  }

  @Test
  void shouldRefuseTargetsThatAreMissingOrMixed() {
    ConsoleHarness.Result none = h.console("dispatch", PLAN);
    ConsoleHarness.Result both = h.console("dispatch", PLAN, "--all", "--agent", "agent-a");
    ConsoleHarness.Result badDeadline = h.console("dispatch", PLAN, "--all", "--deadline", "soon");

    assertThat(none.code()).isEqualTo(2);
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("mutually exclusive");
    assertThat(badDeadline.code()).isEqualTo(2);
    assertThat(badDeadline.err())
        .contains("'soon' is not a duration (expected: e.g. 90s, 15m, 2h, 7d)");
  }
}
